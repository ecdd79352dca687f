/**
 * UDP datagrams from the IP layer, sorted into QUIC connections, DTLS associations and
 * everything else. A QUIC connection is found by its connection IDs first (RFC 9000 §5.1:
 * a client that changes address or port keeps writing to the server's IDs) and by its
 * addresses second; DTLS by its addresses. Other UDP is counted, and noted only where it
 * sits on a port QUIC or DTLS use and looks like neither.
 */

import type { Anomaly, CaptureFrame, FrameRef } from '../types';
import { addressText, type IpPacket } from '../net/ip';
import { endpointToString } from '../net/address';
import { ipv4EndpointId, ipv6EndpointId, type EndpointId } from '../tcp/endpoint-id';
import type { KeyStore } from '../tls/decrypt/key-store';
import { toHex } from '../tls/byte-reader';
import { BoundedMap } from '../util/bounded-map';
import { newUdpDatagram, readUdp, type UdpNote } from './datagram';
import { looksLikeLongHeader, MAX_CID_LENGTH, readU32 } from '../quic/header';
import { quicVersionInfo } from '../quic/versions';
import { QuicConnection } from '../quic/connection';
import { looksLikeDtls } from '../dtls/record';
import { DtlsConnection } from '../dtls/connection';

export type UdpConnection = QuicConnection | DtlsConnection;

type Flow = { kind: 'quic'; conn: QuicConnection } | { kind: 'dtls'; conn: DtlsConnection } | { kind: 'other' };

/** ports where UDP that is neither QUIC nor DTLS is worth a note: HTTPS/3, DNS over QUIC/DTLS, CoAPS, common test ports */
const TLS_UDP_PORTS = new Set([443, 853, 784, 4433, 4443, 5684, 8443]);
const MAX_OTHER_FLOWS = 65536;
const UDP_ANOMALY_CODES: Record<UdpNote['reason'], string> = {
  'length-exceeds-ip': 'udp.length-exceeds-ip',
  'length-below-ip': 'udp.length-below-ip',
  'snap-truncated': 'udp.truncated',
  'zero-length': 'udp.zero-length',
};

export interface UdpAnalyzerOptions {
  keys: KeyStore | null;
  anomaly(a: Anomaly): void;
}

export class UdpAnalyzer {
  readonly connections: UdpConnection[] = [];
  /** datagrams and flows that were neither QUIC nor DTLS */
  otherDatagrams = 0;
  private readonly flows = new Map<string, Flow>();
  private readonly otherFlows = new BoundedMap<string, true>(MAX_OTHER_FLOWS);
  private readonly cids = new Map<string, QuicConnection>();
  private readonly cidLengths = new Set<number>();
  private readonly datagram = newUdpDatagram();
  private readonly notes: UdpNote[] = [];
  private finished = false;

  constructor(private readonly options: UdpAnalyzerOptions) {}

  /** A UDP packet whose IP header was read into `packet` (offsets counted in `bytes`). */
  handle(bytes: Uint8Array, packet: IpPacket, f: CaptureFrame, end: number): void {
    const d = this.datagram;
    this.notes.length = 0;
    const failure = readUdp(bytes, packet.payloadOffset, packet.payloadLength, Math.min(packet.capturedPayloadLength, end - packet.payloadOffset), d, this.notes);
    const at: FrameRef = { frame: f.frame, time: f.time, fileOffset: f.fileOffset };
    if (failure) {
      this.options.anomaly({ severity: 'warning', code: `udp.${failure.reason}`, message: `frame ${f.frame}: ${failure.detail}`, frame: f.frame, fileOffset: f.fileOffset });
      return;
    }
    for (const n of this.notes) this.options.anomaly({ severity: n.reason === 'length-below-ip' ? 'info' : 'warning', code: UDP_ANOMALY_CODES[n.reason], message: `frame ${f.frame}: ${n.detail}`, frame: f.frame, fileOffset: f.fileOffset });
    const payload = bytes.subarray(d.payloadOffset, d.payloadOffset + d.payloadLength);
    const v4 = packet.version === 4;
    const src = v4 ? ipv4EndpointId(bytes, packet.srcOffset, d.srcPort) : ipv6EndpointId(bytes, packet.srcOffset, d.srcPort);
    const dst = v4 ? ipv4EndpointId(bytes, packet.dstOffset, d.dstPort) : ipv6EndpointId(bytes, packet.dstOffset, d.dstPort);
    const text = (offset: number, port: number) => endpointToString(addressText(bytes, packet.version, offset), port);
    this.dispatch(payload, src, dst, () => text(packet.srcOffset, d.srcPort), () => text(packet.dstOffset, d.dstPort), d.srcPort, d.dstPort, at, f.originalLength);
  }

