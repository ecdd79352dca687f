import { describe, expect, it } from 'vitest';
import { HalfStream } from '../../../../main/engine/tcp/half-stream';
import { concat, patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';
import { RecordingSink } from '../support/recording-consumer';

const TWO_32 = 2 ** 32;

describe('reassembly: 32-bit sequence numbers wrap', () => {
  it('ISN 10 below 2^32: stream offsets continue past the wrap, bytes intact', () => {
    const flow = new TcpFlow({ clientIsn: TWO_32 - 10 });
    const hs = flow.handshake();
    const parts = [0, 1, 2, 3, 4].map((i) => patternBytes(8, i));
    const segs = parts.map((p) => flow.send('client', p));
    // the wrap really happens inside the data: sequence numbers go down
    expect(segs.map((s) => s.seq)).toEqual([TWO_32 - 9, TWO_32 - 1, 7, 15, 23]);
    const ack = flow.ack('server');
    const { analyzer, consumers } = analyzeFrames([...hs, ...segs, ack]);
    const sink = consumers[0].client;
    expect(sink.dataCalls.map((d) => d.offset)).toEqual([0, 8, 16, 24, 32]);
    expect(sink.bytes()).toEqual(concat(...parts));
    expect(sink.gapCalls).toEqual([]);
    expect(analyzer.connections[0].gaps).toBe(0);
  });

  it('reordering across the wrap', () => {
    const flow = new TcpFlow({ serverIsn: TWO_32 - 50 });
    const hs = flow.handshake();
    const parts = [0, 1, 2].map((i) => patternBytes(40, i));
    const [a, b, c] = parts.map((p) => flow.send('server', p));
    const { consumers } = analyzeFrames([...hs, a, c, b]);
    expect(consumers[0].server.bytes()).toEqual(concat(...parts));
    expect(consumers[0].server.dataCalls.map((d) => d.offset)).toEqual([0, 40, 80]);
  });

  it('mid-stream start right before the wrap (no SYN)', () => {
    const flow = new TcpFlow();
    flow.next.client = TWO_32 - 3;
    const parts = [patternBytes(6, 1), patternBytes(6, 2)];
    const segs = parts.map((p) => flow.send('client', p));
    const { consumers } = analyzeFrames(segs);
    expect(consumers[0].client.dataCalls.map((d) => d.offset)).toEqual([0, 6]);
    expect(consumers[0].client.bytes()).toEqual(concat(...parts));
  });

  it('a flow longer than 4 GiB keeps growing stream offsets (sequence numbers wrap more than once)', () => {
    const sink = new RecordingSink();
    const half = new HalfStream({ recordGap: () => undefined, sinkFor: () => sink });
    const isn = 123_456;
    half.setInitialSequence(isn);
    const segment = 65_000;
    const count = Math.ceil((2.2 * TWO_32) / segment);
    const ref = { frame: 1, time: 0, fileOffset: 0 };
    const one = Uint8Array.of(7);
    for (let i = 0; i < count; i++) {
      // snap length kept 1 byte of each 65000-byte segment
      half.segment((isn + 1 + i * segment) % TWO_32, one, segment, false, ref, 0);
    }
    const data = sink.dataCalls;
    expect(data).toHaveLength(count);
    expect(data[count - 1].offset).toBe((count - 1) * segment);
    expect(data.every((d, i) => d.offset === i * segment)).toBe(true);
    expect(sink.gapCalls.every((g, i) => g.offset === i * segment + 1 && g.length === segment - 1)).toBe(true);
    expect(half.next).toBe(count * segment);
  });
});
