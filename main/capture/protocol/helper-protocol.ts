/**
 * The byte stream from the capture helper (stdout) to the app: a magic, then
 * records. One channel for packets and control messages keeps their order
 * (a "stopped" message can never overtake the last packets).
 *
 *   stream  = "TLSLCAP1" record*
 *   record  = type:u8  0:u8 0:u8 0:u8  length:u32le  body[length]
 *   packet  (type 1) body = tsSec:u32le tsUsec:u32le caplen:u32le origlen:u32le data[caplen]
 *   message (type 2) body = UTF-8 JSON (HelperMessage)
 *
 * Lengths are checked against hard limits before anything is buffered, so a
 * corrupt stream is an error at once, never a wait for gigabytes that will not come.
 */
import type { HelperMessage } from './helper-messages';
import { appendToTail } from '../../engine/io/tail-buffer';

export const STREAM_MAGIC = new TextEncoder().encode('TLSLCAP1');
export const RECORD_HEADER = 8;
export const PACKET_HEADER = 16;
export const RECORD_PACKET = 1;
export const RECORD_MESSAGE = 2;
/** above any snap length libpcap uses (262144) */
export const MAX_CAPLEN = 262_144;
export const MAX_MESSAGE = 1024 * 1024;

export interface HelperPacket {
  tsSec: number;
  tsUsec: number;
  capturedLength: number;
  originalLength: number;
  /** valid only during the callback (a view into the decoder's buffer) */
  data: Uint8Array;
}

export class HelperProtocolError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`capture helper stream corrupt at byte ${offset}: ${message}`);
    this.name = 'HelperProtocolError';
  }
}

/** Writes a packet record into `out` at `at`; returns the bytes written. `out` must have room for packetRecordSize(caplen). */
export function writePacketRecord(out: Uint8Array, at: number, tsSec: number, tsUsec: number, data: Uint8Array, capturedLength: number, originalLength: number, outView?: DataView): number {
  // the helper passes its batch's view: one allocation per batch, not per packet (100k+ packets/s)
  const view = outView ?? new DataView(out.buffer, out.byteOffset, out.byteLength);
  const bodyLength = PACKET_HEADER + capturedLength;
  out[at] = RECORD_PACKET;
  out[at + 1] = 0;
  out[at + 2] = 0;
  out[at + 3] = 0;
  view.setUint32(at + 4, bodyLength, true);
  view.setUint32(at + 8, tsSec, true);
  view.setUint32(at + 12, tsUsec, true);
  view.setUint32(at + 16, capturedLength, true);
  view.setUint32(at + 20, originalLength, true);
  if (Buffer.isBuffer(data) && Buffer.isBuffer(out)) data.copy(out, at + RECORD_HEADER + PACKET_HEADER, 0, capturedLength);
  else out.set(capturedLength === data.length ? data : data.subarray(0, capturedLength), at + RECORD_HEADER + PACKET_HEADER);
  return RECORD_HEADER + bodyLength;
}

export function packetRecordSize(capturedLength: number): number {
  return RECORD_HEADER + PACKET_HEADER + capturedLength;
}

export function encodePacket(tsSec: number, tsUsec: number, data: Uint8Array, originalLength = data.length): Uint8Array {
  const out = new Uint8Array(packetRecordSize(data.length));
  writePacketRecord(out, 0, tsSec, tsUsec, data, data.length, originalLength);
  return out;
}

export function encodeMessage(message: HelperMessage): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify(message));
  if (body.length > MAX_MESSAGE) throw new Error(`helper message too long (${body.length} bytes)`);
  const out = new Uint8Array(RECORD_HEADER + body.length);
  out[0] = RECORD_MESSAGE;
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, RECORD_HEADER);
  return out;
}

export interface DecoderHandlers {
  packet(packet: HelperPacket): void;
  message(message: HelperMessage): void;
}

const EMPTY = new Uint8Array(0);

/**
 * Push decoder: chunks of any size, split anywhere. Keeps only the unparsed
 * tail (at most one record). After an error it stays failed and ignores input.
 */
