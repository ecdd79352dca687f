/**
 * Live capture through the API contract: every operation validated (a wrong
 * type is refused before any service or helper runs) over Electron IPC and
 * the browser-mode WebSocket bridge alike; and, as root, a real capture on
 * `lo` driven through the IPC router: start, live status, stop, save as, the
 * recent files.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisWorkerPath } from '../../../main/app/app-paths';
import { createApiHandlers } from '../../../main/app/api-handlers';
import { createIpcRouter } from '../../../main/shells/electron/ipc-router';
import { validators, ValidationError } from '../../../main/app/request-validators';
import { isTrustedRendererUrl } from '../../../main/app/security';
import { createBridge, type BridgeSocket } from '../../../main/shells/serve/ws-bridge';
import { startServe } from '../../../main/shells/serve/serve';
import { createServices, disposeServices } from '../../../main/app/services/index';
import type { AnalysisEvent, ApiResult, LiveCaptureStatus, OpenedCapture, OperationName, SaveCaptureResult, WsServerMessage } from '../../../contract/api';
import { makeCertificate } from '../engine/tls/helpers/node-tls-session';
import { liveEnvironment } from '../capture/support/live';
import { freePortRange, runClient, startServer } from '../capture/support/tls-traffic';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-live-api-'));
const services = createServices({ userDataDir: join(dir, 'user'), samplesDir: join(dir, 'samples'), workerPath: analysisWorkerPath(), captureDir: join(dir, 'captures') });
const trusted = { indexFile: '/opt/tlslens/out/renderer/index.html' };
const savedTo = join(dir, 'saved-copy.pcapng');
const route = createIpcRouter(createApiHandlers(services, { uploads: false, chooseSavePath: async () => savedTo }), (url) => isTrustedRendererUrl(url, trusted));
const ownFrame = { senderFrame: { url: 'file:///opt/tlslens/out/renderer/index.html' } };

afterAll(async () => {
  await disposeServices(services);
  rmSync(dir, { recursive: true, force: true });
});

const good = { interface: 'lo', filter: 'tcp port 443', snapLength: 65535, promiscuous: false };

const WRONG: Array<[OperationName, unknown]> = [
  ['listCaptureInterfaces', { all: true }],
  ['listCaptureInterfaces', 'lo'],
  ['checkCaptureFilter', { interface: 'lo', filter: 42 }],
  ['checkCaptureFilter', { interface: ['lo'], filter: '' }],
  ['checkCaptureFilter', { interface: 'lo' }],
  ['checkCaptureFilter', { interface: 'lo', filter: 'tcp\0' }],
  ['startCapture', { ...good, interface: 7 }],
  ['startCapture', { ...good, interface: '' }],
  ['startCapture', { ...good, interface: 'lo\n' }],
  ['startCapture', { ...good, filter: null }],
  ['startCapture', { ...good, snapLength: '65535' }],
  ['startCapture', { ...good, snapLength: 0 }],
  ['startCapture', { ...good, snapLength: 262145 }],
  ['startCapture', { ...good, snapLength: 1.5 }],
  ['startCapture', { ...good, promiscuous: 'yes' }],
  ['startCapture', { ...good, promiscuous: 1 }],
  ['startCapture', { ...good, outputPath: '/etc/passwd' }],
  ['startCapture', { interface: 'lo', filter: '' }],
  ['startCapture', 'lo'],
  ['stopCapture', { analysisId: 5 }],
  ['stopCapture', { analysisId: '../a1' }],
  ['stopCapture', undefined],
  ['saveCaptureAs', { analysisId: 'a1', path: '/tmp/x.pcapng' }],
  ['saveCaptureAs', { analysisId: null }],
];

describe('live capture operations: argument validation', () => {
  it('accepts well-formed requests and returns exactly the known fields', () => {
    expect(validators.startCapture({ ...good })).toEqual(good);
    expect(validators.checkCaptureFilter({ interface: '\\Device\\NPF_{6A3B0C52-1F2E-4C1D-9A0B-3C4D5E6F7A8B}', filter: 'tcp\n and port 443' })).toEqual({
      interface: '\\Device\\NPF_{6A3B0C52-1F2E-4C1D-9A0B-3C4D5E6F7A8B}',
      filter: 'tcp\n and port 443',
    });
    expect(validators.stopCapture({ analysisId: 'a3-lx2' })).toEqual({ analysisId: 'a3-lx2' });
    expect(validators.listCaptureInterfaces(undefined)).toBeUndefined();
  });

  it.each(WRONG)('%s refuses %j', (op, arg) => {
    expect(() => (validators[op] as (a: unknown) => unknown)(arg)).toThrow(ValidationError);
  });

  it.each(WRONG)('Electron IPC answers invalid-argument for %s %j, before any service runs', async (op, arg) => {
    const r = await route(op, ownFrame, arg === undefined ? [] : [arg]);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    // nothing started: no capture is open
    expect(services.analysis.state()).toEqual({ status: 'idle' });
  });

  it('Electron IPC refuses every live operation from a foreign frame', async () => {
    for (const op of ['listCaptureInterfaces', 'checkCaptureFilter', 'startCapture', 'stopCapture', 'saveCaptureAs'] as const) {
      const r = await route(op, { senderFrame: { url: 'https://evil.example/' } }, op === 'listCaptureInterfaces' ? [] : [{ ...good }]);
      expect(!r.ok && r.error.code, op).toBe('forbidden');
    }
  });

  it('the WebSocket bridge refuses the same wrong types with the same answer', async () => {
    const replies: WsServerMessage[] = [];
    const connection = { sendText: (text: string) => replies.push(JSON.parse(text) as WsServerMessage), close: () => undefined, pause: () => undefined, resume: () => undefined } satisfies BridgeSocket;
    const bridge = createBridge(() => connection, createApiHandlers(services, { settingsInPage: true }), services);
    WRONG.forEach(([op, arg], i) => bridge.onText(JSON.stringify(arg === undefined ? { id: i + 1, op } : { id: i + 1, op, arg })));
    await expect.poll(() => replies.length).toBe(WRONG.length);
    bridge.onClose();
    for (const reply of replies) {
      expect('id' in reply && reply.result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
  });

  it('stop and save need an open live capture', async () => {
    expect(await route('stopCapture', ownFrame, [{ analysisId: 'a9-none' }])).toMatchObject({ ok: false, error: { code: 'no-analysis' } });
    expect(await route('saveCaptureAs', ownFrame, [{ analysisId: 'a9-none' }])).toMatchObject({ ok: false, error: { code: 'no-analysis' } });
  });
});

const env = await liveEnvironment();

describe.skipIf(!!env.skipReason)('live capture through the IPC router (root, lo)', () => {
  it('explains a bad filter with libpcap\'s words and leaves nothing open', async () => {
    const check = await route('checkCaptureFilter', ownFrame, [{ interface: 'lo', filter: 'tcp port' }]);
    expect(check).toMatchObject({ ok: true, value: { ok: false, error: { code: 'capture.bad-filter', params: { filter: 'tcp port' } } } });
    const okCheck = await route('checkCaptureFilter', ownFrame, [{ interface: 'lo', filter: 'tcp port 443' }]);
    expect(okCheck).toMatchObject({ ok: true, value: { ok: true } });
    const start = await route('startCapture', ownFrame, [{ ...good, filter: 'tcp port' }]);
    expect(start).toMatchObject({ ok: false, error: { code: 'capture-failed', capture: { code: 'capture.bad-filter' } } });
    expect(services.analysis.state()).toEqual({ status: 'idle' });
  });

  it('lists lo and any with their link types', async () => {
    const r = await route('listCaptureInterfaces', ownFrame, []);
    expect(r.ok).toBe(true);
    const list = r.ok ? (r.value as Array<{ name: string; loopback: boolean; any: boolean; linkTypeName: string | null }>) : [];
    expect(list.find((i) => i.name === 'lo')).toMatchObject({ loopback: true, linkTypeName: 'ether' });
    expect(list.find((i) => i.name === 'any')).toMatchObject({ any: true });
  });

  it('starts, shows live status and rows, stops, saves a copy, and lists the file in recent files', async () => {
    const cert = makeCertificate('localhost');
    const port = await freePortRange(1);
    const server = await startServer(cert, port);
    const events: AnalysisEvent[] = [];
    const unsubscribe = services.analysis.subscribe((e) => events.push(e));
    try {
      const started = (await route('startCapture', ownFrame, [{ ...good, filter: `tcp port ${port}` }])) as ApiResult<OpenedCapture>;
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      const { analysisId, file } = started.value;
      expect(file).toMatchObject({ source: 'live' });
      expect(file.path).toMatch(new RegExp(`^${join(dir, 'captures')}/lo-.*\\.pcapng$`));
      // a second capture while one runs is refused, plainly
      expect(await route('startCapture', ownFrame, [{ ...good }])).toMatchObject({ ok: false, error: { code: 'capture-failed', capture: { code: 'capture.busy' } } });

      const run = await runClient(cert, server, { maxVersion: 'TLSv1.2' });
      expect(run.protocol).toBe('TLSv1.2');
      await expect
        .poll(async () => {
          const page = await route('listConnections', ownFrame, [{ analysisId, offset: 0, limit: 10, sort: { key: 'id', direction: 'asc' }, filter: '' }]);
          return page.ok ? (page.value as { rows: Array<{ tlsVersion: string | null }> }).rows.map((row) => row.tlsVersion) : [];
        }, { timeout: 10_000 })
        .toEqual(['TLS 1.2']);
      const running = events.filter((e): e is Extract<AnalysisEvent, { type: 'capture' }> => e.type === 'capture' && e.capture.state === 'running');
      expect(running.length).toBeGreaterThan(0);
      expect(running.at(-1)!.capture.frames).toBeGreaterThan(0);

      const stopped = (await route('stopCapture', ownFrame, [{ analysisId }])) as ApiResult<LiveCaptureStatus>;
      expect(stopped).toMatchObject({ ok: true, value: { state: 'stopped', stoppedBy: 'requested', error: null, interface: 'lo' } });
      if (!stopped.ok) return;
      expect(stopped.value.frames).toBeGreaterThanOrEqual(9);
      // cap 0.2.1 cannot read the kernel's drops: unknown, never a made-up 0
      expect(stopped.value.drops.kernel).toBeNull();
      await expect.poll(() => services.analysis.state().status).toBe('finished');

      const saved = (await route('saveCaptureAs', ownFrame, [{ analysisId }])) as ApiResult<SaveCaptureResult>;
      expect(saved).toMatchObject({ ok: true, value: { kind: 'saved', path: savedTo } });
      expect(readFileSync(savedTo)).toEqual(readFileSync(file.path!));
      expect(statSync(savedTo).size).toBe(stopped.value.fileBytes);
      await expect.poll(() => services.recent.list().find((f) => f.path === file.path)?.size).toBe(stopped.value.fileBytes);

      // browser mode: the same capture as a download, only with the token, only for the open capture
      const web = await startServe({ port: 0, rendererDir: dir, services, token: 'test-token-123' });
      try {
        const base = `http://127.0.0.1:${web.port}/download/capture/`;
        const own = await fetch(`${base}${analysisId}?token=test-token-123`);
        expect(own.status).toBe(200);
        expect(own.headers.get('content-disposition')).toMatch(/^attachment; filename="lo-[\w.-]+\.pcapng"$/);
        expect(Buffer.from(await own.arrayBuffer())).toEqual(readFileSync(file.path!));
        expect((await fetch(`${base}${analysisId}`)).status).toBe(403);
        expect((await fetch(`${base}${analysisId}?token=wrong-token-123`)).status).toBe(403);
        expect((await fetch(`${base}a99-other?token=test-token-123`)).status).toBe(404);
        expect((await fetch(`${base}..%2F..%2Fetc%2Fpasswd?token=test-token-123`)).status).toBe(404);
        const bridgeHandlers = createApiHandlers(services, { settingsInPage: true });
        expect(await bridgeHandlers.saveCaptureAs({ analysisId })).toMatchObject({ kind: 'download', url: `/download/capture/${analysisId}`, bytes: stopped.value.fileBytes });
      } finally {
        await web.close();
      }
    } finally {
      unsubscribe();
      await server.close();
    }
  });
});
