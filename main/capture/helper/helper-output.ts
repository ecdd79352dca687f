/**
 * The helper's side of the pipe: packets are batched into one write per turn
 * of the event loop (cap delivers a burst synchronously), and the bytes
 * waiting for the app are bounded. When the app does not keep up, packets are
 * dropped here and counted — rather than blocking, which would make the
 * kernel drop them where cap 0.2.1 cannot count them.
 */
import { STREAM_MAGIC, encodeMessage, packetRecordSize, writePacketRecord } from '../protocol/helper-protocol';
import type { HelperMessage } from '../protocol/helper-messages';

const BATCH = 256 * 1024;

export interface ByteOut {
  write(chunk: Uint8Array): boolean;
  end(cb?: () => void): void;
  readonly writableLength: number;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export class HelperOutput {
  private batch: Buffer = Buffer.allocUnsafe(BATCH);
  private view = new DataView(this.batch.buffer, this.batch.byteOffset, this.batch.byteLength);
  private used = 0;
  private scheduled = false;
  private ended = false;
  dropped = 0;

  constructor(
    private readonly out: ByteOut,
    private readonly maxQueueBytes: number,
  ) {}

  /** bytes written but not yet taken by the app, plus the open batch */
  get queuedBytes(): number {
    return this.out.writableLength + this.used;
  }

  start(): void {
    this.out.write(STREAM_MAGIC);
  }

  /** false: dropped because the queue is full */
  packet(tsSec: number, tsUsec: number, data: Uint8Array, capturedLength: number, originalLength: number): boolean {
    if (this.ended) return false;
    const size = packetRecordSize(capturedLength);
    if (this.queuedBytes + size > this.maxQueueBytes) {
      this.dropped++;
      return false;
    }
    if (this.used + size > this.batch.length) {
      this.flush();
      if (size > this.batch.length) this.setBatch(Buffer.allocUnsafe(size));
    }
    this.used += writePacketRecord(this.batch, this.used, tsSec, tsUsec, data, capturedLength, originalLength, this.view);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
    return true;
  }

  /** Control messages are never dropped, and never overtake packets already batched. */
  message(message: HelperMessage): void {
    if (this.ended) return;
    this.flush();
    this.out.write(encodeMessage(message));
  }

  flush(): void {
    if (this.used === 0) return;
    this.out.write(this.batch.subarray(0, this.used));
    this.setBatch(Buffer.allocUnsafe(BATCH));
    this.used = 0;
  }

  private setBatch(batch: Buffer): void {
    // allocUnsafe may hand out a slice of a shared pool: the view must cover exactly this batch
    this.batch = batch;
    this.view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  }

  /** Flushes and ends the stream; resolves once the app has taken every byte. */
  end(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.flush();
    this.ended = true;
    return new Promise((resolve) => this.out.end(resolve));
  }
}
