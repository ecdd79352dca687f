import type { FrameRef } from '../types';
import { endpointToString } from '../net/address';
import { flagsToString, type TcpEvent, type TcpEventKind } from './events';
import { HalfStream, type HalfStreamOwner } from './half-stream';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment } from './segment';
import type { Direction, DirectionSink } from './stream-sink';
import { lastOf } from '../util/last';
import type { EndpointId } from './endpoint-id';
import { sniffHello } from './role-sniff';
import { acknowledgesNothingSent, resetInWindow } from './segment-acceptability';

import type { ClientDeterminedBy, DirectionCounters, FlagMoment, SegmentEnds, StreamConsumer } from './connection-types';
import type { CloseKind } from '../../../contract/report/connection-report';

// what a connection is made from and gives out is declared apart; importers find it here too
export type { ClientDeterminedBy, DirectionCounters, FlagMoment, SegmentEnds, StreamConsumer };

const NO_EVENTS: TcpEvent[] = Object.freeze([]) as unknown as TcpEvent[];

/** Events kept per connection; a flow with more (a lossy hour-long download) keeps counting but stops listing. */
const MAX_EVENTS = 20_000;
/** Out-of-order vs retransmission: a hole filled within this time of opening is reordering (Wireshark uses 3 ms). */
const REORDER_WINDOW_S = 0.003;

/**
 * One TCP connection: who is client and server, the handshake, the
 * teardown, anomalies and a bounded list of events, plus both reassembled
 * directions handed to the consumer above.
 */
export class TcpConnection implements HalfStreamOwner {
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
  /** the client's and server's identities, as the Analyzer gives them with each segment */
  clientEndpoint: EndpointId;
  serverEndpoint: EndpointId;
  clientDeterminedBy: ClientDeterminedBy;
  /** roles are final once a SYN, SYN-ACK or the first payload decided them */
  private rolesFinal = false;

  readonly firstFrame: number;
  readonly start: number;
  end: number;

  syn: FlagMoment | null = null;
  synAck: FlagMoment | null = null;
  ackAfterSynAck: FlagMoment | null = null;
  finFromClient: FlagMoment | null = null;
  finFromServer: FlagMoment | null = null;
  finAckedByServer: FlagMoment | null = null;
  finAckedByClient: FlagMoment | null = null;
  rstFromClient: FlagMoment | null = null;
  rstFromServer: FlagMoment | null = null;
  private clientIsn: number | null = null;
  private serverIsn: number | null = null;

  retransmissions = 0;
  outOfOrder = 0;
  keepAlives = 0;
  zeroWindows = 0;
  overlaps = 0;
  eventsTruncated = false;
  /**
   * Set by the Analyzer when it drops the connection from memory once reported (Analyzer.forget).
   * A flag on the connection rather than a WeakSet beside it: every sweep over the live
   * connections asks it of each one, forgotten ones not yet compacted away included.
   */
  forgotten = false;
  /** Set by the Analyzer once it told its owner that both streams ended (asked on every later frame: a flag, not a WeakSet) */
  endNotified = false;
  /** Set while the Analyzer's index finds this connection by its 4-tuple (cleared once forgotten) */
  indexed = false;
  /** (without keepEvents, one shared empty list that is never added to) */
  readonly events: TcpEvent[];
  readonly counters: Record<Direction, DirectionCounters> = {
    c2s: { frames: 0, bytes: 0, payloadBytes: 0 },
    s2c: { frames: 0, bytes: 0, payloadBytes: 0 },
  };

  private c2s: HalfStream;
  private s2c: HalfStream;
  /**
   * The analyzer above TCP, made when the first byte (or gap) is delivered: a connection that
   * carries none (a scan, a SYN flood) never holds one. Null before, and after releaseConsumer().
   */
  consumer: StreamConsumer | null = null;
  private consumerReleased = false;
  /** the connection's latest frame (idle retirement measures from it) */
  lastFrame: FrameRef;

