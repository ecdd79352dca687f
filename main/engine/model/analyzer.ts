import type { Anomaly, CaptureFrame, CaptureInterfaceInfo, CaptureSink, DecryptionSecrets } from '../types';
import { decodeLink } from '../link/decode-link';
import { linkTypeName } from '../link/link-types';
import { addressText, IPPROTO_TCP, IPPROTO_UDP, newIpPacket, readIp, type IpPacket } from '../net/ip';
import { newTcpSegment, readTcp, TCP_SYN } from '../tcp/segment';
import { TcpConnection, type StreamConsumer } from '../tcp/connection';
import { ipv4EndpointId, ipv6EndpointId } from '../tcp/endpoint-id';
import { ConnectionIndex } from './connection-index';
import type { CaptureStats } from '../../../contract/report/connection-report';

/** Distinct anomalies listed in full; beyond this only their counts by code grow. */
export const MAX_LISTED_ANOMALIES = 500;
/**
 * Errors listed past that cap: the one saying why reading stopped (a file cut short) comes
 * last, after a damaged capture's hundreds of warnings, and is the one the user must see.
 */
const MAX_ERRORS_PAST_CAP = 50;

export interface AnalyzerOptions {
  /** builds the protocol analyzer fed with each connection's reassembled bytes (TLS) */
  createConsumer?: () => StreamConsumer;
  /** called for each new connection as soon as it is seen (live views) */
  onConnection?: (connection: TcpConnection) => void;
  /** called once per connection when both its directions have ended (FIN/RST, or end of input) */
  onStreamsEnded?: (connection: TcpConnection) => void;
  /** called after each frame with its time (drives time-based work such as retiring connections) */
  afterFrame?: (time: number) => void;
  /** false: connections keep no event list (nothing will report one: the CLI's table) */
  keepEvents?: boolean;
  /** each unfragmented UDP packet, its IP header read into `packet` (QUIC and DTLS: udp/udp-analyzer.ts) */
  onUdp?: (bytes: Uint8Array, packet: IpPacket, frame: CaptureFrame, end: number) => void;
}

export type { CaptureStats };

/**
 * Frames in, connection index out: link → IP → TCP → reassembly → consumer.
 * Implements CaptureSink so a file reader or a live capture can drive it.
 */
export class Analyzer implements CaptureSink {
  /**
   * The connections held in memory, in id order (all of them unless some were forgotten).
   * Forgotten ones stay here, flagged `forgotten`, until the next compaction: readers skip
   * them (liveConnections() does).
   */
  connections: TcpConnection[] = [];
  /**
   * The connections held, by 4-tuple, and those forgotten (bounded, oldest dropped first): a
   * straggler of a connection already reported is counted, not taken for a new connection
   * seen mid-stream.
   */
  private readonly index = new ConnectionIndex<{ id: number; why: ForgetReason }>(MAX_FORGOTTEN_KEYS);
  private nextId = 0;
  private forgottenInArray = 0;
  readonly stats: CaptureStats = {
    frames: 0,
    skippedFrames: 0,
    bytes: 0,
    capturedBytes: 0,
    firstTime: null,
    lastTime: null,
    linkTypes: {},
    ipv4: 0,
    ipv6: 0,
    tcp: 0,
    udp: 0,
    otherTransport: 0,
    nonIp: 0,
    ipFragments: 0,
    anomalies: {},
  };
  readonly anomalies: Anomaly[] = [];
  readonly interfaces: CaptureInterfaceInfo[] = [];
  readonly decryptionSecrets: DecryptionSecrets[] = [];
  private finished = false;
  private errorsPastCap = 0;
  /** the time of the frame before (a capture's clock may run backwards: merged files, a clock set) */
  private previousTime: number | null = null;
  /** each frame's IP packet and TCP segment, read into the same two objects (nothing keeps them) */
  private readonly packet = newIpPacket();
  private readonly segment = newTcpSegment();

  /** connections seen so far, forgotten ones included */
  get connectionCount(): number {
    return this.nextId;
  }

