import type { FrameRef } from '../types';
import type { Direction, DirectionSink } from './stream-sink';

/** What a half-stream reports to: its connection, which records gaps and owns the sink above. */
export interface HalfStreamOwner {
  recordGap(dir: Direction, streamOffset: number, length: number, at: FrameRef): void;
  /**
   * The sink for `dir`; `open`: bytes or a gap are about to be delivered, so a sink made only
   * when needed is made now (a connection that never carries a byte never gets one).
   */
  sinkFor(dir: Direction, open: boolean): DirectionSink | null;
}

const SEQ_SPACE = 4294967296;
/** Out-of-order bytes held while waiting for a hole to fill; beyond this the hole is declared a gap. */
const MAX_PENDING_BYTES = 512 * 1024;
const MAX_PENDING_SEGMENTS = 256;

/** What one segment turned out to be, for the connection's event list and counters. */
export type SegmentClass =
  | 'empty'
  | 'in-order'
  | 'retransmission'
  | 'partial-retransmission'
  | 'keep-alive'
  | 'out-of-order'
  | 'ahead';

interface Pending {
  offset: number;
  bytes: Uint8Array;
  claimed: number;
  ref: FrameRef;
  payloadOffset: number;
}

/**
 * One direction of a TCP connection: turns segments (in capture order, with
 * retransmissions, reordering and losses) into an in-order byte stream for the
 * sink, with explicit gaps. Sequence numbers are unwrapped into 53-bit stream
 * offsets so flows beyond 4 GiB and wrapping ISNs are handled.
 */
export class HalfStream {
  private baseSeq: number | null = null;
  /** next stream offset the sink expects */
  next = 0;
  /** end of the furthest byte seen */
  highest = 0;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  /** the peer acknowledged bytes up to here: anything before it that we lack was lost by the capture, not by the network */
  private ackedUpTo = 0;
  private finOffset: number | null = null;
  private ended = false;
  /** when the current hole opened (segment arrived ahead of `next`) */
  holeOpenedAt: number | null = null;

  deliveredBytes = 0;
  gapCount = 0;
  gapBytes = 0;

  /** `owner` hears of every gap in direction `dir` (the connection's "gap" events) and holds the sink. */
  constructor(
    private readonly owner: HalfStreamOwner,
    private readonly dir: Direction = 'c2s',
  ) {}

  get started(): boolean {
    return this.baseSeq !== null;
  }

  /** SYN seen: offset 0 is the byte after it. */
  setInitialSequence(isn: number): void {
    if (this.deliveredBytes > 0 || this.pending.length > 0) return;
    this.baseSeq = (isn + 1) % SEQ_SPACE;
    this.next = 0;
    this.highest = 0;
  }

  /** Stream offset of a sequence number, unwrapped to the copy nearest the current position. */
  offsetOf(seq: number): number {
    if (this.baseSeq === null) return 0;
    let rel = seq - this.baseSeq;
    if (rel < 0) rel += SEQ_SPACE;
    // nearly always within 2 GiB of the current position: no wrap to choose (a division and a rounding per segment, twice)
    const distance = this.next - rel;
    if (distance < SEQ_SPACE / 2 && distance > -SEQ_SPACE / 2) return rel;
    return rel + Math.round(distance / SEQ_SPACE) * SEQ_SPACE;
  }

  /**
   * A segment from this direction. `payload` holds the captured bytes (may be
   * fewer than `claimedLength` when the snap length cut the frame).
   */
  segment(seq: number, payload: Uint8Array, claimedLength: number, fin: boolean, ref: FrameRef, payloadOffset: number): SegmentClass {
    if (this.ended) return claimedLength > 0 ? 'retransmission' : 'empty';
    if (this.baseSeq === null) this.baseSeq = seq;
    const offset = this.offsetOf(seq);
    const end = offset + claimedLength;
    if (fin && this.finOffset === null) this.finOffset = end;
    let result: SegmentClass;
    if (claimedLength <= 1 && !fin && offset === this.next - 1 && end <= this.highest) {
      // zero-length (Linux) or one garbage byte (BSD) one below the next sequence number
      result = 'keep-alive';
    } else if (claimedLength === 0) {
      result = 'empty';
    } else if (end <= this.next) {
      result = 'retransmission';
    } else if (offset < this.next) {
      const skip = this.next - offset;
      this.deliver(offset + skip, payload.subarray(Math.min(skip, payload.length)), claimedLength - skip, ref, payloadOffset + skip);
      this.drain(ref);
      result = 'partial-retransmission';
    } else if (offset === this.next) {
      const fillsHole = this.pending.length > 0 || this.highest > offset;
      this.deliver(offset, payload, claimedLength, ref, payloadOffset);
      this.drain(ref);
      result = fillsHole ? 'out-of-order' : 'in-order';
    } else {
      if (this.ackedUpTo >= offset) {
        // the receiver already had the missing bytes: the capture lost them, nobody will resend them
        this.declareGap(offset, ref);
        this.deliver(offset, payload, claimedLength, ref, payloadOffset);
        this.drain(ref);
      } else {
        this.hold(offset, payload, claimedLength, ref, payloadOffset);
      }
      result = 'ahead';
    }
    if (end > this.highest) this.highest = end;
    this.finishIfComplete();
    return result;
  }