export class HelperStreamDecoder {
  private buf: Uint8Array = EMPTY;
  private pos = 0;
  /** stream offset of buf[0] */
  private base = 0;
  private magicSeen = false;
  private failed: HelperProtocolError | null = null;
  private readonly text = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly handlers: DecoderHandlers) {}

  get error(): HelperProtocolError | null {
    return this.failed;
  }

  /** Total bytes consumed so far. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Feed bytes; throws HelperProtocolError (once) when the stream is corrupt. */
  push(chunk: Uint8Array): void {
    if (this.failed) throw this.failed;
    if (chunk.length === 0) return;
    const next = appendToTail(this.buf, this.pos, chunk);
    this.base += next.dropped;
    this.buf = next.bytes;
    this.pos = 0;
    try {
      this.parse();
    } catch (err) {
      this.failed = err instanceof HelperProtocolError ? err : new HelperProtocolError((err as Error).message, this.offset);
      this.buf = EMPTY;
      this.pos = 0;
      throw this.failed;
    }
  }

  /** End of stream: an unfinished record (or no magic at all) is an error. */
  end(): void {
    if (this.failed) throw this.failed;
    const rest = this.buf.length - this.pos;
    if (rest > 0) this.fail(`stream ended inside a record (${rest} bytes left over)`);
  }

  private fail(message: string, at = this.offset): never {
    this.failed = new HelperProtocolError(message, at);
    throw this.failed;
  }

  private parse(): void {
    const buf = this.buf;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (!this.magicSeen) {
      const have = Math.min(buf.length - this.pos, STREAM_MAGIC.length);
      for (let i = 0; i < have; i++) {
        if (buf[this.pos + i] !== STREAM_MAGIC[i]) this.fail('not a capture helper stream (bad magic)');
      }
      if (have < STREAM_MAGIC.length) return;
      this.pos += STREAM_MAGIC.length;
      this.magicSeen = true;
    }
    while (buf.length - this.pos >= RECORD_HEADER) {
      const p = this.pos;
      const type = buf[p];
      if (buf[p + 1] !== 0 || buf[p + 2] !== 0 || buf[p + 3] !== 0) this.fail('reserved header bytes are not zero', this.base + p);
      const length = view.getUint32(p + 4, true);
      if (type === RECORD_PACKET) {
        if (length < PACKET_HEADER || length > PACKET_HEADER + MAX_CAPLEN) this.fail(`impossible packet record length ${length}`, this.base + p);
      } else if (type === RECORD_MESSAGE) {
        if (length > MAX_MESSAGE) this.fail(`impossible message length ${length}`, this.base + p);
      } else {
        this.fail(`unknown record type ${type}`, this.base + p);
      }
      if (buf.length - p < RECORD_HEADER + length) return;
      const body = p + RECORD_HEADER;
      if (type === RECORD_PACKET) {
        const capturedLength = view.getUint32(body + 8, true);
        const originalLength = view.getUint32(body + 12, true);
        if (capturedLength !== length - PACKET_HEADER) this.fail(`packet claims ${capturedLength} captured bytes in a ${length}-byte record`, this.base + p);
        if (originalLength < capturedLength) this.fail(`packet original length ${originalLength} below captured length ${capturedLength}`, this.base + p);
        const tsUsec = view.getUint32(body + 4, true);
        if (tsUsec >= 1_000_000) this.fail(`microseconds ${tsUsec} out of range`, this.base + p);
        this.pos = body + length;
        this.handlers.packet({
          tsSec: view.getUint32(body, true),
          tsUsec,
          capturedLength,
          originalLength,
          data: buf.subarray(body + PACKET_HEADER, body + length),
        });
      } else {
        let message: HelperMessage;
        try {
          message = JSON.parse(this.text.decode(buf.subarray(body, body + length))) as HelperMessage;
        } catch (err) {
          this.fail(`message is not JSON (${(err as Error).message})`, this.base + p);
        }
        if (!message || typeof message !== 'object' || typeof (message as { type?: unknown }).type !== 'string') this.fail('message has no type', this.base + p);
        this.pos = body + length;
        this.handlers.message(message);
      }
      if (this.failed) return;
    }
  }
}
