/**
 * pcapng writer for live captures: one Section Header Block, one Interface
 * Description Block (link type, snap length, if_name, if_tsresol 6 or 9,
 * if_filter), then an Enhanced Packet Block per frame. Uses Node's fs.
 *
 * Only whole blocks ever reach the file and they are handed to the OS at
 * least every `flushIntervalMs`, so whatever happens to the process, the file
 * on disk is a readable pcapng ending at a block boundary. Memory is bounded
 * by the caller watching `pendingBytes` (backpressure), not by the capture.
 */
import { promises as fsp, writev } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPT_SHB_HARDWARE = 2;
const OPT_SHB_OS = 3;
const OPT_SHB_USERAPPL = 4;
const OPT_IF_NAME = 2;
const OPT_IF_DESCRIPTION = 3;
const OPT_IF_TSRESOL = 9;
const OPT_IF_FILTER = 11;
const OPT_IF_OS = 12;
const EPB_HEADER = 28;
const BATCH = 256 * 1024;

export interface PcapngSectionSpec {
  hardware?: string;
  os?: string;
  application?: string;
}

export interface PcapngInterfaceSpec {
  linkType: number;
  snapLength: number;
  name?: string;
  description?: string;
  /** libpcap filter expression the capture used */
  filter?: string;
  os?: string;
  /** 6: microseconds (default), 9: nanoseconds */
  tsResolution?: 6 | 9;
}

type Option = [code: number, value: Uint8Array];

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const pad4 = (n: number): number => (n + 3) & ~3;

function optionsLength(options: Option[]): number {
  if (options.length === 0) return 0;
  return options.reduce((sum, [, v]) => sum + 4 + pad4(v.length), 0) + 4;
}

function writeOptions(view: DataView, bytes: Uint8Array, at: number, options: Option[]): number {
  if (options.length === 0) return at;
  for (const [code, value] of options) {
    view.setUint16(at, code, true);
    view.setUint16(at + 2, value.length, true);
    bytes.set(value, at + 4);
    at += 4 + pad4(value.length);
  }
  return at + 4; // opt_endofopt: zeros (the buffer is zero-filled)
}

function block(type: number, bodyLength: number, options: Option[], fill: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const length = 8 + bodyLength + optionsLength(options) + 4;
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, length, true);
  fill(view, bytes);
  writeOptions(view, bytes, 8 + bodyLength, options);
  view.setUint32(length - 4, length, true);
  return bytes;
}

export function encodeSectionHeader(spec: PcapngSectionSpec = {}): Uint8Array {
  const options: Option[] = [];
  if (spec.hardware) options.push([OPT_SHB_HARDWARE, utf8(spec.hardware)]);
  if (spec.os) options.push([OPT_SHB_OS, utf8(spec.os)]);
  if (spec.application) options.push([OPT_SHB_USERAPPL, utf8(spec.application)]);
  return block(SHB, 16, options, (view) => {
    view.setUint32(8, BYTE_ORDER_MAGIC, true);
    view.setUint16(12, 1, true);
    view.setUint16(14, 0, true);
    // section length unknown (-1): the file grows while it is written
    view.setBigInt64(16, -1n, true);
  });
}

export function encodeInterfaceDescription(spec: PcapngInterfaceSpec): Uint8Array {
  const options: Option[] = [];
  if (spec.name) options.push([OPT_IF_NAME, utf8(spec.name)]);
  if (spec.description) options.push([OPT_IF_DESCRIPTION, utf8(spec.description)]);
  options.push([OPT_IF_TSRESOL, new Uint8Array([spec.tsResolution ?? 6])]);
  if (spec.filter) {
    // first byte 0: a libpcap filter string
    const f = utf8(spec.filter);
    const v = new Uint8Array(1 + f.length);
    v.set(f, 1);
    options.push([OPT_IF_FILTER, v]);
  }
  if (spec.os) options.push([OPT_IF_OS, utf8(spec.os)]);
  return block(IDB, 8, options, (view) => {
    view.setUint16(8, spec.linkType, true);
    view.setUint16(10, 0, true);
    view.setUint32(12, spec.snapLength, true);
  });
}

export function enhancedPacketSize(capturedLength: number): number {
  return EPB_HEADER + pad4(capturedLength) + 4;
}

/** Encodes an EPB into `out` at `at`; returns its length. `units` is the timestamp in if_tsresol units. */
export function writeEnhancedPacket(out: Uint8Array, at: number, interfaceId: number, units: bigint, data: Uint8Array, capturedLength: number, originalLength: number): number {
  const length = enhancedPacketSize(capturedLength);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at, EPB, true);
  view.setUint32(at + 4, length, true);
  view.setUint32(at + 8, interfaceId, true);
  view.setUint32(at + 12, Number(units >> 32n), true);
  view.setUint32(at + 16, Number(units & 0xffffffffn), true);
  view.setUint32(at + 20, capturedLength, true);
  view.setUint32(at + 24, originalLength, true);
  out.set(data.subarray(0, capturedLength), at + EPB_HEADER);
  // padding bytes are zero
  out.fill(0, at + EPB_HEADER + capturedLength, at + length - 4);
  view.setUint32(at + length - 4, length, true);
  return length;
}

