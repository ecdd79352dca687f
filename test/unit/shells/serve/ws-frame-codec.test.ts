import { describe, expect, it } from 'vitest';
import { acceptKey } from '../../../../main/shells/serve/ws/handshake';
import { encodeFrame, MessageDecoder, OPCODE, ProtocolError } from '../../../../main/shells/serve/ws/frame-codec';

const server = () => new MessageDecoder({ expectMasked: true, maxMessageBytes: 1 << 20 });

describe('WebSocket frames (RFC 6455)', () => {
  it('computes the accept key of the RFC example (§1.3)', () => {
    expect(acceptKey('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('decodes the RFC masked "Hello" example (§5.7)', () => {
    const frame = Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    expect(server().push(frame)).toEqual([{ type: 'text', data: 'Hello' }]);
  });

  it('round-trips 7-bit, 16-bit and 64-bit lengths, split at every awkward place', () => {
    for (const size of [0, 125, 126, 65535, 65536, 200_000]) {
      const payload = Buffer.alloc(size, 0x5a);
      const frame = encodeFrame(OPCODE.binary, payload, { mask: true });
      const d = server();
      const out = [...d.push(frame.subarray(0, 1)), ...d.push(frame.subarray(1, 9)), ...d.push(frame.subarray(9))];
      expect(out).toHaveLength(1);
      expect(out[0].type).toBe('binary');
      expect((out[0] as { data: Buffer }).data.equals(payload)).toBe(true);
    }
  });

  it('assembles a fragmented text message around an interleaved ping', () => {
    const d = server();
    const out = [
      ...d.push(encodeFrame(OPCODE.text, Buffer.from('Hel'), { mask: true, fin: false })),
      ...d.push(encodeFrame(OPCODE.ping, Buffer.from('p'), { mask: true })),
      ...d.push(encodeFrame(OPCODE.continuation, Buffer.from('lo'), { mask: true })),
    ];
    expect(out.map((m) => m.type)).toEqual(['ping', 'text']);
    expect(out[1]).toEqual({ type: 'text', data: 'Hello' });
  });

  it('refuses unmasked client frames, oversized messages, bad UTF-8 and stray continuations', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ProtocolError).closeCode;
      }
      return null;
    };
    expect(err(() => server().push(encodeFrame(OPCODE.text, Buffer.from('x'))))).toBe(1002);
    const small = new MessageDecoder({ expectMasked: true, maxMessageBytes: 10 });
    expect(err(() => small.push(encodeFrame(OPCODE.binary, Buffer.alloc(11), { mask: true })))).toBe(1009);
    expect(err(() => server().push(encodeFrame(OPCODE.text, Buffer.from([0xff, 0xfe]), { mask: true })))).toBe(1007);
    expect(err(() => server().push(encodeFrame(OPCODE.continuation, Buffer.from('x'), { mask: true })))).toBe(1002);
  });
});
