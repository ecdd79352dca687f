import { describe, expect, it } from 'vitest';
import { ETHERTYPE, ethernet, IPPROTO, ipv4, ipv6, patternBytes, tcp, TcpFlow, type FlowFrame } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * An IP header that claims more bytes than the frame carried on the wire (RFC 791 total
 * length, RFC 8200 payload length): the payload is what the frame holds, as tshark reads it
 * ("IPv4 total length exceeds packet length"), never the claim.
 */
function withLength(flow: TcpFlow, frame: FlowFrame, claimed: number, v6 = false): FlowFrame {
  const segment = tcp({ srcPort: flow.client.port, dstPort: flow.server.port, seq: frame.seq, ack: frame.ack, flags: frame.flags, payload: frame.payload });
  const packet = v6
    ? ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: IPPROTO.TCP, payload: segment, payloadLength: claimed })
    : ipv4({ src: flow.client.ip, dst: flow.server.ip, protocol: IPPROTO.TCP, payload: segment, totalLength: claimed });
  return { ...frame, data: ethernet({ etherType: v6 ? ETHERTYPE.IPV6 : ETHERTYPE.IPV4, payload: packet }) };
}

describe('IP length larger than the frame', () => {
  it('ip-total-length-beyond-frame: IPv4 payload clamped to the frame, with an anomaly', () => {
    const flow = new TcpFlow();
    const [syn, synAck, ack] = flow.handshake();
    const data = flow.send('client', patternBytes(100));
    const after = flow.send('client', patternBytes(50, 7));
    // 100 payload bytes on the wire, 4000 claimed
    const lying = withLength(flow, data, 20 + 20 + 4000);
    const { analyzer, consumers } = analyzeFrames([syn, synAck, ack, lying, after]);
    const c = analyzer.connections[0];
    for (const dir of ['c2s', 's2c'] as const) expect(c.counters[dir].payloadBytes).toBeLessThanOrEqual(c.counters[dir].bytes);
    expect(c.counters.c2s.payloadBytes).toBe(150);
    // the next segment follows on: no gap, no retransmission
    expect(c.gaps).toBe(0);
    expect(c.retransmissions).toBe(0);
    expect(consumers[0].client.bytes()).toEqual(Uint8Array.from([...patternBytes(100), ...patternBytes(50, 7)]));
    expect(analyzer.stats.anomalies['ip.length-beyond-frame']).toBe(1);
    const a = analyzer.anomalies.find((x) => x.code === 'ip.length-beyond-frame');
    expect(a?.frame).toBe(4);
    expect(a?.message).toContain('4040');
  });

  it('ip-payload-length-beyond-frame: IPv6 payload clamped the same way', () => {
    const flow = new TcpFlow({ client: { ip: '2001:db8::1', port: 50000 }, server: { ip: '2001:db8::2', port: 443 } });
    const [syn, synAck, ack] = flow.handshake();
    const lying = withLength(flow, flow.send('client', patternBytes(10)), 20 + 3000, true);
    const { analyzer } = analyzeFrames([syn, synAck, ack, lying]);
    const c = analyzer.connections[0];
    expect(c.counters.c2s.payloadBytes).toBe(10);
    expect(c.gaps).toBe(0);
    expect(analyzer.stats.anomalies['ip.length-beyond-frame']).toBe(1);
  });

  it('a frame cut by the snap length keeps the length its header claims (bytes not captured are a gap)', () => {
    const flow = new TcpFlow();
    const frames = [...flow.handshake(), flow.send('client', patternBytes(1000)), flow.send('client', patternBytes(10))];
    const { analyzer } = analyzeFrames(frames, { snapLength: 200 });
    expect(analyzer.connections[0].counters.c2s.payloadBytes).toBe(1010);
    expect(analyzer.stats.anomalies['ip.length-beyond-frame']).toBeUndefined();
  });
});
