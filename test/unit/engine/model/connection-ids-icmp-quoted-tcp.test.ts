import { describe, expect, it } from 'vitest';
import { concat, ETHERTYPE, ethernet, IPPROTO, ipv4, TCP, tcp, TcpFlow, type FlowFrame } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * docs/design.md, "Connection ids and tcp.stream", case 1: tshark 4.0 gives a tcp.stream number to
 * the TCP header quoted in an ICMP error (RFC 792 destination unreachable) when its 4-tuple
 * is new, though no TCP frame of it exists; checked with tshark on this same capture, which
 * numbers the two connections 0 and 2. Ids here count connections only: 0 and 1.
 */
describe('connection ids beside ICMP errors', () => {
  it('connection-ids-icmp-quoted-tcp: a TCP header quoted in an ICMP error takes no id', () => {
    const first = new TcpFlow({ client: { ip: '10.0.0.1', port: 1111 } });
    const quoted = ipv4({ src: '10.0.0.1', dst: '10.9.9.9', protocol: IPPROTO.TCP, payload: tcp({ srcPort: 2222, dstPort: 80, seq: 1, flags: TCP.SYN }) });
    const unreachable = ipv4({ src: '10.0.0.254', dst: '10.0.0.1', protocol: IPPROTO.ICMP, payload: concat([3, 1, 0, 0, 0, 0, 0, 0], quoted) });
    const icmpFrame = { ...first.ack('client'), data: ethernet({ etherType: ETHERTYPE.IPV4, payload: unreachable }) } as FlowFrame;
    const second = new TcpFlow({ client: { ip: '10.0.0.1', port: 3333 } });
    const { analyzer } = analyzeFrames([...first.handshake(), icmpFrame, ...second.handshake()]);
    expect(analyzer.connections.map((c) => [c.id, c.clientPort])).toEqual([
      [0, 1111],
      [1, 3333],
    ]);
    expect(analyzer.stats.otherTransport).toBe(1);
  });
});
