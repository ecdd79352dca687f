/**
 * A live capture, app side: spawns the capture helper, reads its framed
 * stream, writes every frame to a pcapng file as it arrives and feeds the same
 * engine files go through (AnalysisSession.analyzer is a CaptureSink). Plain
 * Node: runs in the CLI, in a worker, or wherever the shell hosts it.
 *
 * Backpressure: when the file writer falls behind, reading from the helper
 * pauses; the pipe fills; the helper's bounded queue drops packets and counts
 * them (drops.app). Nothing else buffers without bound.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { release, type } from 'node:os';
import { basename } from 'node:path';
import { AnalysisSession, type SessionOptions } from '../../engine/index';
import type { AnalysisReport, ConnectionReport, ReportHead } from '../../engine/model/report';
import type { AnyTableRow } from '../../engine/index';
import { PcapngFileWriter } from '../../engine/files/pcapng-writer';
import { type CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import { CaptureError } from '../protocol/capture-error';
import { captureErrorInfo } from '../../../contract/capture/capture-messages';
import { createCaptureFile, defaultCaptureDir } from './capture-dir';
import { StderrTail, describeExit, resolveHelperLaunch, type LaunchOptions } from './helper-launch';
import type { CaptureSettings, HelperMessage, HelperStats } from '../protocol/helper-messages';
import { HelperStreamDecoder, type HelperPacket } from '../protocol/helper-protocol';
import type { CaptureDrops, StopReason } from '../../../contract/capture/capture-status';

export type { CaptureDrops, StopReason };

export interface LiveCaptureOptions extends CaptureSettings {
  /** write here (overwritten) instead of a new file in captureDir */
  outputPath?: string;
  /** default: defaultCaptureDir() */
  captureDir?: string;
  keylogPath?: string;
  onConnection?: SessionOptions['onConnection'];
  /** feed this session instead of a new one (the app's analysis worker keeps its indexes on it); keylogPath and onConnection are then the session's own */
  session?: AnalysisSession;
  launch?: LaunchOptions;
  /** bytes the helper may queue for us before it drops (default 64 MiB) */
  maxQueueBytes?: number;
}


export interface LiveCaptureStats {
  frames: number;
  /** bytes on the wire */
  bytes: number;
  capturedBytes: number;
  /** pcapng bytes so far */
  fileBytes: number;
  startedAt: number;
  elapsedMs: number;
  framesPerSecond: number;
  bytesPerSecond: number;
  drops: CaptureDrops;
}

export interface CaptureInfo {
  interface: string;
  filter: string;
  linkType: number;
  snapLength: number;
  promiscuous: boolean;
  bufferSize: number;
  timestampSource: 'helper-clock' | 'libpcap';
  warnings: string[];
  path: string;
  helper: { pid: number; nodePath: string; helperPath: string };
}


export interface LiveCaptureResult {
  path: string;
  reason: StopReason;
  stats: LiveCaptureStats;
  /** set when the capture ended on a failure (helper crash, disk full); the file holds what came before */
  error: CaptureErrorInfo | null;
}

const PAUSE_ABOVE = 16 * 1024 * 1024;
const RESUME_BELOW = 4 * 1024 * 1024;
const RATE_WINDOW_MS = 1000;
const START_TIMEOUT_MS = 20_000;

export class LiveCapture {
  readonly session: AnalysisSession;
  readonly done: Promise<LiveCaptureResult>;
  info!: CaptureInfo;
  /** set once the capture ended */
  result: LiveCaptureResult | null = null;
  private writer: PcapngFileWriter | null = null;
  private helperStats: HelperStats | null = null;
  private frames = 0;
  private bytes = 0;
  private capturedBytes = 0;
  private startedAt = 0;
  private endedAt: number | null = null;
  private samples: Array<{ t: number; frames: number; bytes: number }> = [];
  private sampler: NodeJS.Timeout | null = null;
  private stopReason: StopReason | null = null;
  private failure: CaptureErrorInfo | null = null;
  private paused = false;
  private resolveDone!: (r: LiveCaptureResult) => void;

