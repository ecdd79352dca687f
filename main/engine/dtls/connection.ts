/**
 * One DTLS association over UDP (RFC 6347; DTLS 1.3 records of RFC 9147 counted, not
 * opened): its records with epoch and sequence number, handshake messages rebuilt from
 * fragments, the HelloVerifyRequest cookie exchange (§4.2.1: the server makes the client
 * prove it receives at its address before doing any costly work), and flights sent again
 * after a timeout (§4.2.4) marked as retransmitted. What the messages say is read by the
 * TCP path's TLS analyzer (udp/tls-feed.ts), so the summary has the same shape.
 */

import type { Anomaly, FrameRef, Severity } from '../types';
import type { Direction } from '../tcp/stream-sink';
import type { EndpointId } from '../tcp/endpoint-id';
import { toHex } from '../tls/byte-reader';
import { handshakeTypeName } from '../../../contract/names/handshake-types';
import { hex4 } from '../../../contract/names/versions';
import type { TlsSummary } from '../../../contract/report/tls-summary';
import { TlsFeed } from '../udp/tls-feed';
import { parseDtlsRecords, type DtlsRecord } from './record';
import { HandshakeReassembly, helloVerifyCookie, parseFragments, splitClientHelloCookie, type CompletedMessage } from './handshake';
import { DtlsDecryption } from './decryption';
import type { KeyStore } from '../tls/decrypt/key-store';

export const MAX_LISTED_RECORDS = 5000;
const MAX_ANOMALIES = 100;
const HS_HELLO_VERIFY_REQUEST = 3;

export interface DtlsHandshakeEntry {
  /** null when the record is encrypted (epoch > 0 without keys) */
  type: number | null;
  name: string;
  messageSeq: number | null;
  length: number | null;
  fragmentOffset: number | null;
  fragmentLength: number | null;
  /** a piece of a message cut into several */
  fragment: boolean;
  /** this fragment completed its message: the frames of all its fragments */
  reassembledFromFrames?: number[];
  retransmitted?: boolean;
  cookie?: string;
}

export interface DtlsRecordEntry {
  frame: number;
  time: number;
  dir: Direction;
  epoch: number;
  sequence: number;
  contentType: number;
  version: string;
  length: number;
  encrypted: boolean;
  /** opened with a logged secret (then `handshake` lists what it carried) */
  decrypted?: boolean;
  handshake?: DtlsHandshakeEntry[];
  /** every handshake message in the record had been seen before: part of a flight sent again */
  retransmitted?: boolean;
}

export interface DtlsFlight {
  dir: Direction;
  firstFrame: number;
  lastFrame: number;
  time: number;
  messages: string[];
  retransmitted: boolean;
}

export class DtlsConnection {
  readonly transport = 'dtls';
  readonly firstFrame: number;
  readonly start: number;
  end: number;
  readonly counters = { c2s: { frames: 0, bytes: 0, payloadBytes: 0 }, s2c: { frames: 0, bytes: 0, payloadBytes: 0 } };
  readonly versions: number[] = [];
  readonly records: DtlsRecordEntry[] = [];
  recordsTruncated = false;
  readonly recordCounts: Record<Direction, Record<string, number>> = { c2s: {}, s2c: {} };
  readonly flights: DtlsFlight[] = [];
  helloVerifyRequest = false;
  readonly helloVerifyCookies: string[] = [];
  readonly clientHelloCookies: string[] = [];
  retransmittedRecords = 0;
  readonly anomalies: Anomaly[] = [];
  anomalyCount = 0;
  /** how the client was told from the server (udp/udp-analyzer.ts) */
  clientDeterminedBy: 'first-packet' | 'port' | 'server-hello' = 'first-packet';
  id = -1;

  private readonly feed = new TlsFeed();
  private readonly reassembly = { c2s: new HandshakeReassembly(), s2c: new HandshakeReassembly() };
  private readonly seenMessages = { c2s: new Set<string>(), s2c: new Set<string>() };
  private readonly decryption: DtlsDecryption | null;
  /** the TLS analyzer was told of this side's ChangeCipherSpec (held back while its records can be opened) */
  private readonly ccsFed = { c2s: false, s2c: false };

  constructor(
    readonly client: string,
    readonly server: string,
    readonly clientEndpoint: EndpointId,
    readonly serverEndpoint: EndpointId,
    at: FrameRef,
    private readonly onAnomaly: (a: Anomaly) => void,
    keys: KeyStore | null = null,
  ) {
    this.decryption = keys?.active ? new DtlsDecryption(keys) : null;
    this.firstFrame = at.frame;
    this.start = at.time;
    this.end = at.time;
  }

