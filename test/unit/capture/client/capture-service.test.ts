/** The service the UI will use: interfaces, filter check, throttled updates with rows, polling, save as. Live on lo (root). */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureService, type CaptureEvent } from '../../../../main/capture/client/capture-service';
import { CaptureError } from '../../../../main/capture/protocol/capture-error';
import { analyzeCapture } from '../../../../main/engine/index';
import { makeCertificate } from '../../engine/tls/helpers/node-tls-session';
import { liveEnvironment } from '../support/live';
import { freePortRange, runClient, startServer } from '../support/tls-traffic';

const env = await liveEnvironment();

describe.skipIf(!!env.skipReason)('CaptureService (live on lo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-service-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const service = new CaptureService({ captureDir: dir, launch: { helperPath: env.helperPath } });

  it('lists interfaces with addresses and link types, loopback and "any" included', async () => {
    const list = await service.listInterfaces();
    const lo = list.find((i) => i.name === 'lo')!;
    expect(lo).toMatchObject({ loopback: true, linkType: 1, linkTypeName: 'ether', status: 'ok' });
    expect(lo.addresses).toContainEqual({ address: '127.0.0.1', family: 'ipv4', netmask: '255.0.0.0', broadcast: null });
    expect(list.find((i) => i.any)).toMatchObject({ name: 'any', linkType: 113, status: 'ok' });
  });

  it('checks a filter with libpcap before starting', async () => {
    expect(await service.checkFilter('lo', 'tcp and port 443')).toEqual({ ok: true, linkType: 1 });
    const bad = await service.checkFilter('lo', 'port 99999');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('capture.bad-filter');
      expect(bad.error.params.pcapError).toMatch(/port 99999|illegal|out of range/i);
    }
  });

  it('captures with throttled updates carrying new rows, polling, save as, stop', async () => {
    const cert = makeCertificate('localhost');
    const base = await freePortRange(4);
    const server = await startServer(cert, base);
    const events: Array<CaptureEvent & { at: number }> = [];
    const unsubscribe = service.subscribe((e) => events.push({ ...e, at: Date.now() }));
    const started = await service.start({ interface: 'lo', filter: `tcp portrange ${base}-${base + 3}` });
    expect(started.state).toBe('running');
    expect(started.path.startsWith(dir)).toBe(true);
    expect(started.path).toMatch(/\/lo-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.pcapng$/);
    await expect(service.start({ interface: 'lo' })).rejects.toMatchObject({ code: 'capture.busy' });

    const a = await runClient(cert, server);
    const b = await runClient(cert, server, { maxVersion: 'TLSv1.2' });
    await new Promise((r) => setTimeout(r, 800));

    const updates = events.filter((e) => e.type === 'update');
    expect(updates.length).toBeGreaterThan(1);
    // at most 4 a second
    for (let i = 1; i < updates.length; i++) expect(updates[i].at - updates[i - 1].at).toBeGreaterThanOrEqual(200);
    const rowsSeen = updates.flatMap((u) => (u.type === 'update' ? u.rows : []));
    const clients = new Set(rowsSeen.map((r) => r.client));
    expect(clients).toEqual(new Set([`127.0.0.1:${a.clientPort}`, `127.0.0.1:${b.clientPort}`]));
    const last = rowsSeen.filter((r) => r.client === `127.0.0.1:${b.clientPort}`).pop()!;
    expect(last).toMatchObject({ server: `127.0.0.1:${base}`, tlsVersion: 'TLS 1.2', cipher: b.cipher, status: 'complete' });

    const status = service.status(started.captureId);
    expect(status.stats.frames).toBeGreaterThan(20);
    expect(status.connections).toBe(2);
    expect(status.tlsConnections).toBe(2);
    const polled = service.changes(started.captureId, 0);
    expect(polled.rows.map((r) => r.id)).toEqual([0, 1]);
    expect(service.changes(started.captureId, polled.revision).rows).toEqual([]);

    // save as while capturing: a valid copy up to the last whole block
    const copy = join(dir, 'copy-running.pcapng');
    const saved = await service.saveAs(started.captureId, copy);
    expect(saved.bytes).toBe(statSync(copy).size);
    const fromCopy = (await analyzeCapture(copy)).report;
    expect(fromCopy.complete).toBe(true);
    expect(fromCopy.connections.length).toBe(2);

    const stopped = await service.stop(started.captureId);
    unsubscribe();
    await server.close();
    expect(stopped.state).toBe('stopped');
    expect(stopped.stoppedBy).toBe('requested');
    expect(stopped.error).toBeNull();
    expect(events.at(-1)?.type).toBe('stopped');
    expect(service.report(started.captureId).connections.map((c) => c.tls?.versionName)).toEqual(['TLS 1.3', 'TLS 1.2']);
    expect(service.connectionDetails(started.captureId, 1).client).toBe(`127.0.0.1:${b.clientPort}`);

    const final = join(dir, 'copy-final.pcapng');
    await service.saveAs(started.captureId, final);
    expect(statSync(final).size).toBe(statSync(started.path).size);
    service.close(started.captureId);
    expect(() => service.status(started.captureId)).toThrow(CaptureError);
  });

  it('a duration stops the capture by itself', async () => {
    const started = await service.start({ interface: 'lo', filter: 'tcp port 9', durationSeconds: 0.3 });
    const done = await new Promise<CaptureEvent>((resolve) => {
      const off = service.subscribe((e) => {
        if (e.type === 'stopped' && e.captureId === started.captureId) {
          off();
          resolve(e);
        }
      });
    });
    expect(done.type === 'stopped' && done.status.stoppedBy).toBe('requested');
    await service.dispose();
  });
});
