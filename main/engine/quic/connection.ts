/**
 * One QUIC connection (RFC 9000): its datagrams split into packets, each packet's header
 * read, protection removed where keys allow (Initial always: RFC 9001 §5.2), frames named,
 * CRYPTO data reassembled per level and direction, connection IDs collected (a connection
 * is its IDs, so a client that moves to a new address stays this connection, §9), and the
 * phases Initial → Handshake → confirmed (HANDSHAKE_DONE, RFC 9001 §4.1.2) → 1-RTT → close
 * timed. Hostile bytes give anomalies and partial results, never a throw.
 */

import type { Anomaly, FrameRef, Severity } from '../types';
import type { Direction } from '../tcp/stream-sink';
import type { EndpointId } from '../tcp/endpoint-id';
import type { KeyStore } from '../tls/decrypt/key-store';
import { toHex } from '../tls/byte-reader';
import { isHeaderFailure, isZeroPadding, looksLikeLongHeader, parseLongHeader, parseShortHeader, type QuicPacketHeader } from './header';
import { isOpenFailure, openPacket, type PacketKeys } from './protection';
import { retryTagValid } from './retry';
import { parseFrames } from './frames';
import { CryptoStream } from './crypto-stream';
import { ConnectionKeys } from './packet-keys';
import { quicVersionInfo, versionHex, type PacketType } from './versions';
import { StreamTracker } from './streams';
import { HeldPackets } from './held-packets';
import { helloFacts } from './hello-facts';
import type { QuicClose, QuicPacketRecord, QuicStreamRecord } from './packet-record';

export const MAX_LISTED_PACKETS = 5000;
/** encrypted packets kept (copies) until the keys that open them are known */
const MAX_HELD_BYTES = 256 * 1024;
const MAX_ANOMALIES = 100;

export type CryptoLevel = 'initial' | 'handshake' | '1rtt';
type Space = 'initial' | 'handshake' | 'appdata';

export interface QuicHooks {
  keys: KeyStore | null;
  /** the connection uses this connection ID (hex): datagrams to it belong here, whatever their addresses */
  registerCid(connection: QuicConnection, cid: string): void;
  anomaly(a: Anomaly): void;
}

export interface QuicPhases {
  initial: number | null;
  handshake: number | null;
  handshakeConfirmed: number | null;
  oneRtt: number | null;
  close: number | null;
}

export class QuicConnection {
  readonly transport = 'quic';
  clientEndpoint: EndpointId;
  readonly serverEndpoint: EndpointId;
  readonly firstFrame: number;
  readonly start: number;
  end: number;
  readonly counters = { c2s: { frames: 0, bytes: 0, payloadBytes: 0 }, s2c: { frames: 0, bytes: 0, payloadBytes: 0 } };
  readonly versions: number[] = [];
  clientInitialDcid: string | null = null;
  readonly clientCids: string[] = [];
  readonly serverCids: string[] = [];
  readonly packets: QuicPacketRecord[] = [];
  packetsTruncated = false;
  readonly packetCounts: Record<Direction, Partial<Record<PacketType, { packets: number; decrypted: number }>>> = { c2s: {}, s2c: {} };
  coalescedDatagrams = 0;
  datagramsWithPadding = 0;
  readonly crypto: Record<Direction, Record<CryptoLevel, CryptoStream>> = {
    c2s: { initial: new CryptoStream(), handshake: new CryptoStream(), '1rtt': new CryptoStream() },
    s2c: { initial: new CryptoStream(), handshake: new CryptoStream(), '1rtt': new CryptoStream() },
  };
  private readonly streamTracker = new StreamTracker();
  readonly closes: QuicClose[] = [];
  readonly phases: QuicPhases = { initial: null, handshake: null, handshakeConfirmed: null, oneRtt: null, close: null };
  readonly migrations: Array<{ frame: number; time: number; from: string; to: string }> = [];
  retry: { frame: number; integrity: QuicPacketRecord['retryIntegrity'] } | null = null;
  readonly anomalies: Anomaly[] = [];
  anomalyCount = 0;
  /** the client's random (hex) and the suite the server chose, once their hellos were read */
  clientRandom: string | null = null;
  suite: number | null = null;
  /** how the client was told from the server (udp/udp-analyzer.ts) */
  clientDeterminedBy: 'first-packet' | 'port' | 'server-hello' = 'first-packet';
  /** the reporting layer's id (set when reports are made) */
  id = -1;

