import type { FrameRef, Severity } from '../types';
import type { ByteSpan } from './spans';

/** One record as framed on the wire (TLS, or SSLv2 with its 2- or 3-byte header). */
export interface TlsRecord {
  format: 'tls' | 'sslv2';
  /** TLS content type (unknown values kept raw); null for SSLv2 records, which have none */
  contentType: number | null;
  /** record-layer version; 0x0002 for SSLv2 */
  version: number;
  /** payload length as declared in the header */
  length: number;
  headerLength: number;
  /** stream offset of the header's first byte */
  streamOffset: number;
  /** where its bytes came from, header included (empty when the layer keeps no spans) */
  spans: ByteSpan[];
  spansTruncated: boolean;
  /** the frames of its first and last byte (kept with or without spans) */
  first: FrameRef;
  last: FrameRef;
  /** the payload, for content types the owner keeps; null when skipped, damaged by a gap, or cut short */
  payload: Uint8Array | null;
  /** false when the stream ended or a gap hit before the declared length arrived */
  complete: boolean;
  /** bytes inside the record were never captured (framing survived, content did not) */
  damaged: boolean;
  /** 0-based position among this direction's records */
  index: number;
}

/** What showed TLS: a hello record, an SSLv2 hello, or (the peer vouching) any plausible record. */
export type DetectedVia = 'hello' | 'sslv2' | 'record';

export interface RecordLayerHooks {
  onRecord(record: TlsRecord): void;
  onAnomaly(code: string, message: string, severity: Severity, at?: FrameRef): void;
  /** the other direction already carries TLS, so any plausible record here is believed */
  peerDetected(): boolean;
  /** the other direction opened with an SSLv2 ClientHello, so an SSLv2 ServerHello may follow */
  peerUsedSslv2(): boolean;
  /** payloads of these content types are buffered (bounded by the record cap); others are counted down */
  keepsPayload(contentType: number | null): boolean;
  /** a zeroed buffer for a kept payload (the owner knows whether payloads outlive their record) */
  payloadBuffer(length: number): Uint8Array;
  /**
   * true: nothing keeps a payload, or any part of it, past the handling of its record, so a
   * record that arrives whole in one segment may be handed over as a view of that segment's
   * bytes (which the capture reader overwrites later) instead of a copy
   */
  payloadViews(): boolean;
}
