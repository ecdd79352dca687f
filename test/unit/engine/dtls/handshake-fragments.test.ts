import { describe, expect, it } from 'vitest';
import { runDatagrams } from '../udp/drive-udp';
import { dtlsClientHello, fragment, HELLO_VERIFY_REQUEST, record } from './dtls-records';

const CLIENT = '192.0.2.1:40000';
const SERVER = '192.0.2.2:4433';
const COOKIE = [0xc0, 0x0c, 0x1e, 0x5a];
/** RFC 6347 §4.2.1 ServerHello: DTLS 1.2, a random, no session id, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, no compression, no extensions */
const SERVER_HELLO_DTLS12 = Uint8Array.from([0xfe, 0xfd, ...new Array(32).fill(0x11), 0, 0xc0, 0x2f, 0]);

describe('DTLS handshake messages are rebuilt from fragments', () => {
  it('the cookie exchange: ClientHello, HelloVerifyRequest with a cookie, ClientHello sent back with it', () => {
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: record(22, 0, 0, fragment(1, 0, dtlsClientHello([]))) },
      { from: SERVER, to: CLIENT, payload: record(22, 0, 0, fragment(3, 0, HELLO_VERIFY_REQUEST(COOKIE)), 0xfeff) },
      { from: CLIENT, to: SERVER, payload: record(22, 0, 1, fragment(1, 1, dtlsClientHello(COOKIE))) },
    ]);
    const r = reports[0];
    expect([r.transport, r.client, r.server]).toEqual(['dtls', CLIENT, SERVER]);
    expect(r.dtls!.helloVerifyRequest).toBe(true);
    expect(r.dtls!.helloVerifyRequestCookies).toEqual(['c00c1e5a']);
    expect(r.dtls!.clientHelloCookies).toEqual(['', 'c00c1e5a']);
    expect(r.tls!.handshakeTypes).toEqual({ c2s: [1, 1], s2c: [3] });
    expect(r.tls!.sni).toBe('example.com');
    expect(r.tls!.clientHellos[0].legacyVersion).toBe('0xfefd');
    // JA4 a-part by hand (FoxIO JA4.md): d, highest supported_versions entry (0x0304: 13), SNI, 2 suites, 11 extensions, ALPN "alpn"
    expect(r.tls!.ja4!.slice(0, 10)).toBe('d13d0211an');
  });

  it('fragments out of order, with a stray fragment of another message between them, give one ClientHello and leave the stray apart', () => {
    const hello = dtlsClientHello(COOKIE);
    const { reports, session } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: record(22, 0, 0, fragment(1, 1, hello, 100)) },
      { from: CLIENT, to: SERVER, payload: record(22, 0, 1, fragment(1, 0, Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]), 0, 4)) },
      { from: CLIENT, to: SERVER, payload: record(22, 0, 2, fragment(1, 1, hello, 0, 100)) },
    ]);
    const r = reports[0];
    expect(r.tls!.handshakeTypes.c2s).toEqual([1]);
    expect(r.tls!.sni).toBe('example.com');
    const entries = r.dtls!.records.map((rec) => rec.handshake![0]);
    expect(entries.map((h) => [h.messageSeq, h.fragmentOffset, h.fragmentLength, h.fragment, h.reassembledFromFrames ?? null])).toEqual([
      [1, 100, hello.length - 100, true, null],
      [0, 0, 4, true, null],
      [1, 0, 100, true, [1, 3]],
    ]);
    expect(session.analyzer.stats.anomalies['dtls.incomplete-message']).toBe(1);
  });

  it('a fragment that gives another length for the same message_seq is kept apart and reported', () => {
    const hello = dtlsClientHello([]);
    const { reports, session } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: record(22, 0, 0, fragment(1, 0, hello, 0, 50)) },
      { from: CLIENT, to: SERVER, payload: record(22, 0, 1, fragment(1, 0, hello.subarray(0, 120), 50)) },
      { from: CLIENT, to: SERVER, payload: record(22, 0, 2, fragment(1, 0, hello, 50)) },
    ]);
    expect(session.analyzer.stats.anomalies['dtls.fragment-mismatch']).toBe(1);
    expect(reports[0].tls!.sni).toBe('example.com');
  });

  it('a flight sent again after a timeout is marked retransmitted, its records and its flight', () => {
    const first = record(22, 0, 0, fragment(1, 0, dtlsClientHello([])));
    const again = record(22, 0, 1, fragment(1, 0, dtlsClientHello([])));
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: first },
      { from: CLIENT, to: SERVER, payload: again },
    ]);
    const d = reports[0].dtls!;
    expect(d.records.map((r) => [r.sequence, r.retransmitted])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(d.retransmittedRecords).toBe(1);
    expect(d.flights.map((f) => [f.firstFrame, f.retransmitted])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('records of epoch 1 without keys are listed as encrypted, with their epoch and 48-bit sequence number', () => {
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: record(22, 0, 0, fragment(1, 0, dtlsClientHello([]))) },
      { from: SERVER, to: CLIENT, payload: record(22, 0, 0, fragment(2, 0, SERVER_HELLO_DTLS12)) },
      { from: CLIENT, to: SERVER, payload: Uint8Array.from([...record(20, 0, 1, [1]), ...record(22, 1, 2 ** 40, new Array(40).fill(0x42))]) },
    ]);
    const recs = reports[0].dtls!.records;
    expect(recs.map((r) => [r.frame, r.epoch, r.sequence, r.contentType, r.encrypted])).toEqual([
      [1, 0, 0, 22, false],
      [2, 0, 0, 22, false],
      [3, 0, 1, 20, false],
      [3, 1, 2 ** 40, 22, true],
    ]);
    expect(reports[0].tls!.version).toBe('0xfefd');
    expect(reports[0].tls!.handshakeTypes.c2s).toEqual([1, 'encrypted']);
  });
});