  private readonly keys = new ConnectionKeys();
  /** the DCID Initial keys come from: the client's first, or the SCID of a Retry (RFC 9001 §5.2) */
  private initialKeyDcid: Uint8Array | null = null;
  /** the DCID of the client's first Initial (a Retry's integrity tag covers it) */
  private originalDcid: Uint8Array | null = null;
  private readonly largestPn: Record<Direction, Record<Space, number>> = { c2s: { initial: -1, handshake: -1, appdata: -1 }, s2c: { initial: -1, handshake: -1, appdata: -1 } };
  private readonly held = new HeldPackets(MAX_HELD_BYTES);
  private lastVersion: number | null = null;
  /** the client's address and port now (it changes when the client migrates) */
  private clientNow: string;

  constructor(
    readonly client: string,
    readonly server: string,
    clientEndpoint: EndpointId,
    serverEndpoint: EndpointId,
    at: FrameRef,
    private readonly hooks: QuicHooks,
  ) {
    this.clientEndpoint = clientEndpoint;
    this.serverEndpoint = serverEndpoint;
    this.clientNow = client;
    this.firstFrame = at.frame;
    this.start = at.time;
    this.end = at.time;
  }

  /** Connection ID lengths this side's peer writes to it (short headers carry no length). */
  cidLengths(dir: Direction): number[] {
    const list = dir === 'c2s' ? this.serverCids : this.clientCids;
    return [...new Set(list.map((c) => c.length / 2))];
  }

  /** One UDP payload. `src` tells the direction; `srcText` names a new address when the client moved (made only then). */
  handleDatagram(payload: Uint8Array, src: EndpointId, srcText: () => string, at: FrameRef, wireLength: number): void {
    this.end = Math.max(this.end, at.time);
    const dir = this.directionOf(src, payload);
    if (dir === 'c2s' && src !== this.clientEndpoint && src !== this.serverEndpoint) {
      const to = srcText();
      this.migrations.push({ frame: at.frame, time: at.time, from: this.clientNow, to });
      this.clientEndpoint = src;
      this.clientNow = to;
    }
    const c = this.counters[dir];
    c.frames++;
    c.bytes += wireLength;
    c.payloadBytes += payload.length;
    let pos = 0;
    let count = 0;
    while (pos < payload.length) {
      if (count > 0 && isZeroPadding(payload, pos, payload.length)) {
        this.datagramsWithPadding++;
        break;
      }
      const header = (payload[pos] & 0x80) !== 0 ? parseLongHeader(payload, pos, payload.length) : this.shortHeader(payload, pos, dir);
      if (isHeaderFailure(header)) {
        this.anomaly(`quic.${header.reason}-header`, `frame ${at.frame}: ${header.detail}`, 'warning', at);
        break;
      }
      if (header.truncated) this.anomaly('quic.truncated-packet', `frame ${at.frame}: packet Length runs ${header.end - header.start} bytes past the datagram`, 'warning', at);
      this.handlePacket(payload, header, dir, at, count > 0);
      count++;
      if (count === 2) this.coalescedDatagrams++;
      pos = header.end;
      // after a packet of unknown version or a short header nothing can be split off
      if (header.unknownVersion || header.form === 'short' || header.type === 'retry' || header.type === 'version_negotiation') break;
      if (pos < payload.length && (payload[pos] & 0x80) !== 0 && !looksLikeLongHeader(payload, pos, payload.length) && !isZeroPadding(payload, pos, payload.length)) {
        this.anomaly('quic.trailing-bytes', `frame ${at.frame}: ${payload.length - pos} bytes after the last packet are no QUIC packet`, 'info', at);
        break;
      }
    }
  }

