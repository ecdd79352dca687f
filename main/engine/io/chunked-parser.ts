import type { Anomaly, CaptureFrame, CaptureSink } from '../types';
import { appendToTail } from './tail-buffer';

const EMPTY = new Uint8Array(0);

/** The frame a reader hands over: rewritten per frame, its `data` view made only when read. */
class ReaderFrame implements CaptureFrame {
  frame = 0;
  time = 0;
  fileOffset = 0;
  linkType = 0;
  interfaceId = 0;
  capturedLength = 0;
  originalLength = 0;
  bytes: Uint8Array = EMPTY;
  offset = 0;
  private view: Uint8Array | null = null;

  get data(): Uint8Array {
    return (this.view ??= this.bytes.subarray(this.offset, this.offset + this.capturedLength));
  }

  /** The next frame's bytes: bytes[offset, offset + capturedLength) */
  setBytes(bytes: Uint8Array, offset: number, capturedLength: number): void {
    this.bytes = bytes;
    this.offset = offset;
    this.capturedLength = capturedLength;
    this.view = null;
  }
}

/**
 * Base for push-style capture parsers: bytes arrive in arbitrary chunks (file
 * reads, live pipes) and only the unparsed tail of the previous chunk is kept,
 * so memory is bounded by one block, never by the file.
 */
export abstract class ChunkedParser {
  protected buf: Uint8Array = EMPTY;
  protected view: DataView = new DataView(EMPTY.buffer);
  protected pos = 0;
  /** absolute file offset of buf[0] */
  protected base = 0;
  protected stopped = false;
  /** end() found a partial block or record: the file is truncated */
  private leftover = false;
  frameCount = 0;
  /**
   * The object every frame is handed over in, rewritten per frame (see CaptureSink.frame):
   * a new one each was ~10 % of the bytes a large capture allocated.
   */
  protected readonly current = new ReaderFrame();

  constructor(protected readonly sink: CaptureSink, protected readonly label: string) {}

  /** Feed the next chunk of the file (after a copy of the unparsed tail, when there is one). */
  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    this.pushWindow(appendToTail(this.buf, this.pos, chunk).bytes);
  }

  /** Bytes of the current buffer not parsed yet (a record or block still incomplete). */
  get pendingBytes(): number {
    return this.buf.length - this.pos;
  }

  /**
   * The reader's own window, without a copy: `window` begins with the `pendingBytes` bytes
   * the parser still holds (moved there by the reader), then the new ones. The reader may
   * overwrite the window once this returns: layers keep copies, never views, of frame bytes.
   */
  pushWindow(window: Uint8Array): void {
    if (this.stopped) return;
    this.base += this.pos;
    this.buf = window;
    this.pos = 0;
    this.view = new DataView(window.buffer, window.byteOffset, window.byteLength);
    this.parseAvailable();
  }

  /** No more bytes: anything left over is a truncated block. */
  end(): void {
    if (this.stopped) return;
    const rest = this.buf.length - this.pos;
    if (rest > 0) {
      this.leftover = true;
      this.report('error', `${this.truncatedCode()}`, `${this.label}: file ends in the middle of a ${this.pendingWhat()} at offset ${this.base + this.pos} (${rest} bytes left over)`, this.base + this.pos);
    }
    this.stopped = true;
  }

  /** true once the parser gave up (corrupt input); results so far stay valid */
  get halted(): boolean {
    return this.stopped;
  }

  /** true when end() found the file cut in the middle of a block or record */
  get truncated(): boolean {
    return this.leftover;
  }

  /** absolute offset of the next unparsed byte */
  get offset(): number {
    return this.base + this.pos;
  }

  protected available(): number {
    return this.buf.length - this.pos;
  }

  protected report(severity: Anomaly['severity'], code: string, message: string, fileOffset?: number, frame?: number): void {
    this.sink.anomaly({ severity, code, message, fileOffset, frame });
  }

  /** Corrupt input: say where, keep what was read, stop. */
  protected halt(code: string, message: string, fileOffset: number): void {
    this.report('error', code, `${this.label}: ${message} at offset ${fileOffset}; reading stopped, results so far are kept`, fileOffset);
    this.stopped = true;
  }

  protected abstract parseAvailable(): void;
  protected abstract truncatedCode(): string;
  protected abstract pendingWhat(): string;
}
