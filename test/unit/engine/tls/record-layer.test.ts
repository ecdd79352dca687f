/**
 * Record framing and handshake reassembly on hand-built byte streams: splits, merges,
 * gaps, nonsense headers, caps. Layouts follow RFC 5246 §6.2 / §7.4 and RFC 8446 §5.
 */

import { describe, expect, it } from 'vitest';
import { concatBytes, feedChunks, rechunk, type Chunk } from './helpers/feed';
import { alpnExtension, clientHelloRecord, handshake, record, serverHelloBody, sniExtension, u24 } from './helpers/tls-bytes';

const T0 = 1_700_000_000;
const CH = clientHelloRecord({ cipherSuites: [0xc02f, 0x009c], extensions: [sniExtension('example.org'), alpnExtension(['h2'])] });
const SH = handshake(2, serverHelloBody({ cipherSuite: 0xc02f }));
const CERT = handshake(11, Uint8Array.from([...u24(3 + 10), ...u24(10), ...Array(10).fill(0x30)]));
const SHD = handshake(14, []);

const c2s = (bytes: Uint8Array, t = 0): Chunk => ({ dir: 'c2s', bytes, time: T0 + t });
const s2c = (bytes: Uint8Array, t = 0): Chunk => ({ dir: 's2c', bytes, time: T0 + t });