  handleDatagram(payload: Uint8Array, src: EndpointId, at: FrameRef, wireLength: number): void {
    const dir: Direction = src === this.clientEndpoint ? 'c2s' : 's2c';
    this.end = Math.max(this.end, at.time);
    const c = this.counters[dir];
    c.frames++;
    c.bytes += wireLength;
    c.payloadBytes += payload.length;
    const { records, problem } = parseDtlsRecords(payload);
    if (problem) this.anomaly('dtls.malformed-record', `frame ${at.frame}: ${problem}`, 'warning', at);
    const flightMessages: string[] = [];
    let allRepeated = true;
    let anyHandshake = false;
    for (const r of records) {
      const entry = this.onRecord(r, dir, at);
      if (entry.handshake) {
        anyHandshake = true;
        for (const h of entry.handshake) flightMessages.push(h.name);
        if (!entry.retransmitted) allRepeated = false;
      }
    }
    this.noteFlight(dir, at, flightMessages, anyHandshake && allRepeated);
  }

  private onRecord(r: DtlsRecord, dir: Direction, at: FrameRef): DtlsRecordEntry {
    if (!this.versions.includes(r.version)) this.versions.push(r.version);
    const encrypted = r.unified || r.epoch > 0;
    const entry: DtlsRecordEntry = { frame: at.frame, time: at.time, dir, epoch: r.epoch, sequence: r.sequence, contentType: r.contentType, version: hex4(r.version), length: r.payload.length, encrypted };
    if (this.records.length < MAX_LISTED_RECORDS) this.records.push(entry);
    else this.recordsTruncated = true;
    const key = r.unified ? 'dtls13_ciphertext' : String(r.contentType);
    this.recordCounts[dir][key] = (this.recordCounts[dir][key] ?? 0) + 1;
    if (r.truncated) this.anomaly('dtls.truncated-record', `frame ${at.frame}: record of epoch ${r.epoch} sequence ${r.sequence} runs past its datagram`, 'warning', at);
    if (r.unified) return entry;
    // the TLS analyzer frames records as TLS 1.0-1.2 do; DTLS 1.0 follows TLS 1.1, DTLS 1.2 TLS 1.2 (RFC 6347 §1)
    const tlsVersion = r.version === 0xfefd ? 0x0303 : 0x0302;
    if (r.contentType === 22 && !encrypted) {
      entry.handshake = this.onHandshakeRecord(r, dir, at, tlsVersion);
      this.markRetransmission(entry);
      return entry;
    }
    if (r.contentType === 20) {
      // while this side's records can be opened the TLS analyzer reads them as plaintext
      if (this.decryption?.canOpen(dir)) return entry;
      this.ccsFed[dir] = true;
    } else if (encrypted && this.decryption?.canOpen(dir)) {
      const opened = this.decryption.open(dir, r.contentType, r.version, r.epoch, r.sequence, r.payload);
      if (opened) {
        entry.decrypted = true;
        if (r.contentType === 22) {
          entry.handshake = this.onHandshakeRecord({ ...r, payload: opened.plaintext }, dir, at, tlsVersion);
          this.markRetransmission(entry);
        } else this.feed.record(dir, r.contentType, tlsVersion, opened.plaintext, at);
        return entry;
      }
      this.anomaly('dtls.decryption-failed', `frame ${at.frame}: epoch ${r.epoch} record ${r.sequence} did not authenticate with the logged keys`, 'info', at);
    }
    if (encrypted && !this.ccsFed[dir]) {
      // the TLS analyzer learns that what follows is protected
      this.ccsFed[dir] = true;
      this.feed.record(dir, 20, tlsVersion, Uint8Array.of(1), at);
    }
    if (r.contentType === 22) entry.handshake = [{ type: null, name: 'encrypted', messageSeq: null, length: null, fragmentOffset: null, fragmentLength: null, fragment: false }];
    this.feed.record(dir, r.contentType, tlsVersion, r.payload, at);
    return entry;
  }

  /** Every handshake fragment of the record was seen before: a flight sent again (RFC 6347 §4.2.4). */
  private markRetransmission(entry: DtlsRecordEntry): void {
    entry.retransmitted = !!entry.handshake?.length && entry.handshake.every((h) => h.retransmitted);
    if (entry.retransmitted) this.retransmittedRecords++;
  }

