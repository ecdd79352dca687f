import { beforeAll, describe, expect, it } from 'vitest';
import { TlsConnectionAnalyzer } from '../../../../../main/engine/tls/connection';
import { KeyStore } from '../../../../../main/engine/tls/decrypt/key-store';
import type { OpenedRecord } from '../../../../../contract/report/tls-summary';
import type { Chunk } from '../helpers/feed';
import { makeCertificate, type TestCertificate } from '../helpers/node-tls-session';
import { recordKeyedSession } from './helpers/keyed-session';

/**
 * Records opened up for the detail view (issue 19 item 3): per protected record the nonce,
 * the additional data, the tag and (TLS 1.3) the inner content type, checked against the
 * record layouts of RFC 8446 §5.2–5.3 and RFC 5288 §3 read off the captured bytes.
 */
let cert: TestCertificate;
beforeAll(() => {
  cert = makeCertificate('opened.test');
});

function open(chunks: Chunk[], keylog: string): { records: OpenedRecord[]; wire: Map<number, Uint8Array>; analyzer: TlsConnectionAnalyzer } {
  const keys = new KeyStore();
  keys.addKeyLog(keylog, 'keylog');
  const records: OpenedRecord[] = [];
  const analyzer = new TlsConnectionAnalyzer({ decryption: { keys, onRecordOpened: (r) => records.push(r) } });
  const offsets = { c2s: 0, s2c: 0 };
  const wire = new Map<number, Uint8Array>();
  chunks.forEach((c, i) => {
    wire.set(i + 1, c.bytes);
    (c.dir === 'c2s' ? analyzer.client : analyzer.server).data(c.bytes, offsets[c.dir], { frame: i + 1, time: c.time, fileOffset: 1000 * (i + 1) }, 0);
    offsets[c.dir] += c.bytes.length;
  });
  analyzer.client.end();
  analyzer.server.end();
  return { records, wire, analyzer };
}

/** the record's bytes (header first) as captured, from its one file span */
function bytesOf(r: OpenedRecord, wire: Map<number, Uint8Array>): Uint8Array {
  const span = r.fileOffsets[0];
  return wire.get(span.frame)!.subarray(span.payloadOffset, span.payloadOffset + span.length);
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const request = Buffer.from('GET / HTTP/1.1\r\n\r\n');
const response = Buffer.from('HTTP/1.1 204 No Content\r\n\r\n');

describe('opened records', () => {
  it('TLS 1.3: nonce = handshake IV XOR sequence number, AAD = the record header, tag = the last 16 bytes, inner type 22 then 23', async () => {
    const s = await recordKeyedSession(cert, { server: { minVersion: 'TLSv1.3' }, client: { ciphers: 'TLS_AES_128_GCM_SHA256' }, request, response });
    const { records, wire, analyzer } = open(s.chunks, s.keylog);
    const server = records.filter((r) => r.dir === 's2c');
    const iv = analyzer.summary()!.decryption!.keySchedule!.tls13!.serverHandshake!.iv.hex;
    expect(server[0]).toMatchObject({ seq: 0, nonce: iv, innerType: 22, recordType: 23 });
    const second = BigInt('0x' + iv) ^ 1n;
    expect(server[1].nonce).toBe(second.toString(16).padStart(24, '0'));
    const bytes = bytesOf(server[0], wire);
    expect(server[0].additionalData).toBe(hex(bytes.subarray(0, 5)));
    expect(server[0].tag).toBe(hex(bytes.subarray(bytes.length - 16)));
    const app = records.find((r) => r.dir === 'c2s' && r.innerType === 23)!;
    expect(Buffer.from(app.plaintext).equals(request)).toBe(true);
  });

  it('TLS 1.2 AES-GCM: nonce = 4-byte salt ‖ the explicit 8 bytes after the header, AAD = seq ‖ type ‖ version ‖ plaintext length', async () => {
    const s = await recordKeyedSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }, request, response });
    const { records, wire, analyzer } = open(s.chunks, s.keylog);
    const salt = analyzer.summary()!.decryption!.keySchedule!.tls12!.client.iv!.hex;
    const app = records.find((r) => r.dir === 'c2s' && r.recordType === 23)!;
    const bytes = bytesOf(app, wire);
    expect(app.nonce).toBe(salt + hex(bytes.subarray(5, 13)));
    expect(app.additionalData).toBe('0000000000000001' + '17' + '0303' + request.length.toString(16).padStart(4, '0'));
    expect(app.tag).toBe(hex(bytes.subarray(bytes.length - 16)));
    expect(app.innerType).toBeNull();
  });
});
