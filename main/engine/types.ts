/**
 * Shared engine types. The engine is pure TypeScript (no Electron, no Node-only
 * APIs except where a module says so) and every layer returns partial results
 * plus anomalies instead of throwing.
 */

import type { Anomaly } from '../../contract/report/anomaly';

export type { Anomaly, CaptureFormat, Severity } from '../../contract/report/anomaly';

/** Where a byte range came from: enough to re-read it from the capture file later. */
export interface FrameRef {
  /** 1-based frame number in the capture */
  frame: number;
  /** seconds since the Unix epoch (microsecond precision is kept; ns captures are rounded) */
  time: number;
  /** absolute file offset of the first byte of the frame's packet data */
  fileOffset: number;
}

/** One captured frame as the capture readers deliver it. `data` is only valid during the callback. */
export interface CaptureFrame extends FrameRef {
  linkType: number;
  interfaceId: number;
  capturedLength: number;
  originalLength: number;
  /** valid only while the sink handles the frame (readers reuse their buffers): keep a copy, never a view */
  readonly data: Uint8Array;
  /**
   * The same bytes where they lie: bytes[offset, offset + capturedLength). The Analyzer reads
   * them there; a file reader makes `data`, a view of its own, only when asked for it (a view
   * per frame was ~3 % of a large capture's analysis). Same validity as `data`.
   */
  readonly bytes: Uint8Array;
  readonly offset: number;
}

export interface CaptureInterfaceInfo {
  id: number;
  linkType: number;
  snapLength: number;
  name?: string;
  description?: string;
  /** timestamp units per second (1e6 for microseconds, 1e9 for nanoseconds, ...) */
  unitsPerSecond: number;
}

/** pcapng Decryption Secrets Block (kept for TLS decryption, a later layer). */
export interface DecryptionSecrets {
  /** secrets type: 0x544c534b = TLS key log */
  secretsType: number;
  data: Uint8Array;
  fileOffset: number;
}

/** Receiver of everything a capture reader finds. */
export interface CaptureSink {
  /** the reader rewrites the same frame object for its next frame: copy what you keep, never the object */
  frame(frame: CaptureFrame): void;
  /** frame number `frame` exists in the file but could not be handed over (its anomaly says why) */
  skippedFrame?(frame: number): void;
  interface?(info: CaptureInterfaceInfo): void;
  secrets?(secrets: DecryptionSecrets): void;
  anomaly(anomaly: Anomaly): void;
}

