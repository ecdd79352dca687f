import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

describe('reassembly: segments cut by the snap length', () => {
  it('the captured part is delivered, the rest of each segment is a gap, offsets stay true', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const a = flow.send('client', patternBytes(500, 1));
    const b = flow.send('client', patternBytes(300, 2));
    const small = flow.send('client', patternBytes(10, 3));
    const snap = a.payloadOffset + 40; // 40 payload bytes survive
    const { analyzer, consumers } = analyzeFrames([...hs, a, b, small], { snapLength: snap });
    const sink = consumers[0].client;
    expect(sink.summary()).toEqual([
      ['data', 0, 40, 4],
      ['gap', 40, 460, 4],
      ['data', 500, 40, 5],
      ['gap', 540, 260, 5],
      ['data', 800, 10, 6],
      ['end'],
    ]);
    expect(sink.dataCalls[0].bytes).toEqual(patternBytes(500, 1).subarray(0, 40));
    expect(sink.dataCalls[1].bytes).toEqual(patternBytes(300, 2).subarray(0, 40));
    const conn = analyzer.connections[0];
    expect([conn.gaps, conn.gapBytes]).toEqual([2, 720]);
    // payload bytes count what the headers claim, not what was captured
    expect(conn.counters.c2s.payloadBytes).toBe(810);
  });

  it('a frame cut inside the TCP header is a tcp.truncated anomaly, not data', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const a = flow.send('client', patternBytes(100));
    const { analyzer } = analyzeFrames([...hs, a], { snapLength: 14 + 20 + 10 });
    expect(analyzer.stats.anomalies['tcp.truncated']).toBeGreaterThanOrEqual(1);
  });
});
