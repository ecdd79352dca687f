import { describe, expect, it } from 'vitest';
import { TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * Found by the fuzz tier: a SYN-ACK captured before the SYN it answers (the SYN's first copy
 * lost or damaged, a copy of it later) made the SYN → SYN-ACK time negative with a clock that
 * never ran backwards. A round trip is measured only between steps in capture order.
 */
describe('handshake steps out of capture order', () => {
  it('syn-ack-before-syn-no-negative-rtt: no round trip from a SYN seen after its SYN-ACK', () => {
    const flow = new TcpFlow();
    const synAck = flow.synAck();
    const syn = flow.syn();
    const ack = flow.ack('client');
    const { analyzer } = analyzeFrames([synAck, syn, ack]);
    const c = analyzer.connections[0];
    expect(c.syn?.frame).toBe(2);
    expect(c.synAck?.frame).toBe(1);
    expect(c.serverRttMs).toBeNull();
    for (const rtt of [c.handshakeRttMs, c.clientRttMs]) expect(rtt === null || rtt >= 0).toBe(true);
  });
});
