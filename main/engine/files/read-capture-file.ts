import { promises as fsp } from 'node:fs';
import type { CaptureFormat, CaptureSink } from '../types';
import { createCaptureParser, detectCaptureFormat } from '../io/capture-parser';
import type { ChunkedParser } from '../io/chunked-parser';

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
  // Two windows in turn. Each read lands after room for the bytes the parser will not have
  // consumed yet (moved there from the other window once it is done), and the next read is
  // issued before a window is parsed, so the disk or page cache copies while the frames are
  // analysed (600 MB bench: the main thread had waited on each read, 0.5 s of its run). A
  // record longer than a read makes the next read as long as what is pending, so waiting for
  // a 16 MiB record copies its bytes a few times, not once per chunk.
  const windows = [new Uint8Array(chunkSize), new Uint8Array(0)];
  let current = 0;
  /** where the read under way lands in its window: what may be moved in front of it fits there */
  let readAt = 0;
  /** what the parser (or the format check) was last given: its unconsumed end moves to the next window */
  let given: Uint8Array = new Uint8Array(0);
  let lastProgress = 0;
  const handle = await fsp.open(path, 'r');
  const startRead = (window: number, room: number, size: number): Promise<{ bytesRead: number }> => {
    if (windows[window].length < room + size) windows[window] = new Uint8Array(Math.ceil((room + size) * 1.25));
    readAt = room;
    return handle.read(windows[window], room, size, result.bytesRead);
  };
  let reading: Promise<{ bytesRead: number }> | null = startRead(current, 0, chunkSize);
  try {
    for (;;) {
      await options.backpressure?.();
      if (options.signal?.aborted) {
        result.cancelled = true;
        break;
      }
      const { bytesRead } = await reading!;
      reading = null;
      if (bytesRead === 0) break;
      result.bytesRead += bytesRead;
      const keep = parser ? parser.pendingBytes : given.length;
      const window = windows[current];
      window.set(given.subarray(given.length - keep), readAt - keep);
      const bytes = window.subarray(readAt - keep, readAt + bytesRead);
      // the other window's bytes are all behind us now: the next read goes there, meanwhile
      // this one is parsed (room for all of `bytes`: the most the parser can leave over)
      reading = startRead(1 - current, bytes.length, Math.max(chunkSize, keep));
      given = bytes;
      if (!parser) {
        if (bytes.length < 4) {
          current = 1 - current;
          continue;
        }
        result.format = detectCaptureFormat(bytes);
        if (!result.format) {
          sink.anomaly({ severity: 'error', code: 'capture.unknown-format', message: `${path}: not a pcap or pcapng capture (first bytes ${hex(bytes.subarray(0, 4))} at offset 0)`, fileOffset: 0 });
          result.halted = true;
          break;
        }
        parser = createCaptureParser(result.format, sink, path);
      }
      parser.pushWindow(bytes);
      current = 1 - current;
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
    // a read still under way (stopped early) must land before the file is closed
    await reading?.catch(() => undefined);
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
