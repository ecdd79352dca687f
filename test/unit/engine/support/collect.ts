/** A CaptureSink that keeps copies of everything a capture reader reports. */
import type { Anomaly, CaptureFrame, CaptureInterfaceInfo, CaptureSink, DecryptionSecrets } from '../../../../main/engine/types';
import type { ChunkedParser } from '../../../../main/engine/io/chunked-parser';

export interface CollectedFrame extends Omit<CaptureFrame, 'data' | 'bytes' | 'offset'> {
  data: Uint8Array;
}

/** What a reader said of a frame, its bytes copied (the reader's own object and buffer are reused). */
export function copyFrame(f: CaptureFrame): CollectedFrame {
  return { frame: f.frame, time: f.time, fileOffset: f.fileOffset, linkType: f.linkType, interfaceId: f.interfaceId, capturedLength: f.capturedLength, originalLength: f.originalLength, data: f.data.slice() };
}

export class CollectingSink implements CaptureSink {
  readonly frames: CollectedFrame[] = [];
  readonly interfaces: CaptureInterfaceInfo[] = [];
  readonly secretsBlocks: DecryptionSecrets[] = [];
  readonly anomalies: Anomaly[] = [];

  frame(f: CaptureFrame): void {
    // data is only valid during the callback
    this.frames.push(copyFrame(f));
  }

  interface(info: CaptureInterfaceInfo): void {
    this.interfaces.push({ ...info });
  }

  secrets(s: DecryptionSecrets): void {
    this.secretsBlocks.push({ ...s, data: s.data.slice() });
  }

  anomaly(a: Anomaly): void {
    this.anomalies.push(a);
  }

  codes(): string[] {
    return this.anomalies.map((a) => a.code);
  }
}

/** Push `chunks` into a parser and end it. */
export function feed(parser: ChunkedParser, chunks: Iterable<Uint8Array>): ChunkedParser {
  for (const c of chunks) parser.push(c);
  parser.end();
  return parser;
}

/** One byte per push. */
export function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.slice(i, i + 1));
}
