import type { FrameRef } from '../types';
import { lastOf } from '../util/last';

/** A run of stream bytes that came from one frame: enough to re-read them from the file. */
export interface ByteSpan {
  frame: number;
  time: number;
  /** file offset of the frame's packet data (FrameRef.fileOffset) */
  fileOffset: number;
  /** offset of the first byte of this run inside the frame's packet data */
  payloadOffset: number;
  length: number;
  streamOffset: number;
}

/**
 * Spans kept per record/message. A record split byte-by-byte over thousands of frames
 * would otherwise keep thousands of spans; past the cap the last slot tracks the latest frame.
 */
export const MAX_SPANS = 64;

export interface SpanList {
  spans: ByteSpan[];
  truncated: boolean;
}

export function newSpanList(): SpanList {
  return { spans: [], truncated: false };
}

/** The span list of whatever keeps no spans (the table's records and messages): shared, never added to. */
const NO_SPANS: SpanList = Object.freeze({ spans: Object.freeze([]) as unknown as ByteSpan[], truncated: false }) as SpanList;

/** A new span list, or, where spans are not kept, the shared empty one (never added to). */
export function spanListIf(keep: boolean): SpanList {
  return keep ? newSpanList() : NO_SPANS;
}

export function addSpan(list: SpanList, origin: FrameRef, payloadOffset: number, streamOffset: number, length: number): void {
  if (length <= 0) return;
  const last = lastOf(list.spans);
  if (last && last.frame === origin.frame && last.streamOffset + last.length === streamOffset && last.payloadOffset + last.length === payloadOffset) {
    last.length += length;
    return;
  }
  const span: ByteSpan = { frame: origin.frame, time: origin.time, fileOffset: origin.fileOffset, payloadOffset, length, streamOffset };
  if (list.spans.length < MAX_SPANS) list.spans.push(span);
  else {
    list.truncated = true;
    list.spans[MAX_SPANS - 1] = span;
  }
}

/**
 * Adds to `list` the part of `spans` covering stream bytes [from, from + length): what a
 * handshake message took from a record. No span is copied on the way (a span is the frame
 * reference addSpan needs): a copy per span and per message was a twelfth of the bytes a
 * large capture allocated.
 */
export function addSpansCovering(list: SpanList, spans: readonly ByteSpan[], from: number, length: number): void {
  const to = from + length;
  for (const s of spans) {
    const a = Math.max(from, s.streamOffset);
    const b = Math.min(to, s.streamOffset + s.length);
    if (b <= a) continue;
    addSpan(list, s, s.payloadOffset + (a - s.streamOffset), a, b - a);
  }
}

export function uniqueFrames(spans: readonly ByteSpan[]): number[] {
  const out: number[] = [];
  for (const s of spans) if (lastOf(out) !== s.frame && !out.includes(s.frame)) out.push(s.frame);
  return out;
}