  /** The other direction acknowledged `ack`: lets us declare holes the capture will never fill. */
  peerAcknowledged(ack: number, at: FrameRef): void {
    if (this.baseSeq === null || this.ended) return;
    let acked = this.offsetOf(ack);
    if (this.finOffset !== null && acked > this.finOffset) acked = this.finOffset;
    if (acked <= this.ackedUpTo) return;
    // an ACK far beyond what this direction ever sent is not about these bytes
    if (acked > this.highest + SEQ_SPACE / 4) return;
    this.ackedUpTo = acked;
    // every hole before held data that the ACK covers is lost for good (one ACK can cover several)
    let filled = false;
    while (this.pending.length > 0 && this.pending[0].offset <= acked && this.pending[0].offset > this.next) {
      this.declareGap(this.pending[0].offset, at);
      this.drain(at);
      filled = true;
    }
    if (filled) this.finishIfComplete();
  }

  /** End of this direction (RST or end of capture): flush what is held, with gaps. */
  finish(at: FrameRef | null): void {
    if (this.ended) return;
    while (this.pending.length > 0) {
      const first = this.pending[0];
      if (first.offset > this.next) this.declareGap(first.offset, at ?? first.ref);
      this.drain(at ?? first.ref);
    }
    const knownEnd = Math.max(this.highest, this.ackedUpTo);
    if (knownEnd > this.next && at) this.declareGap(knownEnd, at);
    this.ended = true;
    this.owner.sinkFor(this.dir, false)?.end();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private finishIfComplete(): void {
    if (this.finOffset !== null && this.next >= this.finOffset && this.pending.length === 0) {
      this.ended = true;
      this.owner.sinkFor(this.dir, false)?.end();
    }
  }

  private hold(offset: number, payload: Uint8Array, claimed: number, ref: FrameRef, payloadOffset: number): void {
    if (this.holeOpenedAt === null) this.holeOpenedAt = ref.time;
    const item: Pending = { offset, bytes: payload.slice(), claimed, ref, payloadOffset };
    let i = this.pending.length;
    while (i > 0 && this.pending[i - 1].offset > offset) i--;
    this.pending.splice(i, 0, item);
    this.pendingBytes += payload.length;
    if (this.pendingBytes > MAX_PENDING_BYTES || this.pending.length > MAX_PENDING_SEGMENTS) {
      this.declareGap(this.pending[0].offset, ref);
      this.drain(ref);
    }
  }

  /**
   * Deliver held segments that are now contiguous. `now`: the frame being handled, which
   * stamps any gap found on the way (a held segment the snap length cut), so gap events stay
   * in frame order after the frames since the segment was held.
   */
  private drain(now: FrameRef): void {
    while (this.pending.length > 0) {
      const first = this.pending[0];
      const end = first.offset + first.claimed;
      if (first.offset > this.next) break;
      this.pending.shift();
      this.pendingBytes -= first.bytes.length;
      if (end <= this.next) continue;
      const skip = this.next - first.offset;
      this.deliver(this.next, first.bytes.subarray(Math.min(skip, first.bytes.length)), first.claimed - skip, first.ref, first.payloadOffset + skip, now);
    }
    if (this.pending.length === 0) this.holeOpenedAt = null;
  }

  private declareGap(upTo: number, at: FrameRef): void {
    if (upTo <= this.next) return;
    const length = upTo - this.next;
    this.gapCount++;
    this.gapBytes += length;
    this.owner.recordGap(this.dir, this.next, length, at);
    this.owner.sinkFor(this.dir, true)?.gap(this.next, length, at);
    this.next = upTo;
  }

  /** `now`: the frame being handled (later than `ref` when a held segment is delivered) */
  private deliver(offset: number, captured: Uint8Array, claimed: number, ref: FrameRef, payloadOffset: number, now: FrameRef = ref): void {
    const usable = Math.min(captured.length, claimed);
    if (usable > 0) {
      this.owner.sinkFor(this.dir, true)?.data(usable === captured.length ? captured : captured.subarray(0, usable), offset, ref, payloadOffset);
      this.deliveredBytes += usable;
    }
    this.next = offset + usable;
    // the snap length cut this segment: the rest of it is a gap
    if (claimed > usable) this.declareGap(offset + claimed, now);
  }
}
