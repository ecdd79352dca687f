import type { FrameRef } from '../types';

/**
 * What TCP reassembly hands to the protocol above it (TLS), per direction.
 * Bytes arrive in stream order, each call with bytes from exactly one frame,
 * so every byte can be mapped back to the frame (and file offset) it came from.
 */
export interface DirectionSink {
  /**
   * Contiguous bytes starting at `streamOffset` (0 = first byte after the SYN,
   * or the first byte seen when the capture starts mid-stream).
   * `origin.fileOffset` is the file offset of the frame; `payloadOffset` is the
   * offset of bytes[0] inside that frame's packet data.
   * `bytes` is only valid during the call: copy what you keep.
   */
  data(bytes: Uint8Array, streamOffset: number, origin: FrameRef, payloadOffset: number): void;
  /** `length` bytes at `streamOffset` were never captured; the next data() starts after them. */
  gap(streamOffset: number, length: number, at: FrameRef): void;
  /** no more bytes will come in this direction (FIN/RST or end of capture) */
  end(): void;
}

export type { Direction } from '../../../contract/report/tcp-events';