export interface PcapngFileWriterOptions {
  section?: PcapngSectionSpec;
  interface: PcapngInterfaceSpec;
  /** hand buffered blocks to the OS at least this often */
  flushIntervalMs?: number;
  /** fail when the file exists (default true: never overwrite a capture) */
  exclusive?: boolean;
}

/**
 * Appends blocks to a pcapng file. writePacket() is synchronous (it encodes
 * into a batch and returns the file offset of the packet's bytes, which the
 * engine keeps to re-read them); the batches are written asynchronously.
 */
export class PcapngFileWriter {
  private batch = new Uint8Array(BATCH);
  private used = 0;
  private readonly queue: Uint8Array[] = [];
  private writing = false;
  private offset = 0;
  private written = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly waiters: Array<{ target: number; resolve: () => void }> = [];
  private readonly tsResolution: 6 | 9;
  frames = 0;
  error: Error | null = null;
  onError: ((err: Error) => void) | null = null;
  /** after each completed write (backpressure: watch pendingBytes fall) */
  onWritten: (() => void) | null = null;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    options: PcapngFileWriterOptions,
  ) {
    this.tsResolution = options.interface.tsResolution ?? 6;
    this.append(encodeSectionHeader(options.section));
    this.append(encodeInterfaceDescription(options.interface));
    this.seal();
    const every = options.flushIntervalMs ?? 200;
    this.timer = setInterval(() => this.seal(), every);
    this.timer.unref?.();
  }

  static async create(path: string, options: PcapngFileWriterOptions): Promise<PcapngFileWriter> {
    const handle = await fsp.open(path, options.exclusive === false ? 'w' : 'wx');
    return new PcapngFileWriter(path, handle, options);
  }

  /** On a file opened (empty) beforehand: live capture reserves its file before it knows the link type. */
  static fromHandle(path: string, handle: FileHandle, options: PcapngFileWriterOptions): PcapngFileWriter {
    return new PcapngFileWriter(path, handle, options);
  }

  /** bytes encoded (the file's length once everything is written) */
  get size(): number {
    return this.offset;
  }

  /** bytes already in the file: always a whole number of blocks */
  get flushedBytes(): number {
    return this.written;
  }

  /** bytes encoded but not yet handed to the OS */
  get pendingBytes(): number {
    return this.offset - this.written;
  }

  /**
   * @param seconds whole seconds since the epoch
   * @param fraction microseconds (if_tsresol 6) or nanoseconds (9)
   * @returns the file offset of the packet's first byte
   */
  writePacket(seconds: number, fraction: number, data: Uint8Array, capturedLength = data.length, originalLength = capturedLength): number {
    if (this.closed) throw new Error(`${this.path}: writer is closed`);
    const size = enhancedPacketSize(capturedLength);
    if (this.used + size > this.batch.length) {
      this.seal();
      if (size > this.batch.length) this.batch = new Uint8Array(size);
    }
    const units = BigInt(seconds) * (this.tsResolution === 9 ? 1_000_000_000n : 1_000_000n) + BigInt(fraction);
    const at = this.offset;
    this.used += writeEnhancedPacket(this.batch, this.used, 0, units, data, capturedLength, originalLength);
    this.offset += size;
    this.frames++;
    return at + EPB_HEADER;
  }

  /** Resolves once every block encoded so far is in the file. */
  flush(): Promise<void> {
    this.seal();
    if (this.pendingBytes === 0 || this.error) return Promise.resolve();
    const target = this.offset;
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.handle.close();
  }

  private append(bytes: Uint8Array): void {
    this.batch.set(bytes, this.used);
    this.used += bytes.length;
    this.offset += bytes.length;
  }

  /** The open batch becomes a pending write. */
  private seal(): void {
    if (this.used > 0) {
      this.queue.push(this.batch.subarray(0, this.used));
      this.batch = new Uint8Array(BATCH);
      this.used = 0;
    }
    this.kick();
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0 || this.error) return;
    this.writing = true;
    const buffers = this.queue.splice(0, this.queue.length);
    writev(this.handle.fd, buffers, (err, bytes) => {
      this.writing = false;
      if (err) {
        this.fail(err);
        return;
      }
      const expected = buffers.reduce((n, b) => n + b.length, 0);
      this.written += bytes;
      if (bytes !== expected) {
        this.fail(new Error(`${this.path}: short write (${bytes} of ${expected} bytes)`));
        return;
      }
      this.wake();
      this.kick();
      this.onWritten?.();
    });
  }

  private wake(all = false): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (all || this.waiters[i].target <= this.written) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  private fail(err: Error): void {
    this.error = err;
    this.wake(true);
    this.onError?.(err);
  }
}
