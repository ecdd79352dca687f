/**
 * One direction's CRYPTO stream at one encryption level (RFC 9000 §19.6, §7.5): frames
 * arrive in any order, repeated, overlapping; the stream is the bytes from offset 0 on.
 * What is held is bounded: data beyond MAX_CRYPTO_OFFSET (the TLS messages of a handshake
 * are a few kilobytes; RFC 9000 §7.5 asks endpoints to buffer at least 4096 bytes) is
 * refused and reported, never allocated.
 */

import type { FrameRef } from '../types';

export const MAX_CRYPTO_OFFSET = 256 * 1024;

/** Contiguous bytes handed on as they became readable, with the packet that completed them. */
export interface CryptoChunk {
  bytes: Uint8Array;
  at: FrameRef;
}

export type CryptoPushResult = 'ok' | 'duplicate' | 'beyond-limit';

export class CryptoStream {
  /** bytes readable from offset 0, in the order they became so */
  readonly chunks: CryptoChunk[] = [];
  /** how many bytes from offset 0 are contiguous */
  contiguous = 0;
  /** out-of-order pieces waiting for the gap before them: offset → bytes (copies) */
  private readonly pending = new Map<number, Uint8Array>();
  private pendingBytes = 0;
  /** a frame arrived below the highest offset seen: the stream was sent out of order */
  outOfOrder = false;
  private highestOffset = -1;

  push(offset: number, data: Uint8Array, at: FrameRef): CryptoPushResult {
    if (offset + data.length > MAX_CRYPTO_OFFSET) return 'beyond-limit';
    if (offset < this.highestOffset) this.outOfOrder = true;
    this.highestOffset = Math.max(this.highestOffset, offset);
    const end = offset + data.length;
    if (end <= this.contiguous) return 'duplicate';
    if (offset > this.contiguous) {
      const held = this.pending.get(offset);
      if (!held || held.length < data.length) {
        this.pendingBytes += data.length - (held?.length ?? 0);
        this.pending.set(offset, data.slice());
      }
      return 'ok';
    }
    this.append(data.subarray(this.contiguous - offset), at);
    this.drainPending(at);
    return 'ok';
  }

  /** bytes held that wait for a gap to be filled */
  get waitingBytes(): number {
    return this.pendingBytes;
  }

  /** The readable bytes as one array (the handshake messages, from offset 0). */
  readable(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0].bytes;
    const out = new Uint8Array(this.contiguous);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c.bytes, at);
      at += c.bytes.length;
    }
    return out;
  }

  private append(bytes: Uint8Array, at: FrameRef): void {
    if (bytes.length === 0) return;
    this.chunks.push({ bytes: bytes.slice(), at });
    this.contiguous += bytes.length;
  }

  private drainPending(at: FrameRef): void {
    let progress = true;
    while (progress && this.pending.size > 0) {
      progress = false;
      for (const [offset, bytes] of this.pending) {
        if (offset > this.contiguous) continue;
        this.pending.delete(offset);
        this.pendingBytes -= bytes.length;
        if (offset + bytes.length > this.contiguous) this.append(bytes.subarray(this.contiguous - offset), at);
        progress = true;
      }
    }
  }
}
