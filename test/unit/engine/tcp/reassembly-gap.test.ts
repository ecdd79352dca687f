import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

const stream = patternBytes(1000, 21);
const slice = (from: number, to: number) => stream.subarray(from, to);

/** handshake plus client segments of 100 bytes each covering stream[0, 100 * n) */
function clientSegments(n: number) {
  const flow = new TcpFlow();
  const hs = flow.handshake();
  const segs = Array.from({ length: n }, (_, i) => flow.send('client', slice(i * 100, i * 100 + 100)));
  return { flow, hs, segs };
}

describe('reassembly: bytes the capture never saw', () => {
  it('a segment lost by the capture but acknowledged by the peer: gap with its offset and length, then data resumes', () => {
    const { flow, hs, segs } = clientSegments(3);
    const serverAck = flow.ack('server'); // acknowledges all 300 bytes
    const more = flow.send('client', slice(300, 400));
    const { analyzer, consumers } = analyzeFrames([...hs, segs[0], segs[2], serverAck, more]);
    const sink = consumers[0].client;
    expect(sink.calls.slice(0, 4)).toEqual([
      expect.objectContaining({ kind: 'data', offset: 0, frame: 4 }),
      { kind: 'gap', offset: 100, length: 100, frame: 6 },
      expect.objectContaining({ kind: 'data', offset: 200, frame: 5, bytes: slice(200, 300) }),
      expect.objectContaining({ kind: 'data', offset: 300, frame: 7, bytes: slice(300, 400) }),
    ]);
    expect(sink.contractViolations()).toEqual([]);
    const conn = analyzer.connections[0];
    expect([conn.gaps, conn.gapBytes]).toEqual([1, 100]);
    expect(conn.retransmissions).toBe(0);
  });

  it('the acknowledgement arrives before the segment after the hole: the gap is declared when that segment comes', () => {
    const { flow, hs, segs } = clientSegments(2);
    const ack200 = flow.ack('server');
    const c = flow.send('client', slice(200, 300));
    const { consumers } = analyzeFrames([...hs, segs[0], ack200, c]);
    const sink = consumers[0].client;
    expect(sink.calls.filter((x) => x.kind !== 'end')).toEqual([
      expect.objectContaining({ kind: 'data', offset: 0 }),
      { kind: 'gap', offset: 100, length: 100, frame: 6 },
      expect.objectContaining({ kind: 'data', offset: 200, bytes: slice(200, 300), frame: 6 }),
    ]);
  });

  it('two holes acknowledged by one ACK: both are gaps and every captured byte is still delivered', () => {
    const { flow, hs, segs } = clientSegments(5); // 0..500, segments 2 and 4 lost
    const ack = flow.ack('server');
    const f = flow.send('client', slice(500, 600));
    const { analyzer, consumers } = analyzeFrames([...hs, segs[0], segs[2], segs[4], ack, f]);
    const sink = consumers[0].client;
    // frames: 4 = bytes 0..100, 5 = 200..300, 6 = 400..500, 7 = the ACK, 8 = 500..600
    expect(sink.summary()).toEqual([
      ['data', 0, 100, 4],
      ['gap', 100, 100, 7],
      ['data', 200, 100, 5],
      ['gap', 300, 100, 7],
      ['data', 400, 100, 6],
      ['data', 500, 100, 8],
      ['end'],
    ]);
    expect(sink.contractViolations()).toEqual([]);
    expect([analyzer.connections[0].gaps, analyzer.connections[0].gapBytes]).toEqual([2, 200]);
  });

  it('a hole at the end of the capture, known from the peer ACK, is reported by finish()', () => {
    const { flow, hs, segs } = clientSegments(2);
    const ack = flow.ack('server');
    const { analyzer, consumers } = analyzeFrames([...hs, segs[0], ack], { finish: false });
    const sink = consumers[0].client;
    expect(sink.gapCalls).toEqual([]);
    analyzer.finish();
    expect(sink.calls.slice(1)).toEqual([{ kind: 'gap', offset: 100, length: 100, frame: 5 }, { kind: 'end' }]);
  });

  it('data held behind a hole nobody acknowledged is flushed by finish(): gap, then the held bytes', () => {
    const { hs, segs } = clientSegments(3);
    const { consumers } = analyzeFrames([...hs, segs[0], segs[2]]);
    const sink = consumers[0].client;
    // the gap is declared at the last frame of the capture (frame 5, the held segment)
    expect(sink.summary()).toEqual([['data', 0, 100, 4], ['gap', 100, 100, 5], ['data', 200, 100, 5], ['end']]);
  });

  it('a FIN acknowledged over missing data ends the direction after a gap', () => {
    const { flow, hs, segs } = clientSegments(2);
    const fin = flow.fin('client');
    const ack = flow.ack('server');
    const { consumers } = analyzeFrames([...hs, segs[0], fin, ack]);
    const sink = consumers[0].client;
    expect(sink.summary()).toEqual([['data', 0, 100, 4], ['gap', 100, 100, 6], ['end']]);
  });
});