  private directionOf(src: EndpointId, payload: Uint8Array): Direction {
    if (src === this.clientEndpoint) return 'c2s';
    if (src === this.serverEndpoint) return 's2c';
    // a new address: the connection ID it writes to says which side it is (§9: the client migrates);
    // an empty ID names nobody, so only IDs of some length are matched
    if ((payload[0] & 0x80) === 0) {
      for (const len of this.cidLengths('c2s')) if (len > 0 && this.serverCids.includes(toHex(payload.subarray(1, 1 + len)))) return 'c2s';
      for (const len of this.cidLengths('s2c')) if (len > 0 && this.clientCids.includes(toHex(payload.subarray(1, 1 + len)))) return 's2c';
    }
    return 'c2s';
  }

  private shortHeader(payload: Uint8Array, pos: number, dir: Direction): ReturnType<typeof parseShortHeader> {
    const lengths = this.cidLengths(dir);
    const own = dir === 'c2s' ? this.serverCids : this.clientCids;
    let length = lengths[0] ?? 0;
    for (const l of lengths) if (own.includes(toHex(payload.subarray(pos + 1, pos + 1 + l)))) length = l;
    return parseShortHeader(payload, pos, payload.length, length);
  }

  private handlePacket(datagram: Uint8Array, h: QuicPacketHeader, dir: Direction, at: FrameRef, coalesced: boolean): void {
    const dcid = toHex(h.dcid);
    const scid = h.scid ? toHex(h.scid) : null;
    if (h.version !== null && h.version !== 0 && !this.versions.includes(h.version)) this.versions.push(h.version);
    if (h.version !== null && h.version !== 0) this.lastVersion = h.version;
    const record: QuicPacketRecord = {
      frame: at.frame,
      time: at.time,
      dir,
      type: h.type,
      version: h.version === null ? null : versionHex(h.version),
      dcid,
      scid,
      packetNumber: null,
      length: h.end - h.start,
      decrypted: h.type === 'retry' || h.type === 'version_negotiation' || h.unknownVersion ? null : false,
      frames: [],
      crypto: [],
    };
    if (coalesced) record.coalesced = true;
    (this.packetCounts[dir][h.type] ??= { packets: 0, decrypted: 0 }).packets++;
    if (this.packets.length < MAX_LISTED_PACKETS) this.packets.push(record);
    else this.packetsTruncated = true;
    this.notePhase(h.type, at.time);
    if (h.form === 'long') this.noteCids(dir, h, dcid, scid);
    if (h.unknownVersion) return;
    if (h.type === 'version_negotiation') {
      record.supportedVersions = (h.supportedVersions ?? []).map(versionHex);
      return;
    }
    if (h.type === 'retry') return this.onRetry(datagram, h, record, at);
    if (h.type === 'initial') record.tokenLength = h.token?.length ?? 0;
    this.open(datagram, h, record, at);
  }

  private noteCids(dir: Direction, h: QuicPacketHeader, dcid: string, scid: string | null): void {
    if (dir === 'c2s' && h.type === 'initial' && this.clientInitialDcid === null) {
      this.clientInitialDcid = dcid;
      this.originalDcid = h.dcid.slice();
      this.initialKeyDcid = this.originalDcid;
      this.addCid('s2c', dcid);
    }
    if (scid !== null && h.type !== 'version_negotiation') this.addCid(dir, scid);
  }

  /** `owner`: the side that chose the ID (c2s: the client's own IDs) */
  private addCid(owner: Direction, cid: string): void {
    const list = owner === 'c2s' ? this.clientCids : this.serverCids;
    if (list.includes(cid)) return;
    list.push(cid);
    this.hooks.registerCid(this, cid);
  }

  private notePhase(type: PacketType, time: number): void {
    const p = this.phases;
    if (type === 'initial' && p.initial === null) p.initial = time;
    if (type === 'handshake' && p.handshake === null) p.handshake = time;
    if (type === '1rtt' && p.oneRtt === null) p.oneRtt = time;
  }

