import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * The analyzer above TCP (TLS) is made when a connection delivers its first byte or gap: a
 * scan or a SYN flood of a million unanswered SYNs must not hold a million TLS analyzers.
 */
describe('the consumer above TCP is made on the first byte', () => {
  it('connections without payload (SYN only, handshake and RST, handshake and FINs) get none', () => {
    const flows = Array.from({ length: 3 }, (_, i) => new TcpFlow({ client: { ip: '10.0.0.1', port: 40000 + i }, server: { ip: '10.0.0.2', port: 443 } }));
    const [synOnly, reset, closed] = flows;
    const frames = [synOnly.syn(), ...reset.handshake(), reset.rst('server'), ...closed.handshake(), closed.fin('client'), closed.fin('server'), closed.ack('client')];
    const { analyzer, consumers } = analyzeFrames(frames);
    expect(analyzer.connections).toHaveLength(3);
    expect(consumers).toHaveLength(0);
    expect(analyzer.connections.map((c) => c.consumer)).toEqual([null, null, null]);
    expect(analyzer.connections[1].closeKind).toBe('rst');
    expect(analyzer.connections[2].closeKind).toBe('four-way');
  });

  it('the first byte from either side makes one consumer, which sees every byte and both ends', () => {
    const flow = new TcpFlow();
    const reply = patternBytes(20, 2);
    const frames = [...flow.handshake(), flow.ack('client'), flow.send('server', reply), flow.send('client', patternBytes(5, 1)), flow.fin('client'), flow.fin('server'), flow.ack('client')];
    const { analyzer, consumers } = analyzeFrames(frames);
    expect(consumers).toHaveLength(1);
    expect(analyzer.connections[0].consumer).toBe(consumers[0]);
    expect(consumers[0].server.bytes()).toEqual(reply);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(5, 1));
    expect([consumers[0].client.endCount, consumers[0].server.endCount]).toEqual([1, 1]);
    expect([...consumers[0].client.contractViolations(), ...consumers[0].server.contractViolations()]).toEqual([]);
  });

  it('a gap before any byte makes it too (the bytes were sent, only not captured)', () => {
    const flow = new TcpFlow();
    const frames = flow.handshake();
    flow.send('client', patternBytes(100, 1)); // lost by the capture
    const late = flow.send('client', patternBytes(10, 2));
    const { consumers } = analyzeFrames([...frames, late]);
    expect(consumers).toHaveLength(1);
    expect(consumers[0].client.gapCalls.map((g) => [g.offset, g.length])).toEqual([[0, 100]]);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(10, 2));
  });
});
