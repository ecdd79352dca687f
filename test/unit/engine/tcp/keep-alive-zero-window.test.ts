import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

function established() {
  const flow = new TcpFlow();
  const frames = [...flow.handshake(), flow.send('client', patternBytes(100, 1)), flow.ack('server')];
  return { flow, frames };
}

describe('keep-alives and zero windows', () => {
  it('a zero-length keep-alive (sequence number one below the next, as Linux sends) is counted, nothing delivered', () => {
    const { flow, frames } = established();
    const ka = flow.keepAlive('client', false);
    expect(ka.seq).toBe(flow.next.client - 1);
    const { analyzer, consumers } = analyzeFrames([...frames, ka, flow.ack('server')]);
    const conn = analyzer.connections[0];
    expect(conn.keepAlives).toBe(1);
    expect(conn.retransmissions).toBe(0);
    expect(conn.events.filter((e) => e.kind === 'keep-alive').map((e) => e.frame)).toEqual([6]);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(100, 1));
  });

  it('a one-byte keep-alive (the old BSD style) is counted and its garbage byte not delivered again', () => {
    const { flow, frames } = established();
    const ka = flow.keepAlive('client', true);
    const { analyzer, consumers } = analyzeFrames([...frames, ka, ka, flow.ack('server')]);
    const conn = analyzer.connections[0];
    expect(conn.keepAlives).toBe(2);
    expect(conn.retransmissions).toBe(0);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(100, 1));
    expect(consumers[0].client.contractViolations()).toEqual([]);
  });

  it('ordinary pure ACKs are not keep-alives', () => {
    const { flow, frames } = established();
    const { analyzer } = analyzeFrames([...frames, flow.ack('client'), flow.ack('server'), flow.ack('client')]);
    expect(analyzer.connections[0].keepAlives).toBe(0);
  });

  it('a zero window advertisement is counted with an event, and the window update is not', () => {
    const { flow, frames } = established();
    const zero = flow.ack('server', { window: 0 });
    const update = flow.ack('server', { window: 4096 });
    const { analyzer } = analyzeFrames([...frames, zero, update]);
    const conn = analyzer.connections[0];
    expect(conn.zeroWindows).toBe(1);
    expect(conn.events.filter((e) => e.kind === 'zero-window').map((e) => [e.frame, e.dir])).toEqual([[6, 's2c']]);
  });

  it('a RST with window 0 is not a zero window', () => {
    const { flow, frames } = established();
    const { analyzer } = analyzeFrames([...frames, flow.rst('server', { window: 0 })]);
    expect(analyzer.connections[0].zeroWindows).toBe(0);
  });
});
