/** TLS found by content: STARTTLS prefixes, PostgreSQL SSLRequest, SSLv2 hellos, mid-stream starts, non-TLS. */

import { describe, expect, it } from 'vitest';
import { concatBytes, feedChunks, type Chunk } from './helpers/feed';
import { clientHelloRecord, extension, handshake, record, serverHelloBody, sniExtension, sslv2ClientHello, u16 } from './helpers/tls-bytes';

const T0 = 1_700_000_000;
const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const c2s = (bytes: Uint8Array): Chunk => ({ dir: 'c2s', bytes, time: T0 });
const s2c = (bytes: Uint8Array): Chunk => ({ dir: 's2c', bytes, time: T0 });
const CH = clientHelloRecord({ cipherSuites: [0xc02f], extensions: [sniExtension('mail.example.org')] });
const SH = record(22, handshake(2, serverHelloBody({ cipherSuite: 0xc02f })));

describe('TLS detection', () => {
  it('finds TLS after an SMTP STARTTLS exchange and counts the plaintext', () => {
    const banner = text('220 mx.example.org ESMTP ready\r\n');
    const ehlo = text('EHLO client\r\n');
    const caps = text('250-mx.example.org\r\n250 STARTTLS\r\n');
    const starttls = text('STARTTLS\r\n');
    const go = text('220 2.0.0 Ready to start TLS\r\n');
    const { analyzer } = feedChunks([s2c(banner), c2s(ehlo), s2c(caps), c2s(starttls), s2c(go), c2s(CH), s2c(SH)]);
    const s = analyzer.summary({})!;
    expect(s.startOffset).toEqual({ c2s: ehlo.length + starttls.length, s2c: banner.length + caps.length + go.length });
    expect(s.plaintextBytes).toEqual({ c2s: ehlo.length + starttls.length, s2c: banner.length + caps.length + go.length });
    expect(s.records).toEqual({ c2s: [22], s2c: [22] });
    expect(s.sni).toBe('mail.example.org');
  });

  it('finds a ClientHello sharing a segment with the line before it', () => {
    const prefix = text('a001 STARTTLS\r\n');
    const { analyzer } = feedChunks([c2s(concatBytes(prefix, CH))]);
    const s = analyzer.summary({})!;
    expect(s.startOffset.c2s).toBe(prefix.length);
    expect(s.handshakeTypes.c2s).toEqual([1]);
  });

  it('finds TLS after a PostgreSQL SSLRequest and the one-byte answer', () => {
    const sslRequest = Uint8Array.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
    const { analyzer } = feedChunks([c2s(sslRequest), s2c(text('S')), c2s(CH), s2c(SH)]);
    const s = analyzer.summary({})!;
    expect(s.startOffset).toEqual({ c2s: 8, s2c: 1 });
    expect(s.handshakeTypes).toEqual({ c2s: [1], s2c: [2] });
  });

  it('finds a ClientHello whose record header arrives split over segments', () => {
    const { analyzer } = feedChunks([c2s(text('STARTTLS\r\n')), c2s(CH.subarray(0, 3)), c2s(CH.subarray(3, 8)), c2s(CH.subarray(8))]);
    expect(analyzer.summary({})!.sni).toBe('mail.example.org');
  });

  it('accepts the peer answering a ClientHello with an alert', () => {
    const alert = record(21, [2, 40], 0x0301);
    const { analyzer } = feedChunks([c2s(CH), s2c(alert)]);
    const s = analyzer.summary({})!;
    expect(s.records.s2c).toEqual([21]);
    expect(s.alerts).toEqual([expect.objectContaining({ dir: 's2c', level: 2, description: 40, descriptionName: 'handshake_failure', encrypted: false })]);
  });

  it('reads an SSLv2-format ClientHello and the TLS answer to it', () => {
    const challenge = Array.from({ length: 16 }, (_, i) => i + 1);
    const v2 = sslv2ClientHello(0x0301, [0x010080, 0x0700c0, 0x000039, 0x00002f, 0x00ff], challenge);
    const { analyzer } = feedChunks([c2s(v2), s2c(record(22, handshake(2, serverHelloBody({ version: 0x0301, cipherSuite: 0x0039 })), 0x0301))]);
    const s = analyzer.summary({})!;
    expect(s.records).toEqual({ c2s: ['sslv2'], s2c: [22] });
    expect(s.recordVersions.c2s).toEqual(['0x0002']);
    expect(s.handshakeTypes.c2s).toEqual(['sslv2:1']);
    const hello = s.clientHellos[0];
    expect(hello.sslv2).toBe(true);
    expect(hello.legacyVersion).toBe('0x0301');
    expect(hello.cipherSuites).toEqual([0x010080, 0x0700c0, 0x000039, 0x00002f, 0x00ff]);
    expect(hello.cipherSuiteNames.slice(0, 3)).toEqual(['SSL2_RC4_128_WITH_MD5', 'SSL2_DES_192_EDE3_CBC_WITH_MD5', 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA']);
    expect(hello.random).toBe(Buffer.from(challenge).toString('hex'));
    // tshark computes no JA3 for SSLv2 hellos
    expect(s.ja3).toBeNull();
    expect(s.messages[0]).toMatchObject({ kind: 'sslv2', type: 1, name: 'client_hello', recordType: null });
    expect(s.version).toBe('0x0301');
  });

  it('picks up a capture that starts mid-connection with application data', () => {
    const app = concatBytes(record(23, new Uint8Array(40)), record(23, new Uint8Array(20)));
    const { analyzer } = feedChunks([c2s(app), s2c(record(23, new Uint8Array(300)))]);
    const s = analyzer.summary({})!;
    expect(s.records).toEqual({ c2s: [23, 23], s2c: [23] });
    expect(s.clientHellos).toEqual([]);
  });

  it('does not mistake plaintext protocols for TLS and gives up scanning', () => {
    const chunks: Chunk[] = [];
    for (let i = 0; i < 200; i++) chunks.push(c2s(text(`GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`)), s2c(text('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
    const { analyzer } = feedChunks(chunks);
    expect(analyzer.detected).toBe(false);
    expect(analyzer.summary({})).toBeNull();
  });

  it('stops looking after the scan limit even if a hello shows up later', () => {
    const chunks: Chunk[] = [];
    for (let i = 0; i < 70; i++) chunks.push(c2s(text('NOOP\r\n')));
    chunks.push(c2s(CH));
    expect(feedChunks(chunks).analyzer.detected).toBe(false);
  });

  it('rejects a binary segment that only looks like one record header', () => {
    // 0x17 0x03 0x03 then a length whose record end is followed by junk instead of a header
    const fake = Uint8Array.from([0x17, 0x03, 0x03, 0x00, 0x02, 0xaa, 0xbb, 0x99, 0x99, 0x99, 0x99, 0x99]);
    expect(feedChunks([c2s(fake)]).analyzer.detected).toBe(false);
  });
});

describe('TLS 1.3 record semantics', () => {
  const HRR_RANDOM = [...Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex')];
  const supportedVersions13 = extension(43, [4, ...u16(0x0304), ...u16(0x0303)]);
  const ch = clientHelloRecord({ cipherSuites: [0x1301], extensions: [sniExtension('h.example'), supportedVersions13, extension(51, [...u16(6), ...u16(0x1d), ...u16(2), 1, 2])] });
  const hrr = record(22, handshake(2, serverHelloBody({ cipherSuite: 0x1301, random: HRR_RANDOM, extensions: [extension(43, u16(0x0304)), extension(51, u16(0x17))] })));
  const sh = record(22, handshake(2, serverHelloBody({ cipherSuite: 0x1301, extensions: [extension(43, u16(0x0304)), extension(51, [...u16(0x17), ...u16(2), 9, 9])] })));

  it('reads the second ClientHello after a HelloRetryRequest and a compatibility CCS', () => {
    const { analyzer } = feedChunks([
      c2s(ch),
      s2c(concatBytes(hrr, record(20, [1]))),
      c2s(concatBytes(record(20, [1]), ch)),
      s2c(concatBytes(sh, record(23, new Uint8Array(2000)), record(23, new Uint8Array(300)))),
      c2s(record(23, new Uint8Array(53))),
      c2s(record(23, new Uint8Array(100))),
      s2c(record(23, new Uint8Array(400))),
      c2s(record(23, new Uint8Array(19))),
    ]);
    const s = analyzer.summary({})!;
    expect(s.helloRetryRequest).toBe(true);
    expect(s.handshakeTypes).toEqual({ c2s: [1, 1], s2c: [2, 2] });
    expect(s.serverHellos.map((h) => h.helloRetryRequest)).toEqual([true, false]);
    expect(s.version).toBe('0x0304');
    expect(s.group).toBe('secp256r1');
    expect(s.keyExchange).toBe('TLS1.3-ECDHE');
    expect(s.handshakeComplete).toBe(true);
    // server flight (2 records) and client Finished are encrypted handshake, the rest application data
    const encrypted = s.messages.filter((m) => m.type === 'encrypted');
    expect(encrypted.map((m) => m.dir)).toEqual(['s2c', 's2c', 'c2s']);
    expect(encrypted.every((m) => m.recordType === 23 && m.kind === 'handshake')).toBe(true);
    expect(s.appData).toEqual({ c2s: { records: 2, bytes: 119 }, s2c: { records: 1, bytes: 400 } });
    // the final 19-byte record is an encrypted close_notify
    expect(s.alerts).toEqual([expect.objectContaining({ dir: 'c2s', descriptionName: 'close_notify', inferred: true, encrypted: true })]);
  });
});
