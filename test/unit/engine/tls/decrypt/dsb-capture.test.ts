import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCapture, type ConnectionReport } from '../../../../../main/engine/index';
import { flowToPcap, LINK, PcapngBuilder, SECRETS_TLS_KEY_LOG, TcpFlow, type FlowFrame } from '../../../../fixtures/builders';
import { makeCertificate, type TestCertificate } from '../helpers/node-tls-session';
import { recordKeyedSession, type KeyedSession } from './helpers/keyed-session';

/**
 * The whole path through AnalysisSession: a recorded TLS session written as a capture file,
 * its keys in a pcapng Decryption Secrets Block placed before the traffic, after all of it,
 * too late, or not at all; and the --keylog file route for a pcap.
 */

let dir: string;
let cert: TestCertificate;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlslens-dsb-'));
  cert = makeCertificate('dsb.test');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The session as TCP frames (≤1400-byte segments), the FINs `finDelay` seconds after the data. */
function frames(s: KeyedSession, finDelay = 0): FlowFrame[] {
  const flow = new TcpFlow({ start: 1_700_000_000, step: 0.001 });
  const out = flow.handshake();
  for (const c of s.chunks) {
    for (let at = 0; at < c.bytes.length; at += 1400) out.push(flow.send(c.dir === 'c2s' ? 'client' : 'server', c.bytes.subarray(at, at + 1400)));
  }
  flow.at(flow.time + finDelay);
  out.push(flow.fin('client'), flow.fin('server'), flow.ack('client'));
  return out;
}

function pcapng(list: FlowFrame[], keylog: string | null, dsbAt: 'first' | 'middle' | 'end'): string {
  const b = new PcapngBuilder().section().interface({ linkType: LINK.ETHERNET, snapLength: 262144 });
  const dsb = (): void => void (keylog !== null && b.dsb(SECRETS_TLS_KEY_LOG, new Uint8Array(Buffer.from(keylog))));
  if (dsbAt === 'first') dsb();
  list.forEach((f, i) => {
    if (dsbAt === 'middle' && i === Math.floor(list.length / 2)) dsb();
    b.epb({ interfaceId: 0, timestamp: BigInt(Math.round(f.time * 1e6)), data: f.data });
  });
  if (dsbAt === 'end') dsb();
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.pcapng`);
  writeFileSync(path, b.build());
  return path;
}

function pcap(list: FlowFrame[]): string {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.pcap`);
  writeFileSync(path, flowToPcap(list).bytes);
  return path;
}

/**
 * File offsets move with the blocks around the packets (a DSB, pcap vs pcapng headers) and
 * pcapng's integer microseconds round differently from pcap's: compare without them.
 */
function normalized(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => {
    // file offsets move with the DSB; a key-schedule value's origin says where its line was read (file or DSB)
    if (key === 'fileOffset' || key === 'origin') return undefined;
    if (typeof v !== 'number') return v;
    if (v > 1e9) return Math.round(v * 1e4) / 1e4; // epoch seconds
    return key.endsWith('Ms') ? Math.round(v * 100) / 100 : v;
  });
}

async function tlsOf(path: string, keylogPath?: string): Promise<{ tls: NonNullable<ConnectionReport['tls']>; anomalies: Record<string, number> }> {
  const { report } = await analyzeCapture(path, { keylogPath });
  expect(report.connections).toHaveLength(1);
  return { tls: report.connections[0].tls!, anomalies: report.stats.anomalies };
}

const REQUEST = Buffer.from('GET /dsb HTTP/1.1\r\nHost: dsb.test\r\n\r\n');
const RESPONSE = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');