  private constructor(
    private readonly options: LiveCaptureOptions,
    private readonly child: ChildProcessWithoutNullStreams,
    readonly path: string,
  ) {
    this.session = options.session ?? new AnalysisSession({ keylogPath: options.keylogPath, onConnection: options.onConnection });
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Starts capturing; resolves once the helper opened the device (filter compiled), rejects with a CaptureError. */
  static async start(options: LiveCaptureOptions): Promise<LiveCapture> {
    validateOptions(options);
    const launch = resolveHelperLaunch(
      {
        op: 'capture',
        interface: options.interface,
        filter: options.filter ?? '',
        snapLength: options.snapLength,
        promiscuous: options.promiscuous,
        bufferSize: options.bufferSize,
        count: options.count,
        maxQueueBytes: options.maxQueueBytes,
      },
      options.launch,
    );
    // the file is reserved first so a capture that cannot be written never starts
    let file: { path: string; handle: fsp.FileHandle };
    try {
      file = options.outputPath
        ? { path: options.outputPath, handle: await fsp.open(options.outputPath, 'w') }
        : await createCaptureFile(options.captureDir ?? defaultCaptureDir(), options.interface);
    } catch (err) {
      throw new CaptureError('capture.write-failed', { path: options.outputPath ?? options.captureDir ?? defaultCaptureDir(), error: (err as Error).message });
    }
    const child = spawn(launch.command, launch.args, { env: launch.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const capture = new LiveCapture(options, child, file.path);
    try {
      await capture.attach(file.handle, launch);
    } catch (err) {
      await file.handle.close().catch(() => undefined);
      await fsp.unlink(file.path).catch(() => undefined);
      throw err;
    }
    return capture;
  }

  /** Wires the helper's streams; resolves at "started", rejects if the helper fails before. */
  private attach(handle: fsp.FileHandle, launch: ReturnType<typeof resolveHelperLaunch>): Promise<void> {
    const child = this.child;
    const stderr = new StderrTail();
    let started = false;
    let stoppedMessage = false;
    return new Promise<void>((resolveStartRaw, rejectStartRaw) => {
      // opening a device takes milliseconds; a helper silent this long is stuck (a wedged driver, a stopped process)
      const startTimer = setTimeout(() => {
        rejectStartRaw(new CaptureError('capture.helper-failed', { how: `no answer within ${START_TIMEOUT_MS / 1000} s`, stderr: stderr.value }));
        child.kill('SIGKILL');
      }, START_TIMEOUT_MS);
      const resolveStart = (): void => {
        clearTimeout(startTimer);
        resolveStartRaw();
      };
      const rejectStart = (err: Error): void => {
        clearTimeout(startTimer);
        rejectStartRaw(err);
      };
      const decoder = new HelperStreamDecoder({
        packet: (p) => this.onPacket(p),
        message: (m) => onMessage(m),
      });
      const onMessage = (m: HelperMessage): void => {
        if (m.type === 'started') {
          started = true;
          this.startedAt = Date.now();
          this.info = {
            interface: m.interface,
            filter: m.filter,
            linkType: m.linkType,
            snapLength: m.snapLength,
            promiscuous: m.promiscuous,
            bufferSize: m.bufferSize,
            timestampSource: m.timestampSource,
            warnings: m.warnings,
            path: this.path,
            helper: { pid: m.pid, nodePath: launch.nodePath, helperPath: launch.helperPath },
          };
          this.writer = PcapngFileWriter.fromHandle(this.path, handle, {
            // no host name in the file: captures get shared
            section: { application: 'TLS Lens', os: `${type()} ${release()}` },
            interface: { linkType: m.linkType, snapLength: m.snapLength, name: m.interface, filter: m.filter || undefined, tsResolution: 6 },
          });
          this.writer.onWritten = () => this.maybeResume();
          this.writer.onError = (err) => this.fail(captureErrorInfo('capture.write-failed', { path: this.path, error: err.message }));
          this.session.analyzer.interface({ id: 0, linkType: m.linkType, snapLength: m.snapLength, name: m.interface, unitsPerSecond: 1e6 });
          this.sampler = setInterval(() => this.sample(), RATE_WINDOW_MS / 4);
          this.sampler.unref?.();
          resolveStart();
        } else if (m.type === 'stats') {
          this.helperStats = m.stats;
        } else if (m.type === 'stopped') {
          stoppedMessage = true;
          this.helperStats = m.stats;
          this.stopReason ??= m.reason;
        } else if (m.type === 'error') {
          if (!started) rejectStart(CaptureError.from(m.error));
          else this.fail(m.error);
        }
      };
      child.stdout.on('data', (chunk: Buffer) => {
        try {
          decoder.push(chunk);
        } catch (err) {
          const info = captureErrorInfo('capture.protocol-error', { detail: (err as Error).message });
          if (!started) rejectStart(CaptureError.from(info));
          else this.fail(info);
          child.kill('SIGKILL');
        }
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      // the helper may already be gone when we say "stop"
      child.stdin.on('error', () => undefined);
      child.on('error', (err) => {
        if (!started) rejectStart(new CaptureError('capture.unavailable', { reason: `cannot start ${launch.command}: ${err.message}` }));
      });
      child.on('close', (code, signal) => {
        if (!decoder.error) {
          try {
            decoder.end();
          } catch (err) {
            if (started) this.fail(captureErrorInfo('capture.protocol-error', { detail: (err as Error).message }));
          }
        }
        if (!started) {
          rejectStart(new CaptureError('capture.helper-failed', { how: describeExit(code, signal), stderr: stderr.value }));
          return;
        }
        if (!stoppedMessage && !this.failure) this.fail(captureErrorInfo('capture.helper-failed', { how: describeExit(code, signal), stderr: stderr.value }));
        void this.finish();
      });
    });
  }

  private onPacket(p: HelperPacket): void {
    const writer = this.writer;
    if (!writer || writer.error) return;
    if (this.options.count && this.frames >= this.options.count) return;
    const fileOffset = writer.writePacket(p.tsSec, p.tsUsec, p.data, p.capturedLength, p.originalLength);
    this.frames++;
    this.bytes += p.originalLength;
    this.capturedBytes += p.capturedLength;
    this.session.analyzer.frame({
      frame: this.frames,
      // the same arithmetic as the pcapng reader, so the live analysis equals the file's
      time: (p.tsSec * 1e6 + p.tsUsec) / 1e6,
      fileOffset,
      linkType: this.info.linkType,
      interfaceId: 0,
      capturedLength: p.capturedLength,
      originalLength: p.originalLength,
      data: p.data,
      bytes: p.data,
      offset: 0,
    });
    if (this.options.count && this.frames >= this.options.count) {
      this.stopReason ??= 'count';
      this.requestStop();
    }
    if (!this.paused && writer.pendingBytes > PAUSE_ABOVE) {
      this.paused = true;
      this.child.stdout.pause();
    }
  }

  private maybeResume(): void {
    if (this.paused && this.writer && this.writer.pendingBytes < RESUME_BELOW) {
      this.paused = false;
      this.child.stdout.resume();
    }
  }

  private sample(): void {
    const t = Date.now();
    this.samples.push({ t, frames: this.frames, bytes: this.bytes });
    while (this.samples.length > 2 && t - this.samples[1].t >= RATE_WINDOW_MS) this.samples.shift();
  }

  private fail(error: CaptureErrorInfo): void {
    if (this.failure) return;
    this.failure = error;
    this.stopReason = 'failed';
    this.requestStop();
  }

  private requestStop(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.stdin.writable) this.child.stdin.end('stop\n');
  }

  /** Stops the capture (helper closes the device, flushes, exits); resolves with the final stats. */
  stop(): Promise<LiveCaptureResult> {
    this.stopReason ??= 'requested';
    this.requestStop();
    const child = this.child;
    // a helper that does not answer within seconds is ended; the file stays readable either way
    const term = setTimeout(() => child.kill('SIGTERM'), 5000);
    const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
    void this.done.finally(() => {
      clearTimeout(term);
      clearTimeout(kill);
    });
    return this.done;
  }

  private async finish(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    this.endedAt = Date.now();
    if (this.paused) this.child.stdout.resume();
    await this.writer?.close().catch((err: Error) => {
      this.failure ??= captureErrorInfo('capture.write-failed', { path: this.path, error: err.message });
    });
    this.session.analyzer.finish();
    this.session.udp.finish();
    this.result = { path: this.path, reason: this.stopReason ?? 'requested', stats: this.stats(), error: this.failure };
    this.resolveDone(this.result);
  }

  get running(): boolean {
    return this.endedAt === null;
  }

  stats(): LiveCaptureStats {
    const now = this.endedAt ?? Date.now();
    const h = this.helperStats;
    let framesPerSecond = 0;
    let bytesPerSecond = 0;
    const first = this.samples[0];
    if (this.endedAt === null && first && now - first.t > 0) {
      framesPerSecond = ((this.frames - first.frames) * 1000) / (now - first.t);
      bytesPerSecond = ((this.bytes - first.bytes) * 1000) / (now - first.t);
    } else if (this.startedAt && now > this.startedAt) {
      // finished: the average over the whole capture
      framesPerSecond = (this.frames * 1000) / (now - this.startedAt);
      bytesPerSecond = (this.bytes * 1000) / (now - this.startedAt);
    }
    return {
      frames: this.frames,
      bytes: this.bytes,
      capturedBytes: this.capturedBytes,
      fileBytes: this.writer?.size ?? 0,
      startedAt: this.startedAt / 1000,
      elapsedMs: this.startedAt ? now - this.startedAt : 0,
      framesPerSecond: Math.round(framesPerSecond * 10) / 10,
      bytesPerSecond: Math.round(bytesPerSecond),
      drops: {
        kernel: h?.kernel ? h.kernel.dropped : null,
        kernelSource: h?.kernel ? 'pcap_stats' : 'unavailable: cap 0.2.1 has no pcap_stats binding',
        interface: h?.interfaceDrops ?? null,
        app: h?.queueDropped ?? 0,
      },
    };
  }

  /** The analysis so far (or final), in the CLI's report schema; the file is the pcapng being written. */
  report(): AnalysisReport {
    return this.session.report(this.fileInfo(), { complete: true, cancelled: false });
  }

  reportHead(): ReportHead {
    return this.session.reportHead(this.fileInfo(), { complete: true, cancelled: false });
  }

  connectionReports(): Iterable<ConnectionReport> {
    return this.session.connectionReports();
  }

  /** What the text table shows, readable twice (see AnalysisSession.connectionTableRows). */
  connectionTableRows(): Iterable<AnyTableRow> {
    return this.session.connectionTableRows();
  }

  private fileInfo(): AnalysisReport['file'] {
    return { path: this.path, name: basename(this.path), size: this.writer?.size ?? 0, format: 'pcapng' };
  }

  /** Bytes of the file that are complete blocks (for "save as" while capturing). */
  async flushedLength(): Promise<number> {
    await this.writer?.flush();
    return this.writer?.flushedBytes ?? 0;
  }
}

function validateOptions(o: LiveCaptureOptions): void {
  const bad = (option: string, value: unknown): never => {
    throw new CaptureError('capture.bad-option', { option, value: String(value) });
  };
  if (!o.interface || typeof o.interface !== 'string') bad('interface', o.interface);
  if (o.snapLength !== undefined && !(Number.isInteger(o.snapLength) && o.snapLength >= 1 && o.snapLength <= 262144)) bad('snaplen', o.snapLength);
  if (o.count !== undefined && !(Number.isInteger(o.count) && o.count >= 1)) bad('count', o.count);
  if (o.bufferSize !== undefined && !(Number.isInteger(o.bufferSize) && o.bufferSize >= 1)) bad('buffer-size', o.bufferSize);
  if (o.filter !== undefined && (typeof o.filter !== 'string' || o.filter.length > 10_000 || o.filter.includes('\0'))) bad('filter', o.filter);
}
