/**
 * Real OpenSSL-on-Node sessions recorded through a proxy, analysed, and compared with what
 * Node itself reports about the same session.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { constants, randomBytes } from 'node:crypto';
import { concatBytes, feedChunks, rechunk, type Chunk } from './helpers/feed';

const concat = (chunks: Chunk[]): Uint8Array => concatBytes(...chunks.map((c) => c.bytes));
import { makeCertificate, runSession, type SessionResult, type TestCertificate } from './helpers/node-tls-session';
import type { TlsSummary } from '../../../../contract/report/tls-summary';

/** shared by every server instance so a ticket from one run is accepted by the next */
const ticketKeys = randomBytes(48);
let rsaCert: TestCertificate;
let ecCert: TestCertificate;

beforeAll(() => {
  rsaCert = makeCertificate('rsa.tlslens.test', 'rsa');
  ecCert = makeCertificate('ec.tlslens.test', 'ec');
});

const NODE_PROTOCOL_TO_VERSION: Record<string, string> = { 'TLSv1.2': '0x0303', 'TLSv1.3': '0x0304' };

function analyse(run: SessionResult): TlsSummary {
  const { analyzer } = feedChunks(run.chunks);
  const summary = analyzer.summary({});
  expect(summary).not.toBeNull();
  return summary!;
}

/** What Node says about the session must be what the analyzer read from the bytes. */
function expectAgreesWithNode(s: TlsSummary, run: SessionResult, cert: TestCertificate): void {
  expect(run.client.error).toBeNull();
  expect(s.version).toBe(NODE_PROTOCOL_TO_VERSION[run.client.protocol!]);
  expect(s.cipherSuiteName).toBe(run.client.cipher);
  // the name the client was told to send; the server only reports it on full handshakes
  expect(s.sni).toBe(cert.commonName);
  if (!run.client.reused) expect(run.server.servername).toBe(cert.commonName);
  // TLS 1.3 sends the ALPN answer in EncryptedExtensions: invisible without keys
  if (s.version === '0x0304') {
    expect(s.alpnSelected).toBeNull();
    if (run.client.alpn) expect(s.alpnOffered).toContain(run.client.alpn);
  } else expect(s.alpnSelected).toBe(run.client.alpn || null);
  expect(s.resumed !== false).toBe(run.client.reused);
  expect(s.handshakeComplete).toBe(true);
  if (s.version === '0x0303' && !run.client.reused) {
    expect(s.certificates.map((c) => c.sha256)).toEqual([cert.sha256]);
    expect(run.client.peerSha256).toBe(cert.sha256);
    expect(s.certificates[0].subjectCN).toBe(cert.commonName);
  }
}