describe('record layer', () => {
  it('reassembles a record delivered one byte per segment', () => {
    const chunks = rechunk([c2s(CH)], [1]);
    const { analyzer } = feedChunks(chunks);
    const s = analyzer.summary({})!;
    expect(s.records.c2s).toEqual([22]);
    expect(s.handshakeTypes.c2s).toEqual([1]);
    expect(s.sni).toBe('example.org');
    const hello = s.messages.find((m) => m.type === 1)!;
    // the message body starts after the 5-byte record header: frame 6 holds its first byte
    expect(hello.frames[0]).toBe(6);
    expect(hello.frames[hello.frames.length - 1]).toBe(CH.length);
    expect(hello.fileOffsetsTruncated).toBe(true);
    expect(hello.fileOffsets[0]).toEqual({ frame: 6, fileOffset: 6000, payloadOffset: 54, length: 1 });
    expect(hello.streamOffset).toBe(5);
  });

  it('frames several records in one segment and maps each to its bytes', () => {
    const flight = concatBytes(record(22, SH), record(22, CERT), record(22, SHD));
    const { analyzer } = feedChunks([c2s(CH), s2c(flight, 0.01)]);
    const s = analyzer.summary({})!;
    expect(s.records.s2c).toEqual([22, 22, 22]);
    expect(s.handshakeTypes.s2c).toEqual([2, 11, 14]);
    const cert = s.messages.find((m) => m.type === 11)!;
    expect(cert.streamOffset).toBe(5 + SH.length + 5);
    expect(cert.fileOffsets).toEqual([{ frame: 2, fileOffset: 2000, payloadOffset: 54 + cert.streamOffset, length: CERT.length }]);
  });

  it('splits several handshake messages sharing one record', () => {
    const { analyzer } = feedChunks([c2s(CH), s2c(record(22, concatBytes(SH, CERT, SHD)))]);
    const s = analyzer.summary({})!;
    expect(s.records.s2c).toEqual([22]);
    expect(s.handshakeTypes.s2c).toEqual([2, 11, 14]);
    expect(s.cipherSuiteName).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  });

  it('joins a handshake message spread over several records and segments', () => {
    const der = Uint8Array.from({ length: 40_000 }, (_, i) => i & 0xff);
    const cert = handshake(11, concatBytes(Uint8Array.from(u24(der.length + 3)), Uint8Array.from(u24(der.length)), der));
    const parts = [cert.subarray(0, 16384), cert.subarray(16384, 32768), cert.subarray(32768)];
    const stream = concatBytes(record(22, SH), ...parts.map((p) => record(22, p)), record(22, SHD));
    const { analyzer } = feedChunks([c2s(CH), ...rechunk([s2c(stream)], [1460])]);
    const s = analyzer.summary({})!;
    expect(s.records.s2c).toEqual([22, 22, 22, 22, 22]);
    expect(s.handshakeTypes.s2c).toEqual([2, 11, 14]);
    const m = s.messages.find((x) => x.type === 11)!;
    expect(m.recordCount).toBe(3);
    expect(m.length).toBe(der.length + 6);
    expect(s.certificates).toHaveLength(1);
    expect(s.certificates[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats every handshake record after ChangeCipherSpec as encrypted, even one that parses', () => {
    const fakeFinished = record(22, SHD); // 0e 00 00 00 looks like ServerHelloDone
    const { analyzer } = feedChunks([c2s(CH), s2c(concatBytes(record(22, SH), record(20, [1]), fakeFinished))]);
    const s = analyzer.summary({})!;
    expect(s.handshakeTypes.s2c).toEqual([2, 'encrypted']);
    expect(s.messages.map((m) => m.kind)).toEqual(['handshake', 'handshake', 'change_cipher_spec', 'handshake']);
  });

  it('keeps framing across a gap inside an application-data record', () => {
    const app = record(23, new Uint8Array(3000));
    const after = record(23, new Uint8Array(100));
    const { analyzer } = feedChunks([], { end: false });
    const a = analyzer;
    a.client.data(CH, 0, { frame: 1, time: T0, fileOffset: 0 }, 0);
    a.server.data(record(22, SH), 0, { frame: 2, time: T0, fileOffset: 0 }, 0);
    const base = CH.length;
    a.client.data(app.subarray(0, 1000), base, { frame: 3, time: T0, fileOffset: 0 }, 0);
    a.client.gap(base + 1000, 1000, { frame: 4, time: T0, fileOffset: 0 });
    a.client.data(concatBytes(app.subarray(2000), after), base + 2000, { frame: 4, time: T0, fileOffset: 0 }, 0);
    const s = a.summary({})!;
    expect(s.records.c2s).toEqual([22, 23, 23]);
    expect(s.appData.c2s).toEqual({ records: 2, bytes: 3100 });
    expect(s.anomalies.map((x) => x.code)).toContain('tls.gap-in-record');
  });

  it('stops at a gap that swallows record boundaries and resumes at a trustworthy header', () => {
    const { analyzer } = feedChunks([], { end: false });
    const a = analyzer;
    a.client.data(CH, 0, { frame: 1, time: T0, fileOffset: 0 }, 0);
    const hs = record(22, SH);
    a.server.data(hs, 0, { frame: 2, time: T0, fileOffset: 0 }, 0);
    const lost = record(22, CERT);
    // the gap covers the whole Certificate record and part of the next one
    a.server.gap(hs.length, lost.length + 3, { frame: 3, time: T0, fileOffset: 0 });
    const shdRecord = record(22, SHD);
    // a segment starting mid-record is not trusted...
    a.server.data(shdRecord.subarray(3), hs.length + lost.length + 3, { frame: 3, time: T0, fileOffset: 0 }, 0);
    let at = hs.length + lost.length + shdRecord.length;
    // ...the next one that starts with two chained headers is
    const resumed = concatBytes(record(20, [1]), record(22, new Uint8Array(40)));
    a.server.data(resumed, at, { frame: 4, time: T0, fileOffset: 0 }, 0);
    at += resumed.length;
    const s = a.summary({})!;
    expect(s.records.s2c).toEqual([22, 20, 22]);
    expect(s.handshakeTypes.s2c).toEqual([2, 'encrypted']);
    expect(s.anomalies.map((x) => x.code)).toEqual(expect.arrayContaining(['tls.gap', 'tls.resynchronised']));
  });

  it('rejects absurd record lengths and nonsense versions without losing what came before', () => {
    const tooLong = Uint8Array.from([23, 3, 3, 0xff, 0xff, 1, 2, 3]);
    const { analyzer, anomalies } = feedChunks([c2s(CH), s2c(record(22, SH)), c2s(tooLong), c2s(record(23, [1, 2, 3]))]);
    const s = analyzer.summary({})!;
    expect(anomalies.map((x) => x.code)).toContain('tls.record-too-long');
    expect(s.records.c2s).toEqual([22, 23]);
    expect(s.sni).toBe('example.org');

    const badVersion = Uint8Array.from([23, 9, 9, 0, 1, 0]);
    const second = feedChunks([c2s(CH), c2s(badVersion)]);
    expect(second.anomalies.map((x) => x.code)).toContain('tls.bad-record-header');
    expect(second.analyzer.summary({})!.records.c2s).toEqual([22]);
  });

  it('keeps a record of unknown content type raw', () => {
    const { analyzer } = feedChunks([c2s(CH), s2c(record(22, SH)), c2s(record(25, [1, 2, 3, 4]))]);
    const s = analyzer.summary({})!;
    expect(s.records.c2s).toEqual([22, 25]);
    expect(s.messages[s.messages.length - 1]).toMatchObject({ kind: 'unknown', type: 25, recordType: 25, length: 4 });
  });

  it('decodes plaintext heartbeats and flags a request claiming more than it carries', () => {
    const honest = record(24, [1, ...[0, 3], 7, 7, 7, ...Array(16).fill(0)]);
    const bleed = record(24, [1, 0x40, 0x00, 1, 2, 3]);
    const { analyzer, anomalies } = feedChunks([c2s(CH), s2c(record(22, SH)), c2s(honest), c2s(bleed)]);
    const beats = analyzer.summary({})!.messages.filter((m) => m.kind === 'heartbeat');
    expect(beats.map((m) => [m.type, m.name, m.detail?.payloadLength])).toEqual([
      [1, 'heartbeat_request', 3],
      [1, 'heartbeat_request', 0x4000],
    ]);
    expect(beats[1].detail?.overread).toBe(true);
    expect(anomalies.filter((a) => a.code === 'tls.heartbeat-overread')).toHaveLength(1);
  });

  it('does not list a record cut short by the end of the capture', () => {
    const app = record(23, new Uint8Array(500));
    const { analyzer } = feedChunks([c2s(CH), c2s(app.subarray(0, 200))]);
    const s = analyzer.summary({})!;
    expect(s.records.c2s).toEqual([22]);
    expect(s.incompleteRecords.c2s).toBe(1);
  });

  it('skips a handshake message over the 1 MiB cap and carries on', () => {
    const huge = 2 * 1024 * 1024;
    const header = Uint8Array.from([11, ...u24(huge)]);
    const body = new Uint8Array(huge);
    const stream = concatBytes(header, body);
    const records: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i += 16384) records.push(record(22, stream.subarray(i, i + 16384)));
    records.push(record(22, SHD));
    const { analyzer, anomalies } = feedChunks([c2s(CH), s2c(record(22, SH)), ...records.map((r) => s2c(r))]);
    const s = analyzer.summary({})!;
    expect(anomalies.map((x) => x.code)).toContain('tls.handshake-too-long');
    expect(s.handshakeTypes.s2c).toEqual([2, 11, 14]);
    expect(s.messages.find((m) => m.type === 11)!.detail).toEqual({ skipped: true });
  });

  it('counts application data down without keeping it (1 GiB through in bounded memory)', () => {
    const analyzer = feedChunks([c2s(CH), s2c(record(22, SH))], { end: false }).analyzer;
    const payload = new Uint8Array(16384);
    const rec = record(23, payload);
    const chunk = concatBytes(rec, rec, rec, rec); // 64 KiB + headers per segment
    const total = 1024 * 1024 * 1024;
    const segments = Math.ceil(total / (4 * 16384));
    let offset = record(22, SH).length;
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    for (let i = 0; i < segments; i++) {
      analyzer.server.data(chunk, offset, { frame: 3 + i, time: T0 + i * 1e-4, fileOffset: 0 }, 0);
      offset += chunk.length;
    }
    const s = analyzer.summary({})!;
    expect(s.appData.s2c).toEqual({ records: segments * 4, bytes: segments * 4 * 16384 });
    expect(s.messages.filter((m) => m.kind === 'application_data')).toHaveLength(2);
    expect(s.records.s2c.length).toBe(2000);
    expect(s.recordsTruncated.s2c).toBe(true);
    expect(s.recordCounts.s2c['23']).toBe(segments * 4);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