  /**
   * Drop an ended connection that was already reported (the CLI's bounded-memory mode): it
   * leaves `connections`, and later frames of its 4-tuple, unless they open a new connection
   * with a SYN, are counted as an anomaly instead of starting a connection mid-stream.
   */
  forget(conn: TcpConnection, why: ForgetReason = 'ended'): void {
    if (!conn.indexed) return;
    if (this.index.remove(conn)) this.index.setForgotten(conn.clientEndpoint, conn.serverEndpoint, { id: conn.id, why });
    conn.indexed = false;
    conn.forgotten = true;
    // compact now and then: an array with holes would make every reader check for them
    if (++this.forgottenInArray > 1024 && this.forgottenInArray * 2 > this.connections.length) {
      this.connections = this.connections.filter((c) => !c.forgotten);
      this.forgottenInArray = 0;
    }
  }

  /** the connections still in memory, in id order */
  *liveConnections(): Generator<TcpConnection> {
    for (const c of this.connections) if (!c.forgotten) yield c;
  }

  constructor(private readonly options: AnalyzerOptions = {}) {}

  interface(info: CaptureInterfaceInfo): void {
    this.interfaces.push(info);
  }


  secrets(s: DecryptionSecrets): void {
    this.decryptionSecrets.push(s);
  }

  anomaly(a: Anomaly): void {
    this.stats.anomalies[a.code] = (this.stats.anomalies[a.code] ?? 0) + 1;
    if (this.anomalies.length < MAX_LISTED_ANOMALIES || (a.severity === 'error' && this.errorsPastCap++ < MAX_ERRORS_PAST_CAP)) this.anomalies.push(a);
  }

  skippedFrame(_frame: number): void {
    this.stats.frames++;
    this.stats.skippedFrames++;
  }

  frame(f: CaptureFrame): void {
    this.dissect(f);
    this.options.afterFrame?.(f.time);
  }

