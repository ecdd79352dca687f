/**
 * TLS compression (compression method 1, DEFLATE, RFC 3749): after decryption a record's
 * content is a piece of one compression stream per direction and connection state, each
 * record ending with a sync flush (§2.1). OpenSSL writes it with the zlib header (RFC 1950);
 * a raw DEFLATE stream (RFC 1951) is read too. node:zlib has no public synchronous streaming
 * inflate, so the stream so far is inflated again at each record and the new bytes taken: a
 * cost that grows with the stream, hence the cap (compressed sessions are old and short).
 */

import { constants, inflateRawSync, inflateSync } from 'node:zlib';

/** compressed bytes per direction past which decompression stops (quadratic cost) */
export const MAX_COMPRESSED_STREAM = 256 * 1024;

export class RecordInflater {
  private readonly parts: Buffer[] = [];
  private compressed = 0;
  private produced = 0;
  private zlibHeader: boolean | null = null;
  /** the stream could not be inflated, or grew past the cap: later records are not decompressed */
  failed = false;

  /** The decompressed content of the next record, or null. */
  inflate(fragment: Uint8Array): Uint8Array | null {
    if (this.failed) return null;
    if (this.compressed + fragment.length > MAX_COMPRESSED_STREAM) {
      this.failed = true;
      return null;
    }
    // RFC 1950 §2.2: CM = 8 and the header is a multiple of 31
    this.zlibHeader ??= fragment.length >= 2 && (fragment[0] & 0x0f) === 8 && ((fragment[0] << 8) | fragment[1]) % 31 === 0;
    this.parts.push(Buffer.from(fragment));
    this.compressed += fragment.length;
    try {
      const all = Buffer.concat(this.parts);
      const options = { finishFlush: constants.Z_SYNC_FLUSH };
      const out = this.zlibHeader ? inflateSync(all, options) : inflateRawSync(all, options);
      const fresh = out.subarray(this.produced);
      this.produced = out.length;
      return new Uint8Array(fresh.buffer, fresh.byteOffset, fresh.byteLength);
    } catch {
      this.failed = true;
      return null;
    }
  }
}