  private dispatch(payload: Uint8Array, src: EndpointId, dst: EndpointId, srcText: () => string, dstText: () => string, srcPort: number, dstPort: number, at: FrameRef, wireLength: number): void {
    const key = pairKey(src, dst);
    const flow = this.flows.get(key);
    if (flow?.kind === 'quic' && !this.startsNewConnection(payload, flow.conn, src)) return flow.conn.handleDatagram(payload, src, srcText, at, wireLength);
    if (flow?.kind === 'dtls') return flow.conn.handleDatagram(payload, src, at, wireLength);
    if (payload.length === 0) return void this.otherDatagrams++;
    const quic = this.quicFor(payload);
    if (quic) {
      this.flows.set(key, { kind: 'quic', conn: quic });
      return quic.handleDatagram(payload, src, srcText, at, wireLength);
    }
    if (looksLikeLongHeader(payload, 0, payload.length)) {
      // the sender of an Initial is the client, unless it answers from a well-known port to a high one
      const serverFirst = (payload[0] & 0x30) !== 0 && TLS_UDP_PORTS.has(srcPort) && !TLS_UDP_PORTS.has(dstPort);
      const conn = serverFirst
        ? new QuicConnection(dstText(), srcText(), dst, src, at, this.quicHooks())
        : new QuicConnection(srcText(), dstText(), src, dst, at, this.quicHooks());
      if (serverFirst) conn.clientDeterminedBy = 'port';
      this.connections.push(conn);
      this.flows.set(key, { kind: 'quic', conn });
      this.otherFlows.delete(key);
      return conn.handleDatagram(payload, src, srcText, at, wireLength);
    }
    if (looksLikeDtls(payload)) {
      // a HelloVerifyRequest or ServerHello first: the capture began after the client's first flight
      const serverFirst = payload[0] === 22 && payload.length > 13 && (payload[13] === 3 || payload[13] === 2);
      const conn = serverFirst ? new DtlsConnection(dstText(), srcText(), dst, src, at, this.options.anomaly, this.options.keys) : new DtlsConnection(srcText(), dstText(), src, dst, at, this.options.anomaly, this.options.keys);
      if (serverFirst) conn.clientDeterminedBy = 'server-hello';
      this.connections.push(conn);
      this.flows.set(key, { kind: 'dtls', conn });
      this.otherFlows.delete(key);
      return conn.handleDatagram(payload, src, at, wireLength);
    }
    this.otherDatagrams++;
    if (this.otherFlows.has(key)) return;
    this.otherFlows.set(key, true);
    const google = googleQuicVersion(payload);
    if (google) {
      this.options.anomaly({ severity: 'info', code: 'udp.google-quic', message: `frame ${at.frame}: UDP ${srcText()} → ${dstText()} is Google QUIC (${google}), whose own crypto handshake is not dissected`, frame: at.frame, fileOffset: at.fileOffset });
    } else if (TLS_UDP_PORTS.has(srcPort) || TLS_UDP_PORTS.has(dstPort)) {
      this.options.anomaly({ severity: 'info', code: 'udp.neither-quic-nor-dtls', message: `frame ${at.frame}: UDP ${srcText()} → ${dstText()} is on a QUIC/DTLS port but its first datagram is neither a QUIC long header nor DTLS (a connection whose start was not captured, or another protocol)`, frame: at.frame, fileOffset: at.fileOffset });
    }
  }

  /**
   * A client Initial to a Destination Connection ID no connection uses, on the addresses of a
   * known one: the client reused its port for a new connection (a retransmitted Initial, or one
   * after a Retry, goes to an ID already known). RFC 9000 §7.2 makes that first ID at least 8 bytes.
   */
  private startsNewConnection(payload: Uint8Array, conn: QuicConnection, src: EndpointId): boolean {
    if (src !== conn.clientEndpoint || !looksLikeLongHeader(payload, 0, payload.length)) return false;
    const info = quicVersionInfo(readU32(payload, 1));
    if (!info || info.longTypes[(payload[0] >> 4) & 0x03] !== 'initial') return false;
    const length = payload[5];
    if (length < 8 || payload.length < 6 + length) return false;
    return !this.cids.has(toHex(payload.subarray(6, 6 + length)));
  }

  /** The QUIC connection a datagram's Destination Connection ID names, if one is known. */
  private quicFor(payload: Uint8Array): QuicConnection | null {
    if (this.cids.size === 0) return null;
    if (payload[0] & 0x80) {
      if (payload.length < 6 || payload[5] > MAX_CID_LENGTH || payload.length < 6 + payload[5]) return null;
      return this.cids.get(toHex(payload.subarray(6, 6 + payload[5]))) ?? null;
    }
    for (const length of this.cidLengths) {
      if (1 + length > payload.length) continue;
      const conn = this.cids.get(toHex(payload.subarray(1, 1 + length)));
      if (conn) return conn;
    }
    return null;
  }

  private quicHooks() {
    return {
      keys: this.options.keys,
      anomaly: this.options.anomaly,
      registerCid: (conn: QuicConnection, cid: string) => {
        // an empty ID names nobody: such a side is found by its addresses
        if (!cid) return;
        this.cids.set(cid, conn);
        this.cidLengths.add(cid.length / 2);
      },
    };
  }

  /** End of input (once; later calls do nothing): held QUIC packets get their last chance, DTLS reassembly reports what never completed. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const c of this.connections) c.finish();
  }
}

function pairKey(a: EndpointId, b: EndpointId): string {
  const x = String(a);
  const y = String(b);
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

/**
 * The version of a Google QUIC packet with a public header (flags with VERSION 0x01 and an
 * 8-byte connection ID 0x08, then "Q0nn"; Chromium's gQUIC wire format before IETF QUIC), or null.
 */
function googleQuicVersion(payload: Uint8Array): string | null {
  if (payload.length < 13 || (payload[0] & 0x89) !== 0x09) return null;
  const text = String.fromCharCode(payload[9], payload[10], payload[11], payload[12]);
  return /^Q0\d\d$/.test(text) ? text : null;
}