  private onRetry(datagram: Uint8Array, h: QuicPacketHeader, record: QuicPacketRecord, at: FrameRef): void {
    record.retryTokenLength = h.token?.length ?? 0;
    const info = quicVersionInfo(h.version!)!;
    // a Retry answers an Initial the client sent before any Retry: its tag covers the client's first DCID
    const original = this.originalDcid;
    if (!original) {
      record.retryIntegrity = 'no-original-dcid';
    } else {
      record.retryIntegrity = info.retryWithTag && retryTagValid(info, original, datagram.subarray(h.start, h.end)) ? 'verified' : 'failed';
      if (record.retryIntegrity === 'failed') this.anomaly('quic.retry-integrity-failed', `frame ${at.frame}: the Retry integrity tag does not match the client's Initial (RFC 9001 §5.8)`, 'warning', at);
    }
    const first = this.retry === null;
    this.retry ??= { frame: at.frame, integrity: record.retryIntegrity };
    // the client's next Initial goes to the first Retry's SCID and its keys come from it; a client
    // takes one Retry only (RFC 9000 §17.2.5.2): a second one changes nothing
    if (first && record.retryIntegrity !== 'failed' && h.scid) this.initialKeyDcid = h.scid.slice();
  }

  private keysFor(h: QuicPacketHeader, dir: Direction, phase: number | null): PacketKeys[] {
    const version = h.version ?? this.lastVersion;
    if (version === null) return [];
    const info = quicVersionInfo(version);
    if (!info) return [];
    if (h.type === 'initial') return this.initialKeyDcid ? [this.keys.initialKeys(info, this.initialKeyDcid, dir)] : [];
    this.lookUpSecrets();
    if (h.type === '1rtt') {
      const current = this.keys.oneRttCandidates(version, dir, 0);
      if (!current.length) return [];
      // the phase is under header protection: try the current generation, then the next
      return phase === null ? [...current, ...this.keys.oneRttCandidates(version, dir, 1)] : current;
    }
    const k = this.keys.levelKeys(h.type === '0rtt' ? '0rtt' : 'handshake', version, dir);
    return k ? [k] : [];
  }

  private lookUpSecrets(): void {
    if (this.keys.hasSecrets || !this.clientRandom || this.suite === null || !this.hooks.keys) return;
    const secrets = this.hooks.keys.forClientRandom(this.clientRandom);
    if (secrets) this.keys.setSecrets(secrets, this.suite);
  }

  private open(datagram: Uint8Array, h: QuicPacketHeader, record: QuicPacketRecord, at: FrameRef): void {
    const candidates = this.keysFor(h, record.dir, null);
    if (!candidates.length) {
      if (h.type !== 'initial' && this.keysMayCome()) this.hold(datagram, h, record, at);
      return;
    }
    const space: Space = h.type === 'initial' ? 'initial' : h.type === 'handshake' ? 'handshake' : 'appdata';
    let failure = '';
    for (const keys of candidates) {
      const opened = openPacket(datagram, h, keys, this.largestPn[record.dir][space]);
      if (isOpenFailure(opened)) {
        failure = opened.detail;
        if (opened.packetNumber !== null && h.type === 'initial') record.packetNumber = opened.packetNumber;
        continue;
      }
      record.packetNumber = opened.packetNumber;
      record.decrypted = true;
      if (opened.keyPhase !== null) {
        record.keyPhase = opened.keyPhase;
        this.keys.keyUpdated(record.dir, keys, opened.keyPhase);
      }
      this.packetCounts[record.dir][h.type]!.decrypted++;
      if (opened.packetNumber > this.largestPn[record.dir][space]) this.largestPn[record.dir][space] = opened.packetNumber;
      this.handleFrames(opened.plaintext, h.type, record, at);
      return;
    }
    record.failure = failure;
    this.anomaly('quic.decryption-failed', `frame ${at.frame}: ${h.type} packet could not be opened (${failure})`, h.type === 'initial' ? 'warning' : 'info', at);
  }

  /**
   * Whether holding a packet for keys can pay off: a key source exists, and the secrets of this
   * connection's ClientHello are logged or may still arrive (a pcapng's later DSB), or the
   * hellos that name them are not read yet. Without this a capture of many connections and no
   * key log would hold every encrypted packet.
   */
  private keysMayCome(): boolean {
    const keys = this.hooks.keys;
    if (!keys?.active) return false;
    if (this.clientRandom === null || this.suite === null || keys.mayGrow) return true;
    return keys.forClientRandom(this.clientRandom) !== undefined;
  }

