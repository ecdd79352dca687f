import { promises as fsp } from 'node:fs';
import type { CaptureFormat, CaptureSink } from '../types';
import { createCaptureParser, detectCaptureFormat } from './capture-parser';
import type { ChunkedParser } from './chunked-parser';

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
  frames: number;
}

export interface ReadCaptureOptions {
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
  /** read size; 1 MiB keeps syscalls few and memory flat */
  chunkSize?: number;
  /** awaited before each chunk: lets a slow consumer of the results (a pipe) hold the reading back */
  backpressure?: () => Promise<void> | void;
}

export interface ReadCaptureResult {
  format: CaptureFormat | null;
  totalBytes: number;
  bytesRead: number;
  frames: number;
  cancelled: boolean;
  /** reading stopped early because the file is corrupt (an anomaly says where) */
  halted: boolean;
}

/**
 * Streams a capture file through the matching reader. Never throws for bad
 * content: problems become anomalies on the sink. Throws only when the file
 * cannot be opened at all (missing, permission), which callers report as such.
 */
export async function readCaptureFile(path: string, sink: CaptureSink, options: ReadCaptureOptions = {}): Promise<ReadCaptureResult> {
  const stat = await fsp.stat(path);
  if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
  const totalBytes = stat.size;
  const result: ReadCaptureResult = { format: null, totalBytes, bytesRead: 0, frames: 0, cancelled: false, halted: false };
  let parser: ChunkedParser | null = null;
  const chunkSize = options.chunkSize ?? 1024 * 1024;
  // one window, reused: each read lands after the bytes the parser has not consumed yet
  // (moved to the front), so the file's bytes are never copied twice nor allocated per chunk
  let window = new Uint8Array(2 * chunkSize);
  let used = 0;
  let lastProgress = 0;
  const handle = await fsp.open(path, 'r');
  try {
    for (;;) {
      await options.backpressure?.();
      if (options.signal?.aborted) {
        result.cancelled = true;
        break;
      }
      const keep = parser ? parser.pendingBytes : used;
      if (keep + chunkSize > window.length) {
        const bigger = new Uint8Array(keep + 2 * chunkSize);
        bigger.set(window.subarray(used - keep, used), 0);
        window = bigger;
      } else if (keep > 0 && used > keep) {
        window.copyWithin(0, used - keep, used);
      }
      const { bytesRead } = await handle.read(window, keep, chunkSize, result.bytesRead);
      if (bytesRead === 0) break;
      result.bytesRead += bytesRead;
      used = keep + bytesRead;
      if (!parser) {
        if (used < 4) continue;
        result.format = detectCaptureFormat(window);
        if (!result.format) {
          sink.anomaly({ severity: 'error', code: 'capture.unknown-format', message: `${path}: not a pcap or pcapng capture (first bytes ${hex(window.subarray(0, 4))} at offset 0)`, fileOffset: 0 });
          result.halted = true;
          break;
        }
        parser = createCaptureParser(result.format, sink, path);
      }
      parser.pushWindow(window.subarray(0, used));
      if (parser.halted) {
        result.halted = true;
        break;
      }
      if (options.onProgress && result.bytesRead - lastProgress >= 4 * 1024 * 1024) {
        lastProgress = result.bytesRead;
        options.onProgress({ bytesRead: result.bytesRead, totalBytes, frames: parser.frameCount });
      }
      // let other work (IPC, cancellation) in between large chunks
      if (options.signal) await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    await handle.close();
  }
  if (!parser && !result.halted) {
    sink.anomaly({ severity: 'error', code: 'capture.empty', message: `${path}: file is too short to be a capture (${result.bytesRead} bytes)`, fileOffset: 0 });
    result.halted = true;
  }
  if (parser && !result.cancelled && !result.halted) {
    parser.end();
    // a file cut inside its last record is incomplete (the anomaly says where)
    if (parser.truncated) result.halted = true;
  }
  if (parser) {
    result.frames = parser.frameCount;
    result.halted ||= parser.halted && result.bytesRead < totalBytes;
  }
  options.onProgress?.({ bytesRead: result.bytesRead, totalBytes, frames: result.frames });
  return result;
}

/** Re-read bytes of one frame (or part of it) from the file: the index keeps offsets, not bytes. */
export async function readBytesAt(path: string, fileOffset: number, length: number): Promise<Uint8Array> {
  const handle = await fsp.open(path, 'r');
  try {
    const out = new Uint8Array(length);
    const { bytesRead } = await handle.read(out, 0, length, fileOffset);
    return out.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
