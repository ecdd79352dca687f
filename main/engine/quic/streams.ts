/**
 * The streams of a QUIC connection as decrypted STREAM frames show them (RFC 9000 §2): who
 * opened each and which way it flows (the two low bits of its id), how many bytes it
 * carried, and for HTTP/3 (RFC 9114 §6.2) what a unidirectional stream is for and which
 * frames start each side's data.
 */

import type { FrameRef } from '../types';
import type { Direction } from '../tcp/stream-sink';
import type { QuicFrame } from './frames';
import type { QuicStreamRecord } from './packet-record';
import { http3Frames, http3StreamTypeName, streamKind } from './http3';

/** streams listed; a connection opening more is counted by its bytes no further */
const MAX_STREAMS = 1000;
const MAX_FRAME_NAMES = 16;

export class StreamTracker {
  private readonly streams = new Map<number, QuicStreamRecord>();
  /** "dir:stream id" whose data at offset 0 was read */
  private readonly starts = new Set<string>();

  frame(f: QuicFrame, dir: Direction, at: FrameRef): void {
    const id = f.streamId!;
    const data = f.data!;
    let s = this.streams.get(id);
    if (!s) {
      if (this.streams.size >= MAX_STREAMS) return;
      s = { id, ...streamKind(id), http3Frames: [], bytes: 0, fin: false, firstFrame: at.frame };
      this.streams.set(id, s);
    }
    s.bytes += data.length;
    s.fin ||= f.fin === true;
    // each side's first bytes once: data sent again (0-RTT repeated in 1-RTT) is not read twice
    const key = `${dir}:${id}`;
    if (f.offset !== 0 || !data.length || this.starts.has(key)) return;
    this.starts.add(key);
    let rest = data;
    if (!s.bidirectional) {
      // the stream type is a varint; the ones HTTP/3 defines fit in its first byte
      const type = data[0] >> 6 === 0 ? data[0] : null;
      if (type !== null) {
        s.http3StreamType = http3StreamTypeName(type);
        rest = data.subarray(1);
      }
      // only the control stream carries frames worth naming (QPACK streams carry instructions)
      if (type !== 0) return;
    }
    for (const name of http3Frames(rest)) if (s.http3Frames.length < MAX_FRAME_NAMES) s.http3Frames.push(name);
  }

  list(): QuicStreamRecord[] {
    return [...this.streams.values()];
  }
}
