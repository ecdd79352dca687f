/**
 * A TLS message's bytes put back together from the frames it came from (the
 * engine gives, per frame, where the message's bytes sit in the frame), and
 * the mapping between offsets in the message and offsets in each frame — so
 * a field lights up in the hex dump of whichever frame holds it.
 */
import type { TlsMessage } from '../../../../contract/api';
import { handshakeMessageFields, looksLikeRecordHeader, recordFields, type ByteField, type FieldNames } from './tls-fields';

export interface Piece {
  frame: number;
  /** where the piece starts in the frame's bytes */
  frameStart: number;
  /** where it starts in the message */
  messageStart: number;
  length: number;
}

export interface AssembledMessage {
  bytes: Uint8Array;
  pieces: Piece[];
  fields: ByteField[];
  /** some frames' bytes were missing or cut short (snap length): fields may stop early */
  partial: boolean;
}

/** The engine's spans of a plaintext handshake message start after its record header; every other kind's include it. */
export function isPlainHandshake(m: TlsMessage): boolean {
  return m.kind === 'handshake' && typeof m.type === 'number' && m.recordType === 22 && !m.decrypted;
}

export function assembleMessage(m: TlsMessage, frames: ReadonlyMap<number, Uint8Array>, names: FieldNames = {}): AssembledMessage {
  const pieces: Piece[] = [];
  let partial = false;
  let length = 0;
  const plain = isPlainHandshake(m);
  const first = m.fileOffsets[0];
  let hasRecordHeader = false;
  if (plain && first) {
    const bytes = frames.get(first.frame);
    if (bytes && looksLikeRecordHeader(bytes, first.payloadOffset - 5, 22)) {
      hasRecordHeader = true;
      pieces.push({ frame: first.frame, frameStart: first.payloadOffset - 5, messageStart: 0, length: 5 });
      length = 5;
    }
  }
  for (const span of m.fileOffsets) {
    const bytes = frames.get(span.frame);
    const available = bytes ? Math.max(0, Math.min(span.length, bytes.length - span.payloadOffset)) : 0;
    if (available < span.length) partial = true;
    if (available === 0) continue;
    // spans of one frame that follow each other join into one piece
    const last = pieces[pieces.length - 1];
    if (last && last.frame === span.frame && last.frameStart + last.length === span.payloadOffset) last.length += available;
    else pieces.push({ frame: span.frame, frameStart: span.payloadOffset, messageStart: length, length: available });
    length += available;
  }
  if (m.fileOffsetsTruncated) partial = true;
  const out = new Uint8Array(length);
  for (const p of pieces) out.set(frames.get(p.frame)!.subarray(p.frameStart, p.frameStart + p.length), p.messageStart);
  const encrypted = m.type === 'encrypted' || m.kind === 'application_data' || !!m.decrypted;
  const fields = plain ? handshakeMessageFields(out, hasRecordHeader ? 5 : 0, names, hasRecordHeader ? 0 : null) : recordFields(out, 0, names, encrypted);
  return { bytes: out, pieces, fields, partial };
}

/** A message range [start, end) as ranges in frame coordinates, one per piece it touches. */
export function toFrameRanges(pieces: readonly Piece[], start: number, end: number): Array<{ frame: number; start: number; end: number }> {
  const out: Array<{ frame: number; start: number; end: number }> = [];
  for (const p of pieces) {
    const from = Math.max(start, p.messageStart);
    const to = Math.min(end, p.messageStart + p.length);
    if (from < to) out.push({ frame: p.frame, start: p.frameStart + (from - p.messageStart), end: p.frameStart + (to - p.messageStart) });
  }
  return out;
}

/** Byte `offset` of `frame` as an offset in the message, or null when it is not part of it. */
export function toMessageOffset(pieces: readonly Piece[], frame: number, offset: number): number | null {
  for (const p of pieces) {
    if (p.frame === frame && offset >= p.frameStart && offset < p.frameStart + p.length) return p.messageStart + (offset - p.frameStart);
  }
  return null;
}