  private onHandshakeRecord(r: DtlsRecord, dir: Direction, at: FrameRef, tlsVersion: number): DtlsHandshakeEntry[] {
    const { fragments, problem } = parseFragments(r.payload);
    if (problem) this.anomaly('dtls.malformed-handshake', `frame ${at.frame}: ${problem}`, 'warning', at);
    const entries: DtlsHandshakeEntry[] = [];
    for (const f of fragments) {
      const fragment = f.fragmentOffset !== 0 || f.fragmentLength !== f.length;
      const seenKey = `${f.messageSeq}:${f.type}:${f.fragmentOffset}:${f.fragmentLength}`;
      const e: DtlsHandshakeEntry = { type: f.type, name: dtlsHandshakeName(f.type), messageSeq: f.messageSeq, length: f.length, fragmentOffset: f.fragmentOffset, fragmentLength: f.fragmentLength, fragment };
      if (this.seenMessages[dir].has(seenKey)) e.retransmitted = true;
      this.seenMessages[dir].add(seenKey);
      entries.push(e);
      const outcome = this.reassembly[dir].add(f, at.frame);
      if (outcome.kind === 'mismatch' || outcome.kind === 'too-large') {
        this.anomaly(outcome.kind === 'mismatch' ? 'dtls.fragment-mismatch' : 'dtls.message-too-large', `frame ${at.frame}: ${outcome.detail}`, 'warning', at);
        continue;
      }
      if (outcome.kind !== 'complete') continue;
      if (outcome.message.fragmented) e.reassembledFromFrames = outcome.message.frames;
      this.onMessage(outcome.message, dir, at, tlsVersion, e);
    }
    return entries;
  }

  private onMessage(m: CompletedMessage, dir: Direction, at: FrameRef, tlsVersion: number, e: DtlsHandshakeEntry): void {
    let body = m.body;
    if (m.type === 1) {
      const split = splitClientHelloCookie(body);
      if (split) {
        body = split.tlsBody;
        this.decryption?.clientHello(body);
        e.cookie = toHex(split.cookie);
        this.clientHelloCookies.push(e.cookie);
      } else this.anomaly('dtls.malformed-client-hello', `frame ${at.frame}: ClientHello too short for its cookie field`, 'warning', at);
    } else if (m.type === HS_HELLO_VERIFY_REQUEST) {
      this.helloVerifyRequest = true;
      const cookie = helloVerifyCookie(body);
      e.cookie = cookie ? toHex(cookie) : '';
      this.helloVerifyCookies.push(e.cookie);
    }
    if (m.type === 2 && body.length >= 2) this.decryption?.serverHello(body, (body[0] << 8) | body[1]);
    const message = new Uint8Array(4 + body.length);
    message[0] = m.type;
    message[1] = body.length >> 16;
    message[2] = (body.length >> 8) & 0xff;
    message[3] = body.length & 0xff;
    message.set(body, 4);
    this.feed.handshake(dir, message, at, tlsVersion);
  }

  private noteFlight(dir: Direction, at: FrameRef, messages: string[], retransmitted: boolean): void {
    if (!messages.length) return;
    const last = this.flights[this.flights.length - 1];
    if (last && last.dir === dir && !retransmitted && !last.retransmitted) {
      last.lastFrame = at.frame;
      last.messages.push(...messages);
      return;
    }
    if (last && last.dir === dir && retransmitted && last.retransmitted) {
      last.lastFrame = at.frame;
      last.messages.push(...messages);
      return;
    }
    if (this.flights.length < 256) this.flights.push({ dir, firstFrame: at.frame, lastFrame: at.frame, time: at.time, messages, retransmitted });
  }

  finish(): void {
    this.feed.end();
    for (const dir of ['c2s', 's2c'] as const) {
      const missing = this.reassembly[dir].incomplete;
      if (missing.length) this.anomaly('dtls.incomplete-message', `${dir === 'c2s' ? 'client' : 'server'} handshake message_seq ${missing.join(', ')} never completed`, 'info');
    }
  }

  /** A master secret was logged for this association: its protected records could be opened. */
  get keysFound(): boolean {
    return this.decryption?.canOpen('c2s') ?? false;
  }

  tlsSummary(): TlsSummary | null {
    return this.feed.summary('d');
  }

  anomaly(code: string, message: string, severity: Severity, at?: FrameRef): void {
    this.anomalyCount++;
    const a: Anomaly = { code, message, severity };
    if (at) {
      a.frame = at.frame;
      a.fileOffset = at.fileOffset;
    }
    if (this.anomalies.length < MAX_ANOMALIES) this.anomalies.push(a);
    this.onAnomaly(a);
  }
}

export function dtlsHandshakeName(type: number): string {
  return type === HS_HELLO_VERIFY_REQUEST ? 'hello_verify_request' : handshakeTypeName(type);
}
