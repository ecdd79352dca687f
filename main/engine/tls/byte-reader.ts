/**
 * Bounds-checked cursor over a byte slice. Reading past the end never throws: it returns
 * zeros / empty slices and sets `overrun`, so a decoder can finish with a partial result
 * and report one anomaly instead of unwinding.
 */
export class ByteReader {
  private pos: number;
  overrun = false;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return Math.max(0, this.end - this.pos);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private take(n: number): number {
    if (n < 0 || this.pos + n > this.end) {
      this.overrun = true;
      const at = this.pos;
      this.pos = this.end;
      return -1 - at;
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    const at = this.take(1);
    return at < 0 ? 0 : this.bytes[at];
  }

  u16(): number {
    const at = this.take(2);
    return at < 0 ? 0 : (this.bytes[at] << 8) | this.bytes[at + 1];
  }

  u24(): number {
    const at = this.take(3);
    return at < 0 ? 0 : (this.bytes[at] << 16) | (this.bytes[at + 1] << 8) | this.bytes[at + 2];
  }

  u32(): number {
    const at = this.take(4);
    return at < 0 ? 0 : this.bytes[at] * 0x1000000 + ((this.bytes[at + 1] << 16) | (this.bytes[at + 2] << 8) | this.bytes[at + 3]);
  }

  /** A view (not a copy) of the next n bytes; a short read yields what is left and sets `overrun`. */
  bytesView(n: number): Uint8Array {
    const start = this.pos;
    const at = this.take(n);
    if (at < 0) return this.bytes.subarray(start, this.end);
    return this.bytes.subarray(at, at + n);
  }

  /** Reader over a length-prefixed vector (prefix of 1, 2 or 3 bytes); the parent skips past it. */
  vector(prefixBytes: 1 | 2 | 3): ByteReader {
    const length = prefixBytes === 1 ? this.u8() : prefixBytes === 2 ? this.u16() : this.u24();
    const start = this.pos;
    const at = this.take(length);
    if (at < 0) return new ByteReader(this.bytes, start, this.end);
    return new ByteReader(this.bytes, at, at + length);
  }

  skip(n: number): void {
    this.take(n);
  }
}

// Buffer's encoders give flat strings; `+=` in a loop leaves ropes that cost ~16x their text
// in memory, and these strings (randoms, session ids, names) live as long as the index.
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes as Latin-1 text, so every byte value maps to one char and nothing is lost (ALPN, SNI). */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