  private dissect(f: CaptureFrame): void {
    const s = this.stats;
    s.frames++;
    // a frame is never shorter on the wire than what was captured of it (a record saying so
    // is damaged, and the reader said so): what it carried is counted, as its payload is
    const wireLength = Math.max(f.originalLength, f.capturedLength);
    s.bytes += wireLength;
    s.capturedBytes += f.capturedLength;
    if (this.previousTime !== null && f.time < this.previousTime) {
      // durations between frames may come out negative from here on: the report says why
      this.anomaly({ severity: 'warning', code: 'capture.time-backwards', message: `frame ${f.frame}: its time is ${(this.previousTime - f.time).toFixed(6)} s before the previous frame's`, frame: f.frame, fileOffset: f.fileOffset });
    }
    this.previousTime = f.time;
    if (s.firstTime === null || f.time < s.firstTime) s.firstTime = f.time;
    if (s.lastTime === null || f.time > s.lastTime) s.lastTime = f.time;
    const ltName = linkTypeName(f.linkType);
    s.linkTypes[ltName] = (s.linkTypes[ltName] ?? 0) + 1;

    // the frame's bytes read where they lie, bytes[start, end): no view of them is made
    const bytes = f.bytes;
    const start = f.offset;
    const end = Math.min(bytes.length, start + f.capturedLength);
    const link = decodeLink(f.linkType, bytes, start, end);
    if (!link.ok) {
      s.nonIp++;
      if (link.reason !== 'not-ip') this.anomaly({ severity: 'warning', code: `link.${link.reason}`, message: `frame ${f.frame}: ${link.detail}`, frame: f.frame, fileOffset: f.fileOffset });
      return;
    }
    const packet = this.packet;
    const ipFailure = readIp(link.network, bytes, start + link.offset, packet, end, start + wireLength);
    if (ipFailure) {
      this.anomaly({ severity: 'warning', code: `ip.${ipFailure.reason}`, message: `frame ${f.frame}: ${ipFailure.detail}`, frame: f.frame, fileOffset: f.fileOffset });
      return;
    }
    if (packet.claimedBeyondFrame > 0) {
      const field = packet.version === 4 ? 'total length' : 'payload length';
      this.anomaly({ severity: 'warning', code: 'ip.length-beyond-frame', message: `frame ${f.frame}: IPv${packet.version} ${field} ${packet.claimedBeyondFrame} runs past the ${wireLength}-byte frame; payload taken as the frame holds it`, frame: f.frame, fileOffset: f.fileOffset });
    }
    if (packet.version === 4) s.ipv4++;
    else s.ipv6++;
    if (packet.fragment) {
      s.ipFragments++;
      this.anomaly({ severity: 'warning', code: 'ip.fragment', message: `frame ${f.frame}: IP fragment (offset ${packet.fragment.offset}${packet.fragment.moreFragments ? ', more follow' : ''}); fragments are counted, not reassembled`, frame: f.frame, fileOffset: f.fileOffset });
      return;
    }
    if (packet.protocol === IPPROTO_UDP) {
      s.udp++;
      this.options.onUdp?.(bytes, packet, f, end);
      return;
    }
    if (packet.protocol !== IPPROTO_TCP) {
      s.otherTransport++;
      return;
    }
    s.tcp++;
    const seg = this.segment;
    const tcpFailure = readTcp(bytes, packet.payloadOffset, packet.payloadLength, packet.capturedPayloadLength, seg, end);
    if (tcpFailure) {
      this.anomaly({ severity: 'warning', code: `tcp.${tcpFailure.reason}`, message: `frame ${f.frame}: ${tcpFailure.detail}`, frame: f.frame, fileOffset: f.fileOffset });
      return;
    }
    const v4 = packet.version === 4;
    const src = v4 ? ipv4EndpointId(bytes, packet.srcOffset, seg.srcPort) : ipv6EndpointId(bytes, packet.srcOffset, seg.srcPort);
    const dst = v4 ? ipv4EndpointId(bytes, packet.dstOffset, seg.dstPort) : ipv6EndpointId(bytes, packet.dstOffset, seg.dstPort);
    let conn = this.index.get(src, dst);
    const ref = { frame: f.frame, time: f.time, fileOffset: f.fileOffset };
    if (conn && conn.isNewConnection(src, seg)) {
      conn.finish();
      this.notifyEnded(conn);
      conn = undefined;
    }
    if (!conn && this.index.forgottenCount > 0) {
      if (seg.flags & TCP_SYN) {
        // a SYN opens a new connection on a reported 4-tuple: it is forgotten no more (one probe, no lookup first)
        this.index.deleteForgotten(src, dst);
      } else {
        const reported = this.index.forgotten(src, dst);
        if (reported !== undefined) {
          const what = reported.why === 'idle' ? 'which had been idle long enough to be reported (--idle-timeout)' : 'which had ended and was already reported';
          this.anomaly({ severity: 'info', code: 'tcp.after-report', message: `frame ${f.frame}: belongs to connection ${reported.id}, ${what}`, frame: f.frame, fileOffset: f.fileOffset });
          return;
        }
      }
    }
    if (!conn) {
      const ends = { srcAddress: addressText(bytes, packet.version, packet.srcOffset), dstAddress: addressText(bytes, packet.version, packet.dstOffset), src, dst };
      conn = new TcpConnection(this.nextId++, seg, ends, ref, this.options.createConsumer ?? null, this.options.keepEvents ?? true);
      this.connections.push(conn);
      this.index.add(conn);
      conn.indexed = true;
      this.options.onConnection?.(conn);
    }
    const payload = seg.capturedPayloadLength === 0 ? NO_PAYLOAD : bytes.subarray(seg.payloadOffset, seg.payloadOffset + seg.capturedPayloadLength);
    // from here on, where the payload sits in the frame (what re-reading it from the file needs)
    seg.payloadOffset -= start;
    conn.handle(src, seg, payload, ref, wireLength);
    if (conn.streamsEnded) this.notifyEnded(conn);
  }

  /**
   * End a connection that went quiet, as the end of the input would (its reassembly flushed,
   * trailing gaps reported), without telling onStreamsEnded: the caller reports it right away.
   */
  endIdle(conn: TcpConnection): void {
    conn.finish();
    conn.endNotified = true;
  }

  private notifyEnded(conn: TcpConnection): void {
    if (conn.endNotified) return;
    conn.endNotified = true;
    this.options.onStreamsEnded?.(conn);
  }

  /** End of input: flush every connection's reassembly so trailing gaps and ends are reported. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const c of this.liveConnections()) {
      c.finish();
      this.notifyEnded(c);
    }
  }
}

const MAX_FORGOTTEN_KEYS = 65536;
/** the payload of every segment that carries none (half the frames: a view each was a cost for nothing) */
const NO_PAYLOAD = new Uint8Array(0);

/** why a connection was forgotten: its streams ended, or it was idle past the timeout */
export type ForgetReason = 'ended' | 'idle';
