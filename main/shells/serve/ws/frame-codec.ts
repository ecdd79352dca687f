/**
 * WebSocket frames (RFC 6455 §5): encoding, and an incremental decoder that
 * assembles fragmented messages. No extensions are negotiated, so RSV bits
 * must be zero.
 */
import { randomBytes } from 'node:crypto';

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export type Message = { type: 'text'; data: string } | { type: 'binary'; data: Buffer } | { type: 'close'; code: number | null; reason: string } | { type: 'ping'; data: Buffer } | { type: 'pong'; data: Buffer };

export class ProtocolError extends Error {
  /** close code to send (1002 protocol error, 1009 too big, 1007 bad UTF-8) */
  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** A frame; `mask` is required client → server and forbidden server → client. */
export function encodeFrame(opcode: number, payload: Uint8Array, options: { mask?: boolean; fin?: boolean } = {}): Buffer {
  const fin = options.fin ?? true;
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const maskBytes = options.mask ? 4 : 0;
  const out = Buffer.alloc(2 + lengthBytes + maskBytes + length);
  out[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
  out[1] = (options.mask ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) out.writeUInt16BE(length, 2);
  else if (lengthBytes === 8) out.writeBigUInt64BE(BigInt(length), 2);
  const start = 2 + lengthBytes + maskBytes;
  if (options.mask) {
    const key = randomBytes(4);
    key.copy(out, 2 + lengthBytes);
    for (let i = 0; i < length; i++) out[start + i] = payload[i] ^ key[i & 3];
  } else {
    out.set(payload, start);
  }
  return out;
}

export function encodeClose(code: number, reason = '', mask = false): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return encodeFrame(OPCODE.close, payload, { mask });
}

export interface DecoderOptions {
  /** true on the server: RFC 6455 requires clients to mask every frame */
  expectMasked: boolean;
  maxMessageBytes: number;
}

export class MessageDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentsLength = 0;
  private fragmentOpcode: number | null = null;

  constructor(private readonly options: DecoderOptions) {}

  /** Feed socket bytes; returns the complete messages they finish. Throws ProtocolError. */
  push(chunk: Buffer): Message[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: Message[] = [];
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) break;
      const message = this.assemble(frame);
      if (message) out.push(message);
    }
    return out;
  }

  private nextFrame(): Frame | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    const fin = (b[0] & 0x80) !== 0;
    if ((b[0] & 0x70) !== 0) throw new ProtocolError(1002, 'reserved bits set');
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    if (masked !== this.options.expectMasked) throw new ProtocolError(1002, masked ? 'unexpected masked frame' : 'unmasked client frame');
    let length = b[1] & 0x7f;
    let at = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      at = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(this.options.maxMessageBytes)) throw new ProtocolError(1009, 'frame too large');
      length = Number(big);
      at = 10;
    }
    if (opcode >= 0x8 && (length > 125 || !fin)) throw new ProtocolError(1002, 'bad control frame');
    if (length > this.options.maxMessageBytes) throw new ProtocolError(1009, 'frame too large');
    const maskAt = at;
    if (masked) at += 4;
    if (b.length < at + length) return null;
    const payload = Buffer.from(b.subarray(at, at + length));
    if (masked) for (let i = 0; i < length; i++) payload[i] ^= b[maskAt + (i & 3)];
    this.buffer = b.subarray(at + length);
    return { fin, opcode, payload };
  }

  private assemble(frame: Frame): Message | null {
    switch (frame.opcode) {
      case OPCODE.ping:
        return { type: 'ping', data: frame.payload };
      case OPCODE.pong:
        return { type: 'pong', data: frame.payload };
      case OPCODE.close: {
        if (frame.payload.length === 1) throw new ProtocolError(1002, 'bad close payload');
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
        return { type: 'close', code, reason: frame.payload.subarray(2).toString('utf8') };
      }
      case OPCODE.text:
      case OPCODE.binary:
        if (this.fragmentOpcode !== null) throw new ProtocolError(1002, 'new message inside a fragmented one');
        if (frame.fin) return this.finish(frame.opcode, [frame.payload]);
        this.fragmentOpcode = frame.opcode;
        this.collect(frame.payload);
        return null;
      case OPCODE.continuation: {
        if (this.fragmentOpcode === null) throw new ProtocolError(1002, 'continuation without a message');
        this.collect(frame.payload);
        if (!frame.fin) return null;
        const opcode = this.fragmentOpcode;
        const parts = this.fragments;
        this.fragmentOpcode = null;
        this.fragments = [];
        this.fragmentsLength = 0;
        return this.finish(opcode, parts);
      }
      default:
        throw new ProtocolError(1002, `unknown opcode ${frame.opcode}`);
    }
  }

  private collect(part: Buffer): void {
    this.fragmentsLength += part.length;
    if (this.fragmentsLength > this.options.maxMessageBytes) throw new ProtocolError(1009, 'message too large');
    this.fragments.push(part);
  }

  private finish(opcode: number, parts: Buffer[]): Message {
    const data = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (opcode === OPCODE.binary) return { type: 'binary', data };
    const text = new TextDecoder('utf-8', { fatal: true });
    try {
      return { type: 'text', data: text.decode(data) };
    } catch {
      throw new ProtocolError(1007, 'text message is not UTF-8');
    }
  }
}
