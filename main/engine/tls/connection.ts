/**
 * TLS analysis of one TCP connection: the record layer and handshake reassembler per
 * direction, wired to the record dispatcher, the handshake reader and the summary builder.
 * With keys, each record is first offered to the decryptor: records it opens are dispatched
 * as their plaintext, records whose keys may still arrive are held back until they do.
 */

import type { Anomaly, FrameRef, Severity } from '../types';
import type { Direction, DirectionSink } from '../tcp/stream-sink';
import { DirectionState } from './direction-state';
import { HandshakeReassembler, type HandshakeHooks, type HandshakeMessage } from './handshake-reassembler';
import { RecordLayer, type RecordLayerHooks, type TlsRecord } from './record-layer';
import { MessageLog } from './message-log';
import { ConnectionAnomalies } from './connection-anomalies';
import { HandshakeState } from './handshake-state';
import { HandshakeReader } from './handshake-reader';
import { RecordDispatcher } from './record-dispatch';
import { SummaryBuilder, tableFacts, type SummaryContext } from './connection-summary';
import * as CT from '../../../contract/names/handshake-types';
import type { OpenedRecord, TableTlsFacts, TlsSummary } from '../../../contract/report/tls-summary';
import { ConnectionDecryptor, type DecryptOutcome, type DecryptionOptions } from './decrypt/connection-decryptor';
import { PendingRecords } from './decrypt/pending-records';
import { shortLivedBytes } from '../util/short-lived-bytes';

export type { SummaryContext } from './connection-summary';

export interface TlsConnectionOptions {
  onAnomaly?: (a: Anomaly) => void;
  /** decrypt with logged keys (absent: no key source, records are handled as without keys) */
  decryption?: DecryptionOptions;
  /** records held for late keys were processed (the summary is final again once streams ended) */
  onHeldReleased?: () => void;
  /** DER certificates trusted besides Node's bundled roots (user-supplied CA files) */
  extraTrustedRoots?: Uint8Array[];
  /** only tableFacts() will be asked (the CLI's table): the message list, the hellos and the certificates are not kept */
  tableFactsOnly?: boolean;
}

/** the message log of every table-only analysis: it keeps nothing, so one serves them all */
const DISCARDING_LOG = new MessageLog(true);

export class TlsConnectionAnalyzer {
  readonly client: DirectionSink;
  readonly server: DirectionSink;

  private readonly c2s: DirectionState;
  private readonly s2c: DirectionState;
  private readonly anomalies: ConnectionAnomalies;
  private readonly hs: HandshakeState;
  private readonly handshakes: HandshakeReader;
  private readonly records: RecordDispatcher;
  private readonly summaries: SummaryBuilder | null;

  private readonly decryption: ConnectionDecryptor | null;
  /** records held back until their keys arrive (see PendingRecords) */
  private held: PendingRecords<{ state: DirectionState; record: TlsRecord }> | null = null;
  private decryptAt: FrameRef | undefined;
  private releasing = 0;

  constructor(private readonly opts: TlsConnectionOptions = {}) {
    const log = opts.tableFactsOnly ? DISCARDING_LOG : new MessageLog();
    this.anomalies = new ConnectionAnomalies(opts.onAnomaly);
    this.decryption = opts.decryption ? new ConnectionDecryptor(opts.decryption, (code, message, severity) => this.anomaly(code, message, severity, this.decryptAt)) : null;
    this.c2s = this.makeDirection('c2s');
    this.s2c = this.makeDirection('s2c');
    this.client = this.c2s.layer;
    this.server = this.s2c.layer;
    this.hs = new HandshakeState(this.c2s, this.s2c, !opts.tableFactsOnly);
    this.handshakes = new HandshakeReader(this.hs, log, this.anomalies, this.decryption, opts.tableFactsOnly === true);
    this.records = new RecordDispatcher(this.hs, this.handshakes, log, this.anomalies, this.decryption);
    this.summaries = opts.tableFactsOnly
      ? null
      : new SummaryBuilder({
          hs: this.hs,
          records: this.records,
          log,
          anomalies: this.anomalies,
          decryption: () => (this.decryption && this.opts.decryption!.keys.active ? this.decryption.summary() : null),
          extraTrustedRoots: opts.extraTrustedRoots,
        });
  }

