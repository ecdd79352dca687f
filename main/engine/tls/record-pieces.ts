import type { FrameRef } from '../types';

/**
 * Bytes a record layer looks at before it frames records (detection after plaintext, and
 * resynchronisation after a gap): segments as pieces, where each sits in the stream and in
 * its frame, and the positions in them where a record may start.
 */
export interface Piece {
  bytes: Uint8Array;
  streamOffset: number;
  origin: FrameRef;
  payloadOffset: number;
}

/** A segment's bytes from `skip` on, as detection and resynchronisation keep them. */
export function pieceOf(bytes: Uint8Array, streamOffset: number, origin: FrameRef, payloadOffset: number, skip: number): Piece {
  return skip === 0 ? { bytes, streamOffset, origin, payloadOffset } : { bytes: bytes.subarray(skip), streamOffset: streamOffset + skip, origin, payloadOffset: payloadOffset + skip };
}

/** Segment start, carried-over start, and every byte after a line end (STARTTLS replies end in CRLF). */
export function candidatePositions(buf: Uint8Array, segmentStart: number): number[] {
  const out = [0];
  let startPending = segmentStart > 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    const p = i + 1;
    if (p >= buf.length) break;
    if (startPending && segmentStart <= p) {
      out.push(segmentStart);
      startPending = false;
      if (p === segmentStart) continue;
    }
    out.push(p);
  }
  if (startPending) out.push(segmentStart);
  return out;
}


/**
 * The pieces covering bytes from `from` (an index into their concatenation) to the end.
 * `keep`: they outlive this call (carried to the next segment), so their bytes are copied;
 * otherwise they are views, consumed before the segment's bytes go away.
 */
export function slicePieces(pieces: Piece[], from: number, keep: boolean): Piece[] {
  const out: Piece[] = [];
  let base = 0;
  for (const p of pieces) {
    const end = base + p.bytes.length;
    if (end > from) {
      const skip = Math.max(0, from - base);
      out.push({ bytes: keep ? p.bytes.slice(skip) : p.bytes.subarray(skip), streamOffset: p.streamOffset + skip, origin: p.origin, payloadOffset: p.payloadOffset + skip });
    }
    base = end;
  }
  return out;
}
