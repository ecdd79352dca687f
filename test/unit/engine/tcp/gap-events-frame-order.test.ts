import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * A connection's events are in frame order (README, "events"): a gap found while held
 * segments are flushed (end of capture, RST, an ACK past a hole) is stamped with the frame
 * that revealed it, never with the older frame of the segment being flushed.
 */
describe('gap events in frame order', () => {
  it('gap-event-after-later-frames: a held segment cut by the snap length, flushed at the end', () => {
    const flow = new TcpFlow();
    const frames = [...flow.handshake(), flow.send('client', patternBytes(100, 1))];
    flow.send('client', patternBytes(100, 2)); // never captured
    frames.push(flow.send('client', patternBytes(1000, 3))); // frame 5: ahead of a hole, and cut to 200 bytes
    frames.push(flow.send('server', patternBytes(10, 4))); // frame 6: acknowledges all the client sent: the hole is lost
    const { analyzer } = analyzeFrames(frames, { snapLength: 200 });
    const events = analyzer.connections[0].events;
    const order = events.map((e) => e.frame);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const gaps = events.filter((e) => e.kind === 'gap');
    // the hole, then the bytes the snap length cut from frame 5 (146 of its 1000 captured):
    // both known only when frame 6's ACK flushed the held segment
    expect(gaps.map((g) => [g.frame, g.seq, g.missing])).toEqual([
      [6, 100, 100],
      [6, 200 + 146, 1000 - 146],
    ]);
  });
});