  /** records wait for keys that may still arrive: the summary is not final yet */
  get holding(): boolean {
    return this.held !== null;
  }

  /** true once a TLS record/SSLv2 ClientHello was recognised in either direction */
  get detected(): boolean {
    return this.c2s.layer.detected || this.s2c.layer.detected;
  }

  private makeDirection(dir: Direction): DirectionState {
    const hooks = new DirectionHooks(this);
    const lists = !this.opts.tableFactsOnly;
    const state = new DirectionState(dir, new RecordLayer(hooks, lists), new HandshakeReassembler(hooks, lists), lists);
    hooks.state = state;
    return state;
  }

  /** The other direction's state (for its record layer's hooks). */
  peerOf(state: DirectionState): DirectionState {
    return this.hs.peerOf(state);
  }

  /** An anomaly from a direction's handshake reassembler: placed at the latest record's frame. */
  handshakeAnomaly(code: string, message: string, severity: Severity): void {
    this.anomalies.atLatest(code, message, severity);
  }

  /** An anomaly from a direction's record layer (or this analyzer). */
  anomaly(code: string, message: string, severity: Severity, at?: FrameRef): void {
    this.anomalies.add(code, message, severity, at);
  }

  // ------------------------------------------------------------------ records

  /**
   * A buffer for a record's payload. Without decryption nothing keeps a payload past its
   * record (certificates and partial handshake messages are copied), so it is carved from a
   * shared slab; decryption may hold records for keys and keeps transcripts: their own buffers.
   */
  payloadBuffer(length: number): Uint8Array {
    return this.decryption ? new Uint8Array(length) : shortLivedBytes(length);
  }

  /**
   * Whether record payloads may be views of the capture's bytes: only for the table, which
   * keeps nothing of them (no certificate, no hello; its facts are strings), and never with
   * decryption, which holds records for keys and keeps transcripts.
   */
  get payloadViews(): boolean {
    return this.opts.tableFactsOnly === true && this.decryption === null;
  }

  /** Application-data payloads are kept only to be decrypted (or held until keys arrive). */
  wantsCiphertext(state: DirectionState): boolean {
    return this.held !== null || (this.decryption?.wantsPayload(state.dir) ?? false);
  }

  /** A record framed by a direction's record layer. */
  onRecord(state: DirectionState, record: TlsRecord): void {
    if (this.held) this.holdRecord(state, record);
    else this.processRecord(state, record);
  }

  /** A message put together by a direction's handshake reassembler. */
  onHandshake(state: DirectionState, msg: HandshakeMessage): void {
    this.handshakes.onMessage(state, msg);
  }

  /** Decrypts what keys allow, holds what keys may still unlock, handles the rest as without keys. */
  private processRecord(state: DirectionState, record: TlsRecord): void {
    if (!this.decryption || record.format !== 'tls') return this.records.dispatch(state, record, null);
    const last = record.last;
    this.decryptAt = { frame: last.frame, time: last.time, fileOffset: last.fileOffset };
    const outcome = this.decryption.decrypt(state.dir, record.contentType!, record.version, record.payload, record.complete && !record.damaged);
    if (outcome.kind === 'wait') return this.startHolding(state, record, last.time);
    if (outcome.kind === 'opened') {
      this.opts.decryption!.onRecordOpened?.(openedRecord(state.dir, record, outcome));
      // plaintext byte i sits where ciphertext byte offset+i was: spans keep pointing into the capture
      const view: TlsRecord = { ...record, payload: outcome.plaintext, headerLength: record.headerLength + outcome.offset };
      return this.records.dispatch(state, record, { record: view, contentType: outcome.contentType, innerType: outcome.innerType });
    }
    // kept only for decryption: without keys this payload would not exist
    this.records.dispatch(state, record.contentType === CT.CT_APPLICATION_DATA && record.payload ? { ...record, payload: null } : record, null);
  }

