import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * Bytes the capture never saw are an event of the connection ("gap", with the
 * missing byte count), besides the counters: the ladder marks them where they
 * happened. The same count the reassembly hands to TLS, in the direction it
 * happened, stamped with the frame that revealed it.
 */
describe('gap events', () => {
  it('a lost client segment, acknowledged by the server, becomes one gap event of its length', () => {
    const flow = new TcpFlow();
    const lost = patternBytes(100, 2);
    const frames = [...flow.handshake(), flow.send('client', patternBytes(50, 1))];
    flow.send('client', lost); // never captured
    const after = flow.send('client', patternBytes(30, 3));
    const { analyzer, consumers } = analyzeFrames([...frames, after, flow.ack('server'), flow.fin('client'), flow.fin('server'), flow.ack('client')]);
    const conn = analyzer.connections[0];
    const gaps = conn.events.filter((e) => e.kind === 'gap');
    expect(conn.gaps).toBe(1);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ dir: 'c2s', missing: conn.gapBytes, seq: 50 });
    expect(conn.gapBytes).toBe(lost.length);
    // the reassembled client stream resumes after the hole: what TLS was told matches the event
    expect(consumers[0].client.bytes().length).toBe(80);
    // stamped with the frame that proved the bytes lost (the server acknowledging past them), not earlier
    const ackFrame = frames.length + 2;
    expect(gaps[0].frame).toBe(ackFrame);
  });

  it('no loss, no gap event', () => {
    const flow = new TcpFlow();
    const { analyzer } = analyzeFrames([...flow.handshake(), flow.send('client', patternBytes(50, 1)), flow.send('server', patternBytes(60, 2)), flow.fin('client'), flow.fin('server')]);
    expect(analyzer.connections[0].events.some((e) => e.kind === 'gap')).toBe(false);
    expect(analyzer.connections[0].gaps).toBe(0);
  });
});
