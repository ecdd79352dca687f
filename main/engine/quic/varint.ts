/**
 * QUIC variable-length integers (RFC 9000 §16): the two high bits of the first byte give
 * the length (1, 2, 4 or 8 bytes). Values above 2^53 lose precision as numbers; nothing a
 * capture shows (offsets, lengths, stream ids) comes near that unless it is hostile.
 */

/** The integer at `pos`, and where the next field starts; null when the bytes end first. */
export function readVarint(bytes: Uint8Array, pos: number, end = bytes.length): { value: number; next: number } | null {
  if (pos >= end) return null;
  const first = bytes[pos];
  const length = 1 << (first >> 6);
  if (pos + length > end) return null;
  let value = first & 0x3f;
  for (let i = 1; i < length; i++) value = value * 256 + bytes[pos + i];
  return { value, next: pos + length };
}

/** A cursor over varints and fixed fields that never throws: `failed` is set when the bytes run out. */
export class VarintReader {
  failed = false;

  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  get remaining(): number {
    return Math.max(0, this.end - this.pos);
  }

  varint(): number {
    const r = this.failed ? null : readVarint(this.bytes, this.pos, this.end);
    if (!r) {
      this.failed = true;
      this.pos = this.end;
      return 0;
    }
    this.pos = r.next;
    return r.value;
  }

  u8(): number {
    if (this.failed || this.pos >= this.end) {
      this.failed = true;
      return 0;
    }
    return this.bytes[this.pos++];
  }

  /** A view of the next n bytes (n may come from the wire: checked against the end first). */
  take(n: number): Uint8Array {
    if (this.failed || n < 0 || n > this.end - this.pos) {
      this.failed = true;
      this.pos = this.end;
      return new Uint8Array(0);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
