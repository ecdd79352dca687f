/**
 * Field byte ranges, checked against bytes built from the specifications
 * (RFC 8446 §4.1.2, §5.1; RFC 5246 §7.4.1), and the frame ↔ message mapping.
 */
import { describe, expect, it } from 'vitest';
import type { TlsMessage } from '../../../../../contract/api';
import { cipherSuiteName } from '../../../../../contract/names/cipher-suites';
import { extensionName } from '../../../../../contract/names/extensions';
import { assembleMessage, toFrameRanges, toMessageOffset } from '../../../../../renderer/src/features/inspect/message-bytes';
import { fieldAt, flattenFields, handshakeMessageFields, looksLikeRecordHeader, recordFields } from '../../../../../renderer/src/features/inspect/tls-fields';
import { message } from '../../../../support/synthetic-connection';

const names = { cipherSuite: cipherSuiteName, extension: extensionName };

function concat(...parts: Array<number[] | Uint8Array>): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}
const u16 = (v: number) => [v >> 8, v & 255];
const u24 = (v: number) => [v >> 16, (v >> 8) & 255, v & 255];

/** A ClientHello body: version, random, session id, suites, compression, extensions (server_name, supported_groups). */
function clientHelloBody(): Uint8Array {
  const sni = new TextEncoder().encode('example.com');
  const serverName = concat(u16(sni.length + 3), [0], u16(sni.length), sni);
  const groups = concat(u16(4), u16(0x001d), u16(0x0017));
  const extensions = concat(u16(0), u16(serverName.length), serverName, u16(10), u16(groups.length), groups);
  return concat(u16(0x0303), new Uint8Array(32).fill(0xab), [4, 1, 2, 3, 4], u16(6), u16(0x1301), u16(0xc02f), u16(0x002f), [1, 0], u16(extensions.length), extensions);
}

function handshake(type: number, body: Uint8Array): Uint8Array {
  return concat([type], u24(body.length), body);
}

function record(type: number, payload: Uint8Array): Uint8Array {
  return concat([type, 0x03, 0x01], u16(payload.length), payload);
}

