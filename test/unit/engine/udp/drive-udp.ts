/** UDP datagrams built into Ethernet/IPv4 frames and run through an AnalysisSession (its QUIC and DTLS layers). */
import { AnalysisSession, type UdpConnectionReport } from '../../../../main/engine/index';
import { ethernet, ETHERTYPE, ipv4, udp } from '../../../fixtures/builders';

export interface Datagram {
  from: string;
  to: string;
  payload: Uint8Array;
  /** the whole UDP segment instead of one built from `payload` (to make its length field lie) */
  udpSegment?: Uint8Array;
}

/** "10.0.0.1:50000" → its parts */
function split(endpoint: string): [string, number] {
  const at = endpoint.lastIndexOf(':');
  return [endpoint.slice(0, at), Number(endpoint.slice(at + 1))];
}

export function runDatagrams(datagrams: readonly Datagram[], keyLog?: string): { session: AnalysisSession; reports: UdpConnectionReport[] } {
  const session = new AnalysisSession();
  if (keyLog) session.keys.addKeyLog(keyLog, 'keylog');
  datagrams.forEach((d, i) => {
    const [srcIp, srcPort] = split(d.from);
    const [dstIp, dstPort] = split(d.to);
    const frame = ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: srcIp, dst: dstIp, protocol: 17, payload: d.udpSegment ?? udp(srcPort, dstPort, d.payload) }) });
    session.analyzer.frame({ frame: i + 1, time: 1_700_000_000 + i / 1000, fileOffset: 1000 * (i + 1), linkType: 1, interfaceId: 0, capturedLength: frame.length, originalLength: frame.length, data: frame, bytes: frame, offset: 0 });
  });
  session.analyzer.finish();
  session.udp.finish();
  return { session, reports: [...session.udpConnectionReports()] };
}
