/**
 * WebSocket frames byte by byte (RFC 6455 §5.2), for tests that must send
 * what no library client would: unmasked, oversized, fragmented, floods.
 */
import { randomBytes } from 'node:crypto';

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export type Message =
  | { type: 'text'; data: string }
  | { type: 'binary'; data: Buffer }
  | { type: 'ping' | 'pong'; data: Buffer }
  | { type: 'close'; code: number | null; reason: string };

export interface FrameOptions {
  /** clients must mask (§5.3); false to send what a server must refuse */
  mask?: boolean;
  /** false for every fragment but the last (§5.4) */
  fin?: boolean;
  /** claim this payload length in the header instead of the real one */
  declaredLength?: number;
}

export function encodeFrame(opcode: number, payload: Uint8Array, options: FrameOptions = {}): Buffer {
  const mask = options.mask ?? true;
  const length = options.declaredLength ?? payload.length;
  const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] ^= key[i & 3];
  return Buffer.concat([Buffer.from(head), key, body]);
}

/** Reads the server's (unmasked) frames from a byte stream; fragments joined. */
export class FrameReader {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;

  push(chunk: Buffer): Message[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Message[] = [];
    for (;;) {
      if (this.buffer.length < 2) return out;
      const fin = (this.buffer[0] & 0x80) !== 0;
      const opcode = this.buffer[0] & 0x0f;
      let length = this.buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return out;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return out;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return out;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === OPCODE.close) {
        out.push({ type: 'close', code: payload.length >= 2 ? payload.readUInt16BE(0) : null, reason: payload.subarray(2).toString('utf8') });
      } else if (opcode === OPCODE.ping || opcode === OPCODE.pong) {
        out.push({ type: opcode === OPCODE.ping ? 'ping' : 'pong', data: Buffer.from(payload) });
      } else {
        if (opcode !== OPCODE.continuation) this.fragmentOpcode = opcode;
        this.fragments.push(Buffer.from(payload));
        if (!fin) continue;
        const data = Buffer.concat(this.fragments);
        this.fragments = [];
        out.push(this.fragmentOpcode === OPCODE.text ? { type: 'text', data: data.toString('utf8') } : { type: 'binary', data });
      }
    }
  }
}
