import type { EndpointId } from './endpoint-id';
import type { DirectionSink } from './stream-sink';

/** A protocol analyzer above TCP (TLS), fed per direction. */
export interface StreamConsumer {
  readonly client: DirectionSink;
  readonly server: DirectionSink;
}

export type { ClientDeterminedBy } from '../../../contract/report/connection-report';

/** The two ends of a connection's first segment: their text, and their identities (EndpointId) */
export interface SegmentEnds {
  srcAddress: string;
  dstAddress: string;
  src: EndpointId;
  dst: EndpointId;
}

/**
 * The frame and time of a handshake or teardown step: the frame's own reference (FrameRef,
 * never changed once made), not a copy, so a connection waiting for retirement holds seven
 * fewer objects.
 */
export interface FlagMoment {
  readonly frame: number;
  readonly time: number;
}

export interface DirectionCounters {
  frames: number;
  /** bytes on the wire (IP packet lengths as captured frames report them) */
  bytes: number;
  payloadBytes: number;
}