describe('TLS sessions between Node client and server', () => {
  it('TLS 1.2 ECDHE with ALPN and an ECDSA certificate', async () => {
    const run = await runSession(ecCert, {
      server: { maxVersion: 'TLSv1.2', ALPNProtocols: ['h2', 'http/1.1'] },
      client: { maxVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1', 'h2'] },
    });
    const s = analyse(run);
    expectAgreesWithNode(s, run, ecCert);
    expect(s.keyExchange).toBe('ECDHE');
    expect(s.group).not.toBeNull();
    expect(s.alpnOffered).toEqual(['http/1.1', 'h2']);
    // full TLS 1.2 handshake as RFC 5246 lays it out
    expect(s.handshakeTypes.c2s).toEqual([1, 16, 'encrypted']);
    expect(s.handshakeTypes.s2c.slice(0, 4)).toEqual([2, 11, 12, 14]);
    expect(s.handshakeTypes.s2c[s.handshakeTypes.s2c.length - 1]).toBe('encrypted');
    expect(s.validation?.verdict).toBe('self-signed');
    expect(s.appData.c2s.records).toBeGreaterThan(0);
    expect(s.appData.s2c.records).toBeGreaterThan(0);
    // DER stays reachable for code but out of the JSON contract
    expect(s.certificates[0].der).toBeInstanceOf(Uint8Array);
    expect(JSON.stringify(s)).not.toContain('"der"');
    // timings follow the handshake's order
    const t = s.timings;
    const order = [t.clientHello, t.serverHello, t.firstFinished, t.lastFinished, t.firstAppDataC2s, t.firstAppDataS2c];
    expect(order.every((x) => typeof x === 'number')).toBe(true);
    for (let i = 1; i < order.length; i++) expect(order[i]!).toBeGreaterThanOrEqual(order[i - 1]!);
    expect(t.handshakeMs!).toBeGreaterThanOrEqual(t.clientHelloToFirstFinishedMs!);
    expect(t.clientHelloToFirstFinishedMs!).toBeGreaterThanOrEqual(t.clientHelloToServerHelloMs!);
  });

  it('file offsets of every handshake message lead back to its exact bytes', async () => {
    const run = await runSession(rsaCert, { server: { maxVersion: 'TLSv1.2' } });
    const chunks = rechunk(run.chunks, [7, 300, 2]);
    const s = feedChunks(chunks).analyzer.summary({})!;
    const streams = { c2s: concat(run.chunks.filter((c) => c.dir === 'c2s')), s2c: concat(run.chunks.filter((c) => c.dir === 's2c')) };
    let checked = 0;
    for (const m of s.messages.filter((x) => x.kind === 'handshake' && typeof x.type === 'number' && !x.fileOffsetsTruncated)) {
      // feedChunks puts chunk i at frame i+1, file offset 1000*(i+1), payload at offset 54
      const reread = concat(m.fileOffsets.map((f) => ({ dir: m.dir, time: 0, bytes: chunks[f.frame - 1].bytes.subarray(f.payloadOffset - 54, f.payloadOffset - 54 + f.length) })));
      expect(reread).toEqual(streams[m.dir].subarray(m.streamOffset, m.streamOffset + 4 + m.length));
      expect(m.fileOffsets.every((f) => f.fileOffset === 1000 * f.frame)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('TLS 1.2 RSA key exchange (AES128-GCM-SHA256)', async () => {
    const run = await runSession(rsaCert, {
      server: { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' },
      client: { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' },
    });
    const s = analyse(run);
    expectAgreesWithNode(s, run, rsaCert);
    expect(s.cipherSuite).toBe('0x009c');
    expect(s.keyExchange).toBe('RSA');
    expect(s.group).toBeNull();
    // no ServerKeyExchange with RSA key transport
    expect(s.handshakeTypes.s2c).not.toContain(12);
  });

  it('TLS 1.3 with ALPN', async () => {
    const run = await runSession(rsaCert, {
      server: { minVersion: 'TLSv1.3', ALPNProtocols: ['h2'] },
      client: { ALPNProtocols: ['h2', 'http/1.1'] },
    });
    const s = analyse(run);
    expectAgreesWithNode(s, run, rsaCert);
    expect(s.keyExchange).toBe('TLS1.3-ECDHE');
    expect(s.group).toBe('x25519');
    expect(s.versionSource).toBe('server_hello.supported_versions');
    // encrypted handshake travels as application data: tshark lists only the hellos
    expect(s.handshakeTypes).toEqual({ c2s: [1], s2c: [2] });
    expect(s.messages.some((m) => m.dir === 's2c' && m.type === 'encrypted' && m.recordType === 23)).toBe(true);
    expect(s.certificates).toEqual([]);
    expect(s.validation).toBeNull();
  });

  it('TLS 1.2 resumption by session ticket', async () => {
    const first = await runSession(rsaCert, { server: { maxVersion: 'TLSv1.2', ticketKeys }, client: { maxVersion: 'TLSv1.2' } });
    expect(first.client.session).not.toBeNull();
    const second = await runSession(rsaCert, { server: { maxVersion: 'TLSv1.2', ticketKeys }, client: { maxVersion: 'TLSv1.2', session: first.client.session! } });
    expect(second.client.reused).toBe(true);
    const s = analyse(second);
    expectAgreesWithNode(s, second, rsaCert);
    expect(s.clientHellos[0].sessionTicketLength).toBeGreaterThan(0);
    // abbreviated handshake: the server goes straight from ServerHello to ChangeCipherSpec
    expect(s.handshakeTypes.s2c[0]).toBe(2);
    expect(s.handshakeTypes.s2c).not.toContain(11);
  });

  it('TLS 1.2 resumption by session id (tickets off)', async () => {
    const cache = new Map<string, Buffer>();
    const serverOpts = { maxVersion: 'TLSv1.2' as const, secureOptions: constants.SSL_OP_NO_TICKET, sessionIdContext: 'tlslens-test' };
    const first = await runSession(rsaCert, { server: serverOpts, client: { maxVersion: 'TLSv1.2' }, sessionIdCache: cache });
    const second = await runSession(rsaCert, { server: serverOpts, client: { maxVersion: 'TLSv1.2', session: first.client.session! }, sessionIdCache: cache });
    expect(second.client.reused).toBe(true);
    const s = analyse(second);
    expectAgreesWithNode(s, second, rsaCert);
    expect(s.resumed).toBe('session-id');
    expect(s.serverHellos[0].sessionId).toBe(s.clientHellos[0].sessionId);
  });

  it('TLS 1.3 resumption by PSK', async () => {
    const first = await runSession(rsaCert, { server: { minVersion: 'TLSv1.3', ticketKeys } });
    const second = await runSession(rsaCert, { server: { minVersion: 'TLSv1.3', ticketKeys }, client: { session: first.client.session! } });
    expect(second.client.reused).toBe(true);
    const s = analyse(second);
    expectAgreesWithNode(s, second, rsaCert);
    expect(s.resumed).toBe('psk');
    const fresh = analyse(first);
    expect(fresh.resumed).toBe(false);
  });

  it('mutual TLS 1.2: the client certificate is reported separately', async () => {
    const clientCert = makeCertificate('client.tlslens.test', 'ec');
    const run = await runSession(rsaCert, {
      server: { maxVersion: 'TLSv1.2', requestCert: true, rejectUnauthorized: false },
      client: { key: clientCert.key, cert: clientCert.cert },
    });
    const s = analyse(run);
    expectAgreesWithNode(s, run, rsaCert);
    expect(s.handshakeTypes.c2s).toEqual([1, 11, 16, 15, 'encrypted']);
    expect(s.handshakeTypes.s2c).toContain(13);
    expect(s.clientCertificates.map((c) => c.sha256)).toEqual([clientCert.sha256]);
    expect(s.clientCertificates[0].subjectCN).toBe('client.tlslens.test');
  });

  it('version mismatch ends in a protocol_version alert', async () => {
    const run = await runSession(rsaCert, { server: { minVersion: 'TLSv1.3' }, client: { maxVersion: 'TLSv1.2' } });
    expect(run.client.error).toMatch(/PROTOCOL_VERSION/);
    const s = analyse(run);
    expect(s.handshakeComplete).toBe(false);
    expect(s.version).toBeNull();
    expect(s.alerts).toHaveLength(1);
    expect(s.alerts[0]).toMatchObject({ dir: 's2c', level: 2, levelName: 'fatal', description: 70, descriptionName: 'protocol_version', encrypted: false, inferred: false });
  });

  it('close_notify at the end is inferred from the last encrypted record (TLS 1.2 and 1.3)', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
      const run = await runSession(rsaCert, { server: { minVersion: version, maxVersion: version } });
      const s = analyse(run);
      // Node's socket.end() sends close_notify; the server ends first after its response
      const serverClose = s.alerts.find((a) => a.dir === 's2c');
      expect(serverClose, version).toMatchObject({ descriptionName: 'close_notify', encrypted: true, inferred: true });
      expect(s.timings.closeNotifyS2c).not.toBeNull();
    }
  });

  it('gives the same answer however the bytes are split into segments', async () => {
    const run = await runSession(rsaCert, { server: { maxVersion: 'TLSv1.2', ALPNProtocols: ['h2'] }, client: { ALPNProtocols: ['h2'] } });
    const whole = analyse(run);
    for (const sizes of [[1], [3, 7, 1], [100], [5], [1500]]) {
      const s = feedChunks(rechunk(run.chunks, sizes)).analyzer.summary({})!;
      expect(s.records).toEqual(whole.records);
      expect(s.handshakeTypes).toEqual(whole.handshakeTypes);
      expect(s.ja3).toBe(whole.ja3);
      expect(s.certificates.map((c) => c.sha256)).toEqual([rsaCert.sha256]);
    }
  });
});