  private hold(datagram: Uint8Array, h: QuicPacketHeader, record: QuicPacketRecord, at: FrameRef): void {
    this.held.hold(datagram, h, record, at);
  }

  /** Packets held for keys: opened now if the keys are known (after each hello, and at the end). */
  private releaseHeld(): void {
    if (this.held.empty) return;
    this.lookUpSecrets();
    if (!this.keys.hasSecrets) return;
    for (const p of this.held.take()) this.open(p.bytes, p.header, p.record, p.at);
  }

  private handleFrames(plaintext: Uint8Array, type: PacketType, record: QuicPacketRecord, at: FrameRef): void {
    const walk = parseFrames(plaintext);
    if (walk.problem) this.anomaly('quic.malformed-frame', `frame ${at.frame}: ${walk.problem}`, 'warning', at);
    const level: CryptoLevel = type === 'initial' ? 'initial' : type === 'handshake' ? 'handshake' : '1rtt';
    let helloProgress = false;
    for (const f of walk.frames) {
      record.frames.push(f.name);
      if (f.type === 0x06 && f.data) {
        record.crypto.push([f.offset!, f.data.length]);
        const result = this.crypto[record.dir][level].push(f.offset!, f.data, at);
        if (result === 'beyond-limit') this.anomaly('quic.crypto-offset-absurd', `frame ${at.frame}: CRYPTO frame at offset ${f.offset} (${f.data.length} bytes) lies beyond the ${level} stream's bound: not buffered`, 'warning', at);
        if (level === 'initial') helloProgress = true;
      } else if (f.type >= 0x08 && f.type <= 0x0f) {
        this.streamTracker.frame(f, record.dir, at);
      } else if (f.type === 0x18 && f.connectionId) {
        this.addCid(record.dir, toHex(f.connectionId));
      } else if (f.type === 0x1c || f.type === 0x1d) {
        this.closes.push({ dir: record.dir, frame: at.frame, time: at.time, kind: f.type === 0x1c ? 'transport' : 'application', errorCode: f.errorCode!, errorName: f.errorName!, frameType: f.frameType ?? null, reason: f.reason ?? '' });
        this.phases.close ??= at.time;
      } else if (f.type === 0x1e) {
        this.phases.handshakeConfirmed ??= at.time;
      }
    }
    if (helloProgress) this.readHellos();
  }

  /** The ClientHello's random and the ServerHello's suite, once whole: they pick the logged secrets. */
  private readHellos(): void {
    if (this.clientRandom === null) this.clientRandom = helloFacts(this.crypto.c2s.initial.readable(), 1)?.random ?? null;
    if (this.suite === null) this.suite = helloFacts(this.crypto.s2c.initial.readable(), 2)?.suite ?? null;
    if (this.clientRandom !== null && this.suite !== null) this.releaseHeld();
  }

  /** End of input: packets still held get a last chance, then count as not decrypted. */
  finish(): void {
    this.releaseHeld();
    if (this.held.dropped > 0) this.anomaly('quic.held-packets-dropped', `${this.held.dropped} encrypted packets were not kept for decryption (over ${MAX_HELD_BYTES} bytes waited for keys)`, 'info');
  }

  /** TLS secrets were logged for this connection's ClientHello (Handshake and 1-RTT packets could be opened). */
  get keysFound(): boolean {
    return this.keys.hasSecrets;
  }

  /** The streams seen in decrypted packets, in order of first appearance. */
  get streams(): QuicStreamRecord[] {
    return this.streamTracker.list();
  }

  anomaly(code: string, message: string, severity: Severity, at?: FrameRef): void {
    this.anomalyCount++;
    const a: Anomaly = { code, message, severity };
    if (at) {
      a.frame = at.frame;
      a.fileOffset = at.fileOffset;
    }
    if (this.anomalies.length < MAX_ANOMALIES) this.anomalies.push(a);
    this.hooks.anomaly(a);
  }
}
