import { describe, expect, it } from 'vitest';
import { concat, patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

describe('reassembly: reordered segments', () => {
  it('segments 1, 3, 2: bytes delivered in stream order, each from its own frame, counted out-of-order', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const parts = [patternBytes(100, 1), patternBytes(100, 2), patternBytes(100, 3)];
    const [a, b, c] = parts.map((p) => flow.send('client', p));
    const { analyzer, consumers } = analyzeFrames([...hs, a, c, b]);
    const sink = consumers[0].client;
    expect(sink.bytes()).toEqual(concat(...parts));
    // frame 4 is a, frame 5 is c (captured early), frame 6 is b
    expect(sink.dataCalls.map((d) => [d.offset, d.frame])).toEqual([
      [0, 4],
      [100, 6],
      [200, 5],
    ]);
    expect(sink.contractViolations()).toEqual([]);
    expect(analyzer.connections[0].outOfOrder).toBe(1);
    expect(analyzer.connections[0].retransmissions).toBe(0);
    expect(analyzer.connections[0].gaps).toBe(0);
  });

  it('a reversed run of five segments', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const parts = [1, 2, 3, 4, 5].map((i) => patternBytes(37 * i, i));
    const segs = parts.map((p) => flow.send('server', p));
    const { consumers } = analyzeFrames([...hs, ...segs.slice().reverse()]);
    expect(consumers[0].server.bytes()).toEqual(concat(...parts));
    expect(consumers[0].server.contractViolations()).toEqual([]);
  });

  it('a hole filled long after it opened was a retransmission by the sender, not reordering', () => {
    const flow = new TcpFlow({ step: 0.0001 }); // handshake RTT 0.2 ms
    const hs = flow.handshake();
    const a = flow.send('client', patternBytes(100, 1));
    const b = flow.send('client', patternBytes(100, 2));
    const c = flow.send('client', patternBytes(100, 3));
    flow.at(c.time + 0.5);
    const bAgain = flow.send('client', patternBytes(100, 2), { seq: b.seq, keepSeq: true });
    const { analyzer, consumers } = analyzeFrames([...hs, a, c, bAgain]);
    expect(consumers[0].client.bytes()).toEqual(concat(patternBytes(100, 1), patternBytes(100, 2), patternBytes(100, 3)));
    expect(analyzer.connections[0].retransmissions).toBe(1);
    expect(analyzer.connections[0].outOfOrder).toBe(0);
  });
});