describe('TLS field byte ranges', () => {
  it('ClientHello: record header, handshake header, every main field, each suite and extension', () => {
    const bytes = record(22, handshake(1, clientHelloBody()));
    const fields = handshakeMessageFields(bytes, 5, names, 0);
    const byId = new Map(flattenFields(fields).map((f) => [f.id, f]));
    const range = (id: string) => [byId.get(id)!.start, byId.get(id)!.end];
    expect(range('record0')).toEqual([0, 5]);
    expect(range('record0.type')).toEqual([0, 1]);
    expect(range('record0.version')).toEqual([1, 3]);
    expect(range('record0.length')).toEqual([3, 5]);
    expect(byId.get('record0.length')!.value).toBe(String(bytes.length - 5));
    expect(range('hs.type')).toEqual([5, 6]);
    expect(range('hs.length')).toEqual([6, 9]);
    expect(range('hello.version')).toEqual([9, 11]);
    expect(range('hello.random')).toEqual([11, 43]);
    expect(byId.get('hello.random')!.value).toBe('ab'.repeat(32));
    expect(range('hello.sessionId')).toEqual([43, 48]);
    expect(byId.get('hello.sessionId')!.value).toBe('01020304');
    expect(range('hello.suites')).toEqual([48, 56]);
    expect(byId.get('hello.suites')!.labelParams).toEqual({ count: 3 });
    expect(byId.get('hello.suites')!.children!.map((c) => c.value)).toEqual(['TLS_AES_128_GCM_SHA256 (0x1301)', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)', 'TLS_RSA_WITH_AES_128_CBC_SHA (0x002f)']);
    expect(range('hello.suites.1')).toEqual([52, 54]);
    expect(range('hello.compression')).toEqual([56, 58]);
    expect(range('hello.extensions')).toEqual([58, bytes.length]);
    const ext = byId.get('hello.extensions')!.children!;
    expect(ext.map((e) => e.labelParams!.name)).toEqual(['server_name', 'supported_groups']);
    expect([ext[0].start, ext[0].end]).toEqual([60, 60 + 4 + 16]);
    expect(ext[1].end).toBe(bytes.length);
    // the byte under the cursor: the deepest field
    expect(fieldAt(fields, 53)!.id).toBe('hello.suites.1');
    expect(fieldAt(fields, 20)!.id).toBe('hello.random');
    expect(fieldAt(fields, 2)!.id).toBe('record0.version');
  });

  it('ServerHello: one suite and one compression byte', () => {
    const body = concat(u16(0x0303), new Uint8Array(32), [0], u16(0xc02f), [0], u16(0));
    const fields = flattenFields(handshakeMessageFields(handshake(2, body), 0, names, null));
    expect(fields.map((f) => [f.id, f.start, f.end])).toEqual([
      ['hs.type', 0, 1],
      ['hs.length', 1, 4],
      ['hello.version', 4, 6],
      ['hello.random', 6, 38],
      ['hello.sessionId', 38, 39],
      ['hello.suite', 39, 41],
      ['hello.compression', 41, 42],
      ['hello.extensions', 42, 44],
    ]);
  });

  it('a truncated hello stops at the last whole field, never past the bytes', () => {
    const full = record(22, handshake(1, clientHelloBody()));
    const cut = full.subarray(0, 50);
    const fields = flattenFields(handshakeMessageFields(cut, 5, names, 0));
    for (const f of fields) expect(f.end).toBeLessThanOrEqual(50);
    expect(fields.map((f) => f.id)).toContain('hello.sessionId');
    expect(fields.map((f) => f.id)).not.toContain('hello.suites');
  });

  it('records: CCS, a plaintext alert, encrypted payloads; back to back', () => {
    const bytes = concat(record(20, Uint8Array.of(1)), record(21, Uint8Array.of(2, 40)), record(23, new Uint8Array(30)));
    const fields = recordFields(bytes, 0, { alertDescription: (d) => (d === 40 ? 'handshake_failure' : '?') }, false);
    expect(fields.map((f) => [f.start, f.end])).toEqual([
      [0, 6],
      [6, 13],
      [13, 48],
    ]);
    expect(fields[0].children!.map((c) => c.id)).toEqual(['record0.type', 'record0.version', 'record0.length', 'record0.ccs']);
    expect(fields[1].children![4]).toMatchObject({ id: 'record1.description', start: 12, end: 13, value: 'handshake_failure (0x28)' });
    expect(fields[2].children![3]).toMatchObject({ id: 'record2.payload', start: 18, end: 48 });
    expect(looksLikeRecordHeader(bytes, 0, 20)).toBe(true);
    expect(looksLikeRecordHeader(bytes, 1, 20)).toBe(false);
  });
});

describe('message bytes across frames', () => {
  /** Two frames: 54 bytes of headers, then the message's bytes (the record header only before the first part). */
  function framesFor(msg: Uint8Array, split: number): Map<number, Uint8Array> {
    const header = new Uint8Array(54).fill(0xee);
    return new Map([
      [4, concat(header, msg.subarray(0, split))],
      [5, concat(header, msg.subarray(split))],
    ]);
  }

  it('joins a handshake message split over two segments, finds its record header, maps offsets both ways', () => {
    const wire = record(22, handshake(1, clientHelloBody()));
    const frames = framesFor(wire, 40);
    const m: TlsMessage = message('c2s', 'handshake', 1, 'client_hello', [4, 5], 0, wire.length - 9, {
      fileOffsets: [
        { frame: 4, fileOffset: 100, payloadOffset: 54 + 5, length: 35 },
        { frame: 5, fileOffset: 200, payloadOffset: 54, length: wire.length - 40 },
      ],
    });
    const asm = assembleMessage(m, frames, names);
    expect(asm.partial).toBe(false);
    expect(Array.from(asm.bytes)).toEqual(Array.from(wire));
    expect(asm.pieces).toEqual([
      { frame: 4, frameStart: 54, messageStart: 0, length: 40 },
      { frame: 5, frameStart: 54, messageStart: 40, length: wire.length - 40 },
    ]);
    // the random (message bytes 11–43) straddles the two frames
    const random = flattenFields(asm.fields).find((f) => f.id === 'hello.random')!;
    expect(toFrameRanges(asm.pieces, random.start, random.end)).toEqual([
      { frame: 4, start: 54 + 11, end: 54 + 40 },
      { frame: 5, start: 54, end: 54 + 3 },
    ]);
    expect(toMessageOffset(asm.pieces, 5, 54 + 2)).toBe(42);
    expect(toMessageOffset(asm.pieces, 4, 10)).toBeNull();
  });

  it('a second message in the same record has no record header of its own; missing frames make it partial', () => {
    const done = handshake(14, new Uint8Array(0));
    const frames = new Map([[9, concat(new Uint8Array(100).fill(0x55), done)]]);
    const m = message('s2c', 'handshake', 14, 'server_hello_done', [9], 0, 0, { fileOffsets: [{ frame: 9, fileOffset: 0, payloadOffset: 100, length: 4 }] });
    const asm = assembleMessage(m, frames);
    expect(asm.fields.map((f) => f.id)).toEqual(['hs.type', 'hs.length']);
    expect(assembleMessage(m, new Map()).partial).toBe(true);
  });
});