  private startHolding(state: DirectionState, record: TlsRecord, time: number): void {
    this.held = new PendingRecords(this.opts.decryption!.keys, this.decryption!.waitKeys(), time, {
      wake: () => this.releaseHeld(true),
      expire: () => this.releaseHeld(false),
    });
    this.holdRecord(state, record);
  }

  private holdRecord(state: DirectionState, record: TlsRecord): void {
    if (!this.held!.hold({ state, record }, record.payload?.length ?? 0)) this.releaseHeld(false);
  }

  /** Keys arrived (`keysMayBeThere`), or waiting ended: process what was held, in order. */
  private releaseHeld(keysMayBeThere: boolean): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    if (!keysMayBeThere) this.decryption!.stopWaiting();
    this.releasing++;
    for (const { state, record } of held.take()) {
      // only part of the secrets came: a later record may have to wait again
      if (this.held) this.holdRecord(state, record);
      else this.processRecord(state, record);
    }
    this.releasing--;
    if (!this.held && this.releasing === 0) this.opts.onHeldReleased?.();
  }

  // ------------------------------------------------------------------ summary

  /** The two facts the CLI's table shows, without building the summary (no certificate validation). */
  tableFacts(): TableTlsFacts | null {
    if (!this.detected) return null;
    return tableFacts(this.hs);
  }

  summary(ctx: SummaryContext = {}): TlsSummary | null {
    if (!this.summaries) throw new Error('this TLS analysis kept the table facts only');
    if (!this.detected) return null;
    return this.summaries.build(ctx);
  }
}

const hexOrNull = (b: Uint8Array | null): string | null => (b ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex') : null);

function openedRecord(dir: Direction, record: TlsRecord, o: Extract<DecryptOutcome, { kind: 'opened' }>): OpenedRecord {
  const p = o.protection;
  return {
    dir,
    frame: record.last.frame,
    fileOffsets: record.spans.map((s) => ({ frame: s.frame, fileOffset: s.fileOffset, payloadOffset: s.payloadOffset, length: s.length })),
    recordType: record.contentType!,
    innerType: o.innerType,
    seq: p.seq,
    nonce: hexOrNull(p.nonce),
    additionalData: hexOrNull(p.additionalData),
    tag: hexOrNull(p.tag),
    plaintext: o.plaintext,
  };
}

/**
 * What one direction's record layer and handshake reassembler report to: one object with its
 * methods on the prototype (a closure per hook, per direction, cost ~1 KB per connection).
 */
class DirectionHooks implements RecordLayerHooks, HandshakeHooks {
  state!: DirectionState;

  constructor(private readonly owner: TlsConnectionAnalyzer) {}

  onRecord(record: TlsRecord): void {
    this.owner.onRecord(this.state, record);
  }

  onAnomaly(code: string, message: string, severity: Severity, at?: FrameRef): void {
    this.owner.anomaly(code, message, severity, at);
  }

  peerDetected(): boolean {
    return this.owner.peerOf(this.state).layer.detected;
  }

  peerUsedSslv2(): boolean {
    return this.owner.peerOf(this.state).layer.sslv2;
  }

  payloadBuffer(length: number): Uint8Array {
    return this.owner.payloadBuffer(length);
  }

  payloadViews(): boolean {
    return this.owner.payloadViews;
  }

  keepsPayload(type: number | null): boolean {
    return type === null || type === CT.CT_CHANGE_CIPHER_SPEC || type === CT.CT_ALERT || type === CT.CT_HANDSHAKE || type === CT.CT_HEARTBEAT || (type === CT.CT_APPLICATION_DATA && this.owner.wantsCiphertext(this.state));
  }

  onMessage(m: HandshakeMessage): void {
    this.owner.onHandshake(this.state, m);
  }

  onHandshakeAnomaly(code: string, message: string, severity: Severity): void {
    this.owner.handshakeAnomaly(code, message, severity);
  }
}