  constructor(
    readonly id: number,
    segment: TcpSegment,
    ends: SegmentEnds,
    at: FrameRef,
    private readonly createConsumer: (() => StreamConsumer) | null,
    /** false: no event list (the CLI's table never shows one, and kept it went to the old generation for nothing) */
    private readonly keepEvents = true,
  ) {
    this.events = keepEvents ? [] : NO_EVENTS;
    this.firstFrame = at.frame;
    this.start = at.time;
    this.end = at.time;
    this.lastFrame = at;
    // provisional roles: the SYN sender, the SYN-ACK receiver, else decided by the first payload
    const isSyn = (segment.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    const isSynAck = (segment.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    const senderIsClient = !isSynAck;
    this.clientAddress = senderIsClient ? ends.srcAddress : ends.dstAddress;
    this.clientPort = senderIsClient ? segment.srcPort : segment.dstPort;
    this.clientEndpoint = senderIsClient ? ends.src : ends.dst;
    this.serverAddress = senderIsClient ? ends.dstAddress : ends.srcAddress;
    this.serverPort = senderIsClient ? segment.dstPort : segment.srcPort;
    this.serverEndpoint = senderIsClient ? ends.dst : ends.src;
    this.clientDeterminedBy = isSyn ? 'syn' : isSynAck ? 'syn-ack' : 'first-packet';
    this.rolesFinal = isSyn || isSynAck;
    this.c2s = new HalfStream(this, 'c2s');
    this.s2c = new HalfStream(this, 's2c');
  }

  sinkFor(dir: Direction, open: boolean): DirectionSink | null {
    if (this.consumer === null) {
      if (!open || this.createConsumer === null || this.consumerReleased) return null;
      this.consumer = this.createConsumer();
    }
    return dir === 'c2s' ? this.consumer.client : this.consumer.server;
  }

  /** Bytes of `dir` were never captured: a "gap" event with the missing byte count (the half-stream calls this). */
  recordGap(dir: Direction, streamOffset: number, length: number, at: FrameRef): void {
    this.addEvent('gap', at, dir, '', streamOffset, 0, { missing: length });
  }

  get client(): string {
    return endpointToString(this.clientAddress, this.clientPort);
  }

  get server(): string {
    return endpointToString(this.serverAddress, this.serverPort);
  }

  get closed(): boolean {
    return (this.finFromClient !== null && this.finFromServer !== null) || this.rstFromClient !== null || this.rstFromServer !== null;
  }

  /**
   * Is this the same connection, or a new one reusing the ports (a fresh SYN)? A SYN after a
   * real end (an acceptable RST, or both FINs) opens a new connection even with the same ISN:
   * the old one is closed (RFC 9293 §3.10.7). tshark keeps a same-ISN SYN in the old tcp.stream.
   */
  isNewConnection(src: EndpointId, segment: TcpSegment): boolean {
    if ((segment.flags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) return false;
    if (this.closed) return true;
    const fromClient = src === this.clientEndpoint;
    if (this.clientIsn === null) return this.counters.c2s.payloadBytes + this.counters.s2c.payloadBytes > 0 || this.closed || !fromClient;
    if (segment.seq === this.clientIsn && fromClient) return false;
    return true;
  }

  /** One segment of this connection from `src`; `payload` is its captured payload bytes (up to capturedPayloadLength). */
  handle(src: EndpointId, segment: TcpSegment, payload: Uint8Array, at: FrameRef, frameBytes: number): void {
    let fromClient = src === this.clientEndpoint;
    if (!this.rolesFinal && segment.capturedPayloadLength > 0) {
      const looksLike = sniffHello(payload);
      if ((looksLike === 'client-hello' && !fromClient) || (looksLike === 'server-hello' && fromClient)) {
        this.swapRoles();
        fromClient = !fromClient;
      }
      if (looksLike) this.clientDeterminedBy = looksLike;
      this.rolesFinal = true;
    }
    const dir: Direction = fromClient ? 'c2s' : 's2c';
    const own = fromClient ? this.c2s : this.s2c;
    const peer = fromClient ? this.s2c : this.c2s;
    const counters = fromClient ? this.counters.c2s : this.counters.s2c;
    counters.frames++;
    counters.bytes += frameBytes;
    counters.payloadBytes += segment.payloadLength;
    this.end = at.time;
    this.lastFrame = at;
    const flags = segment.flags;
    const syn = (flags & TCP_SYN) !== 0;
    const ack = (flags & TCP_ACK) !== 0;
    const fin = (flags & TCP_FIN) !== 0;
    const rst = (flags & TCP_RST) !== 0;
    const flagText = this.keepEvents ? flagsToString(flags) : '';
    if (!fromClient && !syn && ack && this.answersNotOurSyn(segment.ack)) {
      // RFC 9293 §3.10.7.3, SYN-SENT: an ACK that does not acknowledge our SYN (a challenge ACK
      // of an older connection, RFC 5961 §4) is not part of this one: its numbers would start
      // the server's half and mark client bytes acknowledged that were never sent
      if (rst) this.addEvent('rst', at, dir, flagText, 0, 0);
      return;
    }
    if (rst && own.started && !resetInWindow(own.offsetOf(segment.seq), own)) {
      // RFC 5961 §3.2: a RST outside the receiver's window ends nothing (the receiver answers
      // it with a challenge ACK or drops it), and its numbers are no part of this stream
      this.addEvent('rst', at, dir, flagText, own.offsetOf(segment.seq), 0);
      return;
    }

    if (syn) {
      this.handleSyn(fromClient, ack, segment, own, at, dir, flagText);
    } else {
      if (ack && fromClient && this.synAck && !this.ackAfterSynAck) {
        this.ackAfterSynAck = at;
        if (segment.payloadLength === 0 && !fin && !rst) this.addEvent('ack', at, dir, flagText, 0, 0);
      }
      if (ack) peer.peerAcknowledged(segment.ack, at);
      const seqOffset = own.started ? own.offsetOf(segment.seq) : 0;
      // read before segment(): filling the hole resets it
      const holeOpenedAt = own.holeOpenedAt;
      const klass = own.segment(segment.seq, payload, segment.payloadLength, fin, at, segment.payloadOffset);
      this.classify(klass, holeOpenedAt, at, dir, flagText, seqOffset, segment.payloadLength);
    }
    // any ACK-bearing segment (pure ACK, data, or the other side's own FIN) can acknowledge the peer's FIN
    if (ack && !syn && !rst) this.noteFinAck(fromClient, segment, peer, at, dir, flagText, !fin && segment.payloadLength === 0);
    if (fin) this.noteFin(fromClient, at, dir, flagText, own);
    if (rst) {
      if (fromClient) this.rstFromClient ??= at;
      else this.rstFromServer ??= at;
      this.addEvent('rst', at, dir, flagText, own.started ? own.offsetOf(segment.seq) : 0, 0);
      own.finish(at);
      peer.finish(at);
    }
    if (segment.window === 0 && !syn && !fin && !rst) {
      this.zeroWindows++;
      this.addEvent('zero-window', at, dir, flagText, 0, 0);
    }
  }

  /** Both directions delivered their last byte: the consumer will get nothing more. */
  get streamsEnded(): boolean {
    return this.c2s.isEnded && this.s2c.isEnded;
  }

  /** Drop the consumer once its result has been kept elsewhere (bounded memory for long captures). */
  releaseConsumer(): void {
    if (!this.streamsEnded) return;
    this.consumer = null;
    this.consumerReleased = true;
  }

  /** End of the capture: flush both directions. */
  finish(): void {
    this.c2s.finish(this.lastFrame);
    this.s2c.finish(this.lastFrame);
  }

  get gaps(): number {
    return this.c2s.gapCount + this.s2c.gapCount;
  }

  get gapBytes(): number {
    return this.c2s.gapBytes + this.s2c.gapBytes;
  }

  // round trips only between steps in capture order: a SYN-ACK captured before the SYN it
  // answers (the SYN's first copy lost) would give a negative time from a sound clock
  get handshakeRttMs(): number | null {
    return millisBetween(this.syn, this.ackAfterSynAck);
  }

  get serverRttMs(): number | null {
    return millisBetween(this.syn, this.synAck);
  }

  get clientRttMs(): number | null {
    return millisBetween(this.synAck, this.ackAfterSynAck);
  }

  get closeKind(): CloseKind {
    if (this.rstFromClient || this.rstFromServer) return 'rst';
    if (this.finFromClient && this.finFromServer) {
      // the second FIN's sender had acknowledged the first FIN (before or in that segment): orderly close;
      // otherwise each side sent its FIN before it saw the other's: simultaneous close (RFC 793 figure 14)
      const clientFirst = this.finFromClient.frame <= this.finFromServer.frame;
      const secondAckedFirst = clientFirst ? this.finAckedByServer : this.finAckedByClient;
      const secondFin = clientFirst ? this.finFromServer : this.finFromClient;
      return secondAckedFirst && secondAckedFirst.frame <= secondFin.frame ? 'four-way' : 'simultaneous';
    }
    if (this.finFromClient || this.finFromServer) return 'half-closed';
    return 'open';
  }

  /** In SYN-SENT (a SYN seen, no SYN-ACK yet): `ack` acknowledges nothing the client sent */
  private answersNotOurSyn(ack: number): boolean {
    if (this.clientIsn === null || this.synAck !== null || this.syn === null) return false;
    return acknowledgesNothingSent(ack, this.clientIsn, this.c2s.highest);
  }

  private handleSyn(fromClient: boolean, ack: boolean, segment: TcpSegment, own: HalfStream, at: FrameRef, dir: Direction, flagText: string): void {
    if (!ack && fromClient) {
      if (this.syn && this.clientIsn === segment.seq) {
        this.retransmissions++;
        this.addEvent('retransmission', at, dir, flagText, 0, 0);
        return;
      }
      this.syn ??= at;
      this.clientIsn = segment.seq;
      own.setInitialSequence(segment.seq);
      this.addEvent('syn', at, dir, flagText, 0, 0);
    } else if (ack && !fromClient) {
      if (this.synAck && this.serverIsn === segment.seq) {
        this.retransmissions++;
        this.addEvent('retransmission', at, dir, flagText, 0, 0);
        return;
      }
      this.synAck ??= at;
      this.serverIsn = segment.seq;
      own.setInitialSequence(segment.seq);
      this.addEvent('syn-ack', at, dir, flagText, 0, 0);
    } else {
      // a SYN from the server side or a SYN-ACK from the client: simultaneous open or a confused capture
      own.setInitialSequence(segment.seq);
      this.addEvent(ack ? 'syn-ack' : 'syn', at, dir, flagText, 0, 0);
    }
  }

  private classify(klass: ReturnType<HalfStream['segment']>, holeOpenedAt: number | null, at: FrameRef, dir: Direction, flagText: string, seq: number, len: number): void {
    switch (klass) {
      case 'in-order':
      case 'ahead':
        this.addData(at, dir, flagText, seq, len);
        return;
      case 'retransmission':
        this.retransmissions++;
        this.addEvent('retransmission', at, dir, flagText, seq, len);
        return;
      case 'partial-retransmission':
        this.retransmissions++;
        this.overlaps++;
        this.addEvent('retransmission', at, dir, flagText, seq, len);
        return;
      case 'keep-alive':
        this.keepAlives++;
        this.addEvent('keep-alive', at, dir, flagText, seq, len);
        return;
      case 'out-of-order': {
        const openedAt = holeOpenedAt;
        // a hole filled quickly was reordering; filled late, the sender resent it
        if (openedAt === null || at.time - openedAt <= Math.max(REORDER_WINDOW_S, (this.handshakeRttMs ?? 0) / 1000)) {
          this.outOfOrder++;
          this.addEvent('out-of-order', at, dir, flagText, seq, len);
        } else {
          this.retransmissions++;
          this.addEvent('retransmission', at, dir, flagText, seq, len);
        }
        return;
      }
      case 'empty':
        return;
    }
  }

  private noteFin(fromClient: boolean, at: FrameRef, dir: Direction, flagText: string, own: HalfStream): void {
    const already = fromClient ? this.finFromClient : this.finFromServer;
    if (already) return;
    if (fromClient) this.finFromClient = at;
    else this.finFromServer = at;
    this.addEvent('fin', at, dir, flagText, own.highest, 0);
  }

  private noteFinAck(fromClient: boolean, segment: TcpSegment, peer: HalfStream, at: FrameRef, dir: Direction, flagText: string, withEvent: boolean): void {
    const peerFin = fromClient ? this.finFromServer : this.finFromClient;
    const already = fromClient ? this.finAckedByClient : this.finAckedByServer;
    if (!peerFin || already) return;
    if (peer.offsetOf(segment.ack) < peer.highest + 1) return;
    if (fromClient) this.finAckedByClient = at;
    else this.finAckedByServer = at;
    if (withEvent) this.addEvent('fin-ack', at, dir, flagText, 0, 0);
  }

  private addData(at: FrameRef, dir: Direction, flagText: string, seq: number, len: number): void {
    if (len === 0 || !this.keepEvents) return;
    const last = lastOf(this.events);
    if (last && last.kind === 'data' && last.dir === dir) {
      last.segments = (last.segments ?? 1) + 1;
      last.bytes = (last.bytes ?? last.len) + len;
      last.lastFrame = at.frame;
      last.lastTime = at.time;
      return;
    }
    this.addEvent('data', at, dir, flagText, seq, len, { segments: 1, bytes: len, lastFrame: at.frame, lastTime: at.time });
  }

  addEvent(kind: TcpEventKind, at: FrameRef, dir: Direction, flags: string, seq: number, len: number, extra?: Partial<TcpEvent>): void {
    if (!this.keepEvents) return;
    if (this.events.length >= MAX_EVENTS) {
      this.eventsTruncated = true;
      return;
    }
    const event: TcpEvent = { kind, frame: at.frame, time: at.time, dir, fileOffset: at.fileOffset, flags, seq, len };
    if (extra) Object.assign(event, extra);
    this.events.push(event);
  }

  private swapRoles(): void {
    [this.clientAddress, this.serverAddress] = [this.serverAddress, this.clientAddress];
    [this.clientPort, this.serverPort] = [this.serverPort, this.clientPort];
    [this.clientEndpoint, this.serverEndpoint] = [this.serverEndpoint, this.clientEndpoint];
    [this.counters.c2s, this.counters.s2c] = [this.counters.s2c, this.counters.c2s];
    for (const e of this.events) e.dir = e.dir === 'c2s' ? 's2c' : 'c2s';
    // no payload was delivered yet (roles are decided at the first one), so fresh halves lose nothing
    this.c2s = new HalfStream(this, 'c2s');
    this.s2c = new HalfStream(this, 's2c');
  }
}

function millisBetween(from: FlagMoment | null, to: FlagMoment | null): number | null {
  if (!from || !to || to.frame < from.frame) return null;
  return Math.round((to.time - from.time) * 1000 * 1000) / 1000;
}
