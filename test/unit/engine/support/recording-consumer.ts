/** A StreamConsumer that records every call TCP reassembly makes, per direction. */
import type { StreamConsumer } from '../../../../main/engine/tcp/connection';
import type { DirectionSink } from '../../../../main/engine/tcp/stream-sink';
import type { FrameRef } from '../../../../main/engine/types';
import { concatBytes } from '../../../../main/engine/util/bytes';

export type SinkCall =
  | { kind: 'data'; offset: number; bytes: Uint8Array; frame: number; time: number; fileOffset: number; payloadOffset: number }
  | { kind: 'gap'; offset: number; length: number; frame: number }
  | { kind: 'end' };

export class RecordingSink implements DirectionSink {
  readonly calls: SinkCall[] = [];

  data(bytes: Uint8Array, streamOffset: number, origin: FrameRef, payloadOffset: number): void {
    this.calls.push({ kind: 'data', offset: streamOffset, bytes: bytes.slice(), frame: origin.frame, time: origin.time, fileOffset: origin.fileOffset, payloadOffset });
  }

  gap(streamOffset: number, length: number, at: FrameRef): void {
    this.calls.push({ kind: 'gap', offset: streamOffset, length, frame: at.frame });
  }

  end(): void {
    this.calls.push({ kind: 'end' });
  }

  get dataCalls(): Extract<SinkCall, { kind: 'data' }>[] {
    return this.calls.filter((c): c is Extract<SinkCall, { kind: 'data' }> => c.kind === 'data');
  }

  get gapCalls(): Extract<SinkCall, { kind: 'gap' }>[] {
    return this.calls.filter((c): c is Extract<SinkCall, { kind: 'gap' }> => c.kind === 'gap');
  }

  get endCount(): number {
    return this.calls.filter((c) => c.kind === 'end').length;
  }

  /** Calls as compact tuples: ['data', offset, length, frame], ['gap', offset, length, frame], ['end']. */
  summary(): Array<[string, ...number[]]> {
    return this.calls.map((c): [string, ...number[]] => (c.kind === 'data' ? ['data', c.offset, c.bytes.length, c.frame] : c.kind === 'gap' ? ['gap', c.offset, c.length, c.frame] : ['end']));
  }

  /** All delivered bytes in call order. */
  bytes(): Uint8Array {
    return concatBytes(...this.dataCalls.map((c) => c.bytes));
  }

  /**
   * Problems with the contract "data and gaps tile the stream from offset
   * `start` with no overlap and no hole, and nothing follows end()".
   * Empty when the contract held.
   */
  contractViolations(start = 0): string[] {
    const problems: string[] = [];
    let expected = start;
    let ended = false;
    for (const c of this.calls) {
      if (ended) problems.push(`${c.kind} after end()`);
      if (c.kind === 'end') {
        ended = true;
        continue;
      }
      if (c.offset !== expected) problems.push(`${c.kind} at ${c.offset}, expected ${expected}`);
      const len = c.kind === 'data' ? c.bytes.length : c.length;
      if (len <= 0) problems.push(`${c.kind} of length ${len} at ${c.offset}`);
      expected = c.offset + len;
    }
    return problems;
  }
}

export class RecordingConsumer implements StreamConsumer {
  readonly client = new RecordingSink();
  readonly server = new RecordingSink();
}
