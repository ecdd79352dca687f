import { describe, expect, it } from 'vitest';
import { concat, patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

describe('reassembly: in-order segments', () => {
  it('each direction receives its bytes at consecutive stream offsets, one call per segment, then end()', () => {
    const flow = new TcpFlow();
    const c = [patternBytes(100, 1), patternBytes(200, 2), patternBytes(50, 3)];
    const s = [patternBytes(1000, 4), patternBytes(1, 5)];
    const frames = [...flow.handshake(), flow.send('client', c[0]), flow.send('client', c[1]), flow.send('server', s[0]), flow.send('client', c[2]), flow.send('server', s[1]), flow.ack('client')];
    const { analyzer, consumers } = analyzeFrames(frames);
    expect(analyzer.connections).toHaveLength(1);
    const [consumer] = consumers;
    expect(consumer.client.dataCalls.map((d) => [d.offset, d.bytes.length, d.frame])).toEqual([
      [0, 100, 4],
      [100, 200, 5],
      [300, 50, 7],
    ]);
    expect(consumer.server.dataCalls.map((d) => [d.offset, d.bytes.length, d.frame])).toEqual([
      [0, 1000, 6],
      [1000, 1, 8],
    ]);
    expect(consumer.client.bytes()).toEqual(concat(...c));
    expect(consumer.server.bytes()).toEqual(concat(...s));
    expect(consumer.client.contractViolations()).toEqual([]);
    expect(consumer.server.contractViolations()).toEqual([]);
    // finish() at the end of the capture ends both directions once
    expect([consumer.client.endCount, consumer.server.endCount]).toEqual([1, 1]);
    const conn = analyzer.connections[0];
    expect({ retransmissions: conn.retransmissions, outOfOrder: conn.outOfOrder, gaps: conn.gaps, overlaps: conn.overlaps }).toEqual({ retransmissions: 0, outOfOrder: 0, gaps: 0, overlaps: 0 });
    expect(conn.counters.c2s.payloadBytes).toBe(350);
    expect(conn.counters.s2c.payloadBytes).toBe(1001);
    expect(conn.counters.c2s.frames).toBe(6);
    expect(conn.counters.s2c.frames).toBe(3);
  });

  it('consecutive data segments of one direction collapse into one data event', () => {
    const flow = new TcpFlow();
    const frames = [...flow.handshake(), flow.send('client', patternBytes(10)), flow.send('client', patternBytes(20)), flow.send('server', patternBytes(5)), flow.send('client', patternBytes(7))];
    const { analyzer } = analyzeFrames(frames);
    const events = analyzer.connections[0].events;
    expect(events.map((e) => [e.kind, e.dir, e.frame])).toEqual([
      ['syn', 'c2s', 1],
      ['syn-ack', 's2c', 2],
      ['ack', 'c2s', 3],
      ['data', 'c2s', 4],
      ['data', 's2c', 6],
      ['data', 'c2s', 7],
    ]);
    expect(events[3]).toMatchObject({ seq: 0, segments: 2, bytes: 30, lastFrame: 5 });
    expect(events[5]).toMatchObject({ seq: 30, segments: 1, bytes: 7 });
  });
});
