/**
 * Live capture on `lo` while Node's tls makes real connections: TLS 1.2,
 * TLS 1.3 and a failed handshake. What Node reports about each session is the
 * truth the capture's analysis is compared with; the pcapng on disk must give
 * the same analysis. Runs as root (CI); skipped with the reason otherwise.
 * Linux captures a loopback packet once on `lo` (on "any" it would be seen twice).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveCapture, type LiveCaptureResult } from '../../../../main/capture/client/capture-source';
import { CaptureError } from '../../../../main/capture/protocol/capture-error';
import { analyzeCapture, type AnalysisReport, type ConnectionReport } from '../../../../main/engine/index';
import { makeCertificate, type TestCertificate } from '../../engine/tls/helpers/node-tls-session';
import { liveEnvironment } from '../support/live';
import { freePortRange, runClient, startServer, type TlsRun, type TlsServer } from '../support/tls-traffic';

const env = await liveEnvironment();
const dir = mkdtempSync(join(tmpdir(), 'tlslens-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HANDSHAKE = { client_hello: 1, server_hello: 2, certificate: 11, server_key_exchange: 12, server_hello_done: 14, client_key_exchange: 16, new_session_ticket: 4 };
const CONTENT = { ccs: 20, alert: 21, handshake: 22, application_data: 23 };

describe.skipIf(!!env.skipReason)('live capture on lo', () => {
  let cert: TestCertificate;
  let base: number;
  let servers: TlsServer[] = [];
  let runs: { tls12: TlsRun; tls13: TlsRun; failed: TlsRun };
  let result: LiveCaptureResult;
  let live: AnalysisReport;
  let capture: LiveCapture;

  beforeAll(async () => {
    cert = makeCertificate('localhost');
    base = await freePortRange(10);
    const open = await startServer(cert, base);
    const strict = await startServer(cert, base + 1, { minVersion: 'TLSv1.3' });
    servers = [open, strict];
    capture = await LiveCapture.start({ interface: 'lo', filter: `tcp portrange ${base}-${base + 9}`, captureDir: dir, launch: { helperPath: env.helperPath } });
    const tls12 = await runClient(cert, open, { maxVersion: 'TLSv1.2' });
    const tls13 = await runClient(cert, open, { minVersion: 'TLSv1.3' });
    const failed = await runClient(cert, strict, { maxVersion: 'TLSv1.2' });
    runs = { tls12, tls13, failed };
    // the last ACKs of the teardown
    await new Promise((r) => setTimeout(r, 300));
    result = await capture.stop();
    live = capture.report();
    await Promise.all(servers.map((s) => s.close()));
  });

  const byClientPort = (port: number): ConnectionReport => {
    const found = live.connections.filter((c) => c.client === `127.0.0.1:${port}`);
    expect(found.length, `one connection from client port ${port}`).toBe(1);
    return found[0];
  };

  it('made the connections the test intended (Node\'s view)', () => {
    expect(runs.tls12.protocol).toBe('TLSv1.2');
    expect(runs.tls13.protocol).toBe('TLSv1.3');
    expect(runs.tls12.received).toBe('pong');
    expect(runs.tls13.received).toBe('pong');
    expect(runs.failed.protocol).toBeNull();
    expect(runs.failed.clientError).toMatch(/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL/);
  });

  it('captured exactly those three connections, once each, with their ports', () => {
    expect(result.error).toBeNull();
    expect(result.reason).toBe('requested');
    const ours = live.connections.filter((c) => Number(c.server.split(':').pop()) - base >= 0 && Number(c.server.split(':').pop()) - base < 10);
    expect(ours.length).toBe(3);
    for (const run of Object.values(runs)) {
      const c = byClientPort(run.clientPort);
      expect(c.server).toBe(`127.0.0.1:${run.serverPort}`);
      expect(c.clientDeterminedBy).toBe('syn');
      expect(c.tcp.syn && c.tcp.synAck && c.tcp.ackAfterSynAck).toBe(true);
      // each packet once: no duplicates that would look like retransmissions
      expect(c.tcp.retransmissions).toBe(0);
      expect(c.tcp.gaps).toBe(0);
    }
    expect(live.stats.frames).toBe(result.stats.frames);
    expect(live.stats.linkTypes).toEqual({ ether: result.stats.frames });
  });

  it('TLS 1.2: version, cipher and handshake messages per direction match the session', () => {
    const c = byClientPort(runs.tls12.clientPort);
    const t = c.tls!;
    expect(t.versionName).toBe('TLS 1.2');
    expect(t.cipherSuiteName).toBe(runs.tls12.cipher);
    expect(t.handshakeComplete).toBe(true);
    expect(t.sni).toBe('localhost');
    // ECDHE_RSA full handshake: hello, certificate, key exchange, done (+ the session ticket Node's
    // server issues by default) / client key exchange; each side's Finished is encrypted
    expect(t.handshakeTypes.c2s).toEqual([HANDSHAKE.client_hello, HANDSHAKE.client_key_exchange, 'encrypted']);
    expect(t.handshakeTypes.s2c).toEqual([HANDSHAKE.server_hello, HANDSHAKE.certificate, HANDSHAKE.server_key_exchange, HANDSHAKE.server_hello_done, HANDSHAKE.new_session_ticket, 'encrypted']);
    expect(t.records.c2s.slice(0, 3)).toEqual([CONTENT.handshake, CONTENT.handshake, CONTENT.ccs]);
    expect(t.records.c2s).toContain(CONTENT.application_data);
    expect(t.records.s2c).toContain(CONTENT.ccs);
    expect(t.records.s2c).toContain(CONTENT.application_data);
    expect(t.appData.c2s.records).toBeGreaterThanOrEqual(1);
    // both sides closed with close_notify
    expect(t.alerts.map((a) => [a.dir, a.descriptionName]).sort()).toEqual([['c2s', 'close_notify'], ['s2c', 'close_notify']]);
    expect(t.alerts.filter((a) => a.level === 2)).toEqual([]);
  });

  it('TLS 1.3: version, cipher and handshake messages per direction match the session', () => {
    const c = byClientPort(runs.tls13.clientPort);
    const t = c.tls!;
    expect(t.versionName).toBe('TLS 1.3');
    expect(t.cipherSuiteName).toBe(runs.tls13.cipher);
    expect(t.handshakeComplete).toBe(true);
    // in TLS 1.3 everything after the hellos travels in application_data records (as tshark lists it),
    // after the middlebox-compatibility ChangeCipherSpec (OpenSSL's client sends a legacy session id)
    expect(t.handshakeTypes).toEqual({ c2s: [HANDSHAKE.client_hello], s2c: [HANDSHAKE.server_hello] });
    expect(t.records.c2s.slice(0, 3)).toEqual([CONTENT.handshake, CONTENT.ccs, CONTENT.application_data]);
    expect(t.records.s2c.slice(0, 3)).toEqual([CONTENT.handshake, CONTENT.ccs, CONTENT.application_data]);
    expect(t.alerts.filter((a) => a.level === 2)).toEqual([]);
  });

  it('failed handshake: the server\'s protocol_version alert, no completed handshake', () => {
    const c = byClientPort(runs.failed.clientPort);
    const t = c.tls!;
    expect(t.handshakeComplete).toBe(false);
    expect(t.handshakeTypes).toEqual({ c2s: [HANDSHAKE.client_hello], s2c: [] });
    expect(t.clientHellos[0].supportedVersions ?? []).not.toContain(0x0304);
    const fatal = t.alerts.filter((a) => a.level === 2);
    expect(fatal.map((a) => [a.dir, a.description, a.descriptionName])).toEqual([['s2c', 70, 'protocol_version']]);
    expect(t.records.s2c).toEqual([CONTENT.alert]);
  });

  it('teardown: FIN from both sides on every connection', () => {
    for (const run of Object.values(runs)) {
      const tcp = byClientPort(run.clientPort).tcp;
      expect(tcp.finFromClient, `FIN from client ${run.clientPort}`).toBe(true);
      expect(tcp.finFromServer, `FIN from server for ${run.clientPort}`).toBe(true);
      expect(['four-way', 'simultaneous']).toContain(tcp.closeKind);
    }
  });

  it('the pcapng on disk opens with the engine and gives the same analysis', async () => {
    const { report: fromFile } = await analyzeCapture(result.path);
    expect(fromFile.complete).toBe(true);
    expect(fromFile.file.format).toBe('pcapng');
    expect(fromFile.stats).toEqual(live.stats);
    expect(fromFile.connections).toEqual(live.connections);
    expect(fromFile.file.size).toBe(live.file.size);
  });

  it('reads the drop counters', () => {
    const d = result.stats.drops;
    expect(d.app).toBe(0);
    // the interface's own drop counter (libpcap's ps_ifdrop) is readable on Linux
    expect(typeof d.interface).toBe('number');
    expect(d.interface!).toBeGreaterThanOrEqual(0);
    // the kernel's ring drops need pcap_stats, which cap 0.2.1 does not bind: null, and said so
    if (d.kernel === null) expect(d.kernelSource).toMatch(/^unavailable/);
    else expect(d.kernel).toBeGreaterThanOrEqual(0);
    expect(result.stats.frames).toBeGreaterThan(20);
    expect(result.stats.bytes).toBeGreaterThan(result.stats.frames * 54);
  });

  it('a bad filter gives libpcap\'s own error text before anything starts', async () => {
    const err = (await LiveCapture.start({ interface: 'lo', filter: 'tcp port', captureDir: join(dir, 'bad'), launch: { helperPath: env.helperPath } }).catch((e) => e)) as CaptureError;
    expect(err).toBeInstanceOf(CaptureError);
    expect(err.code).toBe('capture.bad-filter');
    expect(err.params.pcapError).toMatch(/syntax error/);
    expect(err.message).toBe(`The capture filter "tcp port" is not valid: ${err.params.pcapError}`);
  });

  it('an unknown interface is named plainly', async () => {
    const err = (await LiveCapture.start({ interface: 'nosuch9', captureDir: join(dir, 'nosuch'), launch: { helperPath: env.helperPath } }).catch((e) => e)) as CaptureError;
    expect(err.code).toBe('capture.no-such-device');
    expect(err.message).toMatch(/no interface named "nosuch9"/);
  });

  it('--count: stops by itself after N frames', async () => {
    const open = await startServer(cert, base + 2);
    const counted = await LiveCapture.start({ interface: 'lo', filter: `tcp port ${base + 2}`, count: 4, captureDir: dir, launch: { helperPath: env.helperPath } });
    await runClient(cert, open);
    const r = await counted.done;
    await open.close();
    expect(r.reason).toBe('count');
    expect(r.stats.frames).toBe(4);
    const { report } = await analyzeCapture(r.path);
    expect(report.stats.frames).toBe(4);
  });
});