describe('keys from a pcapng Decryption Secrets Block', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version}: a DSB before, in the middle of, or after the traffic decrypts the same`, async () => {
      const s = await recordKeyedSession(cert, { client: { minVersion: version, maxVersion: version }, request: REQUEST, response: RESPONSE });
      const list = frames(s);
      const first = await tlsOf(pcapng(list, s.keylog, 'first'));
      expect(first.tls.decryption).toMatchObject({ keysFound: true, source: 'dsb', failedRecords: 0, appProtocol: 'http/1.1', firstAppData: { c2s: 'GET /dsb HTTP/1.1\\r\\nHost: dsb.test\\r\\n\\r\\n' } });
      expect(first.tls.handshakeTypes.c2s.at(-1)).toBe(20);
      for (const at of ['middle', 'end'] as const) {
        const later = await tlsOf(pcapng(list, s.keylog, at));
        expect(normalized(later.tls), at).toEqual(normalized(first.tls));
      }
      // the same through --keylog on a classic pcap
      const keylogPath = join(dir, `k${version}.log`);
      writeFileSync(keylogPath, s.keylog);
      const viaFile = await tlsOf(pcap(list), keylogPath);
      expect(normalized({ ...viaFile.tls, decryption: { ...viaFile.tls.decryption, source: 'dsb' } })).toEqual(normalized(first.tls));
    });
  }

  it('no DSB at all: the same result as a pcap without keys, decryption null', async () => {
    const s = await recordKeyedSession(cert, { client: { maxVersion: 'TLSv1.2' }, request: REQUEST, response: RESPONSE });
    const list = frames(s);
    const none = await tlsOf(pcapng(list, null, 'end'));
    const plain = await tlsOf(pcap(list));
    expect(none.tls.decryption).toBeNull();
    expect(none.anomalies).toEqual(plain.anomalies);
    expect(normalized(none.tls)).toEqual(normalized(plain.tls));
  });

  it('a DSB more than 10 s of capture time after the records it unlocks comes too late', async () => {
    const s = await recordKeyedSession(cert, { client: { minVersion: 'TLSv1.3' }, request: REQUEST, response: RESPONSE });
    const list = frames(s, 20);
    const late = await tlsOf(pcapng(list, s.keylog, 'end'));
    const plain = await tlsOf(pcap(list));
    // the connection was analysed (and its summary kept) before the keys existed
    expect(late.tls.decryption).toMatchObject({ keysFound: false, decryptedRecords: 0 });
    expect(normalized({ ...late.tls, decryption: null })).toEqual(normalized(plain.tls));
  });

  it('a connection holds at most 256 KiB waiting for keys, then goes on without them', async () => {
    const big = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), Buffer.alloc(300_000, 0x61)]);
    const s = await recordKeyedSession(cert, { client: { maxVersion: 'TLSv1.2' }, request: REQUEST, response: big });
    const list = frames(s);
    const end = await tlsOf(pcapng(list, s.keylog, 'end'));
    const plain = await tlsOf(pcap(list));
    expect(end.tls.decryption).toMatchObject({ keysFound: false, decryptedRecords: 0 });
    expect(normalized({ ...end.tls, decryption: null })).toEqual(normalized(plain.tls));
    // with the DSB first, the same bytes decrypt
    expect((await tlsOf(pcapng(list, s.keylog, 'first'))).tls.decryption).toMatchObject({ failedRecords: 0, appProtocol: 'http/1.1' });
  });
});

describe('the --keylog file', () => {
  it('an unreadable or useless key log is an anomaly, not a failure', async () => {
    const s = await recordKeyedSession(cert, { client: { maxVersion: 'TLSv1.2' }, request: REQUEST, response: RESPONSE });
    const path = pcap(frames(s));
    const missing = await tlsOf(path, join(dir, 'does-not-exist.log'));
    expect(missing.anomalies['tls.keylog-unreadable']).toBe(1);
    expect(missing.tls.decryption).toBeNull();
    const junk = join(dir, 'junk.log');
    writeFileSync(junk, 'not a key log\n\u0000\u0001\n');
    const useless = await tlsOf(path, junk);
    expect(useless.anomalies).toMatchObject({ 'tls.keylog-ignored-lines': 1, 'tls.keylog-empty': 1 });
  });
});
