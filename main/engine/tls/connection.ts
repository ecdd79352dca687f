/**
 * TLS analysis of one TCP connection: the record layer per direction, handshake
 * reassembly, hello decoding, and the cross-direction state (negotiated version, which
 * records are encrypted) that turns records into a per-connection summary.
 */

import type { Anomaly, FrameRef, Severity } from '../types';
import type { Direction, DirectionSink } from '../tcp/stream-sink';
import { DirectionState } from './direction-state';
import { HandshakeReassembler, type HandshakeHooks, type HandshakeMessage } from './handshake-reassembler';
import { RecordLayer, type RecordLayerHooks, type TlsRecord } from './record-layer';
import { MessageLog } from './message-log';
import { clientHelloFacts, serverHelloFacts } from './hello-facts';
import { parseClientHelloFields, parseServerHello, parseSslv2ClientHello, withShownFields } from './hello';
import { describeHandshakeBody, parseCertificateList, parseServerKeyExchange, type ServerKeyExchangeInfo } from './handshake-messages';
import { keyExchangeOf, suiteParts } from './cipher-suite-info';
import { certificateEntry, validateServerChain } from './certificates';
import { inferCloseNotify } from './alert-inference';
import { ALERT_CLOSE_NOTIFY, alertDescriptionName, alertLevelName, isKnownAlert } from '../../../contract/names/alerts';
import * as CT from '../../../contract/names/handshake-types';
import { groupName } from '../../../contract/names/groups';
import { hex4, isTls13Family, versionName } from '../../../contract/names/versions';
import { uniqueFrames, type ByteSpan } from './spans';
import type { AlertEntry, CertificateEntry, ClientHelloInfo, ServerHelloInfo, TableTlsFacts, TlsMessage, TlsSummary, TlsTimings } from '../../../contract/report/tls-summary';
import type { ChainValidation } from './x509/index';
import { ConnectionDecryptor, type DecryptionOptions } from './decrypt/connection-decryptor';
import { PendingRecords } from './decrypt/pending-records';
import { lastOf } from '../util/last';
import { shortLivedBytes } from '../util/short-lived-bytes';

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

/** A record read with logged keys: its plaintext in place of the payload, and its real content type. */
interface Decrypted {
  record: TlsRecord;
  contentType: number;
  innerType: number | null;
}

export interface SummaryContext {
  finFromClient?: number;
  finFromServer?: number;
  rstTime?: number;
  tcpStart?: number;
}

/** the message log of every table-only analysis: it keeps nothing, so one serves them all */
const DISCARDING_LOG = new MessageLog(true);

const MAX_HELLOS = 16;
const MAX_ALERTS = 256;
const MAX_ANOMALIES = 200;
const MAX_ANOMALIES_PER_CODE = 20;
/** TLS 1.3 server flights are a handful of records (EncryptedExtensions … Finished, maybe tickets) */
const MAX_TLS13_SERVER_FLIGHT = 32;

export class TlsConnectionAnalyzer {
  readonly client: DirectionSink;
  readonly server: DirectionSink;

  private readonly c2s: DirectionState;
  private readonly s2c: DirectionState;
  private readonly log: MessageLog;
  private readonly clientHellos: ClientHelloInfo[] = [];
  /** what the analysis itself needs of the first ClientHello: its SNI (the table) and whether it offers TLS 1.3 */
  private firstHello: { sni: string | null; offersTls13: boolean } | null = null;
  private readonly serverHellos: ServerHelloInfo[] = [];
  private readonly alerts: AlertEntry[] = [];
  private readonly anomalies: Anomaly[] = [];
  private anomalyCount = 0;
  /** made at the first anomaly: most connections have none, and a Map per connection adds up over 100,000 */
  private anomalyCodes: Map<string, number> | null = null;

  /** the first ServerHello that is not a HelloRetryRequest (not kept for the table: see chosenVersion) */
  private negotiated: ServerHelloInfo | null = null;
  /** the version that ServerHello chose (supported_versions first), null before it */
  private chosenVersion: number | null = null;
  /** TLS 1.3 rules apply (a TLS 1.3 ServerHello or HelloRetryRequest was seen) */
  private tls13 = false;
  private serverKeyExchange: ServerKeyExchangeInfo | null = null;
  /** TLS 1.3: the server's encrypted flight has started; the client's next record is its Finished */
  private serverFlight13 = false;
  private serverFlightRecords13 = 0;
  private lastServerFlightTime: number | null = null;
  private clientFinished13 = false;
  private handshakeDone = false;
  private firstFinished: number | null = null;
  private lastFinished: number | null = null;
  private closeNotify: { c2s: number | null; s2c: number | null } = { c2s: null, s2c: null };
  private lastFrame: FrameRef | null = null;

  private cache: { key: string; certificates: CertificateEntry[]; clientCertificates: CertificateEntry[]; validation: ChainValidation | null } | null = null;

  private readonly decryption: ConnectionDecryptor | null;
  /** records held back until their keys arrive (see PendingRecords) */
  private held: PendingRecords<{ state: DirectionState; record: TlsRecord }> | null = null;
  /** the decrypted record being fed to the handshake reassembler: its messages are marked decrypted */
  private currentDecrypted: Decrypted | null = null;
  private decryptAt: FrameRef | undefined;
  private releasing = 0;

  constructor(private readonly opts: TlsConnectionOptions = {}) {
    this.log = opts.tableFactsOnly ? DISCARDING_LOG : new MessageLog();
    this.decryption = opts.decryption ? new ConnectionDecryptor(opts.decryption, (code, message, severity) => this.anomaly(code, message, severity, this.decryptAt)) : null;
    this.c2s = this.makeDirection('c2s');
    this.s2c = this.makeDirection('s2c');
    this.client = this.c2s.layer;
    this.server = this.s2c.layer;
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
    return state === this.c2s ? this.s2c : this.c2s;
  }

  /** An anomaly from a direction's handshake reassembler: placed at the latest record's frame. */
  handshakeAnomaly(code: string, message: string, severity: Severity): void {
    this.anomaly(code, message, severity, this.lastFrame ?? undefined);
  }

  /** An anomaly from a direction's record layer (or this analyzer). */
  anomaly(code: string, message: string, severity: Severity, at?: FrameRef): void {
    this.anomalyCount++;
    // a broken stream repeats the same complaint per record: report each kind a few times only
    const codes = (this.anomalyCodes ??= new Map());
    const seen = (codes.get(code) ?? 0) + 1;
    codes.set(code, seen);
    if (seen > MAX_ANOMALIES_PER_CODE) return;
    const a: Anomaly = { code, message, severity };
    if (at) {
      a.frame = at.frame;
      a.fileOffset = at.fileOffset;
    }
    if (this.anomalies.length < MAX_ANOMALIES) this.anomalies.push(a);
    this.opts.onAnomaly?.(a);
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

  /** Decrypts what keys allow, holds what keys may still unlock, handles the rest as without keys. */
  private processRecord(state: DirectionState, record: TlsRecord): void {
    if (!this.decryption || record.format !== 'tls') return this.handleRecord(state, record, null);
    const last = record.last;
    this.decryptAt = { frame: last.frame, time: last.time, fileOffset: last.fileOffset };
    const outcome = this.decryption.decrypt(state.dir, record.contentType!, record.version, record.payload, record.complete && !record.damaged);
    if (outcome.kind === 'wait') return this.startHolding(state, record, last.time);
    if (outcome.kind === 'opened') {
      // plaintext byte i sits where ciphertext byte offset+i was: spans keep pointing into the capture
      const view: TlsRecord = { ...record, payload: outcome.plaintext, headerLength: record.headerLength + outcome.offset };
      return this.handleRecord(state, record, { record: view, contentType: outcome.contentType, innerType: outcome.innerType });
    }
    // kept only for decryption: without keys this payload would not exist
    this.handleRecord(state, record.contentType === CT.CT_APPLICATION_DATA && record.payload ? { ...record, payload: null } : record, null);
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

  private handleRecord(state: DirectionState, record: TlsRecord, dec: Decrypted | null): void {
    const time = record.last.time;
    const frame = record.last.frame;
    // the frame's own reference (its frame, time and offset never change): no object per record
    this.lastFrame = record.last;
    state.noteRecord(dec ? dec.contentType : record.contentType, record.length, frame, time, dec !== null);
    if (!record.complete) {
      // cut short by the end of the capture: tshark never shows such a record, so neither do the lists
      state.incompleteRecords++;
      if (record.contentType === CT.CT_HANDSHAKE && !state.cipherActive && record.payload) state.reassembler.push(record);
      if (record.contentType === CT.CT_APPLICATION_DATA) state.appBytes += record.payload?.length ?? 0;
      return;
    }
    state.countRecord(record.format === 'sslv2' ? 'sslv2' : record.contentType!, record.version);

    if (record.format === 'sslv2') {
      this.onSslv2Record(state, record, time);
      return;
    }
    const type = dec ? dec.contentType : record.contentType;
    const r = dec ? dec.record : record;
    switch (type) {
      case CT.CT_CHANGE_CIPHER_SPEC:
        // TLS 1.3 never protects a CCS: an inner type 20 is as unknown as any other
        if (dec?.innerType != null) break;
        this.onChangeCipherSpec(state, r, time, dec);
        return;
      case CT.CT_ALERT:
        this.onAlert(state, r, time, frame, dec);
        return;
      case CT.CT_HANDSHAKE:
        this.onHandshakeRecord(state, r, time, dec);
        return;
      case CT.CT_APPLICATION_DATA:
        this.onApplicationData(state, r, time, record.first.time, dec);
        return;
      case CT.CT_HEARTBEAT:
        this.onHeartbeat(state, r, time, dec);
        return;
    }
    this.anomaly('tls.unknown-content-type', `record with unknown content type ${type}`, 'warning', this.lastFrame ?? undefined);
    this.logRecord(state, record, 'unknown', type!, `unknown (${type})`, time, dec);
  }

  /** Lists a record's message, unless nothing will read the list (then it is not even built). */
  private logRecord(state: DirectionState, record: TlsRecord, kind: TlsMessage['kind'], type: TlsMessage['type'], name: string, time: number, dec: Decrypted | null = null): void {
    if (this.log.keeps) this.log.add(this.recordMessage(state, record, kind, type, name, time, dec));
  }

  private recordMessage(state: DirectionState, record: TlsRecord, kind: TlsMessage['kind'], type: TlsMessage['type'], name: string, time: number, dec: Decrypted | null = null): TlsMessage {
    const m = this.message(state.dir, kind, type, name, record.contentType, record.spans, record.spansTruncated, time, record.length, record.version, record.streamOffset);
    if (dec) markDecrypted(m, dec);
    return m;
  }

  private message(
    dir: Direction,
    kind: TlsMessage['kind'],
    type: TlsMessage['type'],
    name: string,
    recordType: number | null,
    spans: readonly ByteSpan[],
    spansTruncated: boolean,
    time: number,
    length: number,
    recordVersion: number,
    streamOffset: number,
  ): TlsMessage {
    const m: TlsMessage = {
      dir,
      kind,
      type,
      name,
      recordType,
      frames: uniqueFrames(spans),
      time,
      length,
      recordVersion: hex4(recordVersion),
      streamOffset,
      fileOffsets: spans.map((s) => ({ frame: s.frame, fileOffset: s.fileOffset, payloadOffset: s.payloadOffset, length: s.length })),
    };
    if (spansTruncated) m.fileOffsetsTruncated = true;
    return m;
  }

  private onSslv2Record(state: DirectionState, record: TlsRecord, time: number): void {
    const index = state.sslv2Records++;
    const payload = record.payload;
    const msgType = payload && payload.length ? payload[0] : -1;
    // only the first records of each side travel in clear: CLIENT-HELLO, SERVER-HELLO, CLIENT-MASTER-KEY
    const clear = (state.dir === 'c2s' && ((index === 0 && msgType === 1) || (index === 1 && msgType === 2))) || (state.dir === 's2c' && index === 0 && msgType === 4);
    if (!clear || !payload) {
      this.logRecord(state, record, 'sslv2', 'encrypted', 'encrypted', time);
      return;
    }
    state.listHandshake(`sslv2:${msgType}`);
    const m = this.recordMessage(state, record, 'sslv2', msgType, CT.sslv2MessageName(msgType), time);
    if (msgType === 1 && record.complete) {
      const hello = parseSslv2ClientHello(payload, { frame: m.frames[m.frames.length - 1] ?? null, time });
      if (hello.malformed) this.anomaly('tls.malformed-client-hello', 'SSLv2 ClientHello is malformed', 'warning', this.lastFrame ?? undefined);
      this.keepClientHello(hello);
    }
    this.log.add(m);
  }

  private onChangeCipherSpec(state: DirectionState, record: TlsRecord, time: number, dec: Decrypted | null): void {
    this.logRecord(state, record, 'change_cipher_spec', CT.CT_CHANGE_CIPHER_SPEC, 'change_cipher_spec', time, dec);
    if (this.tls13) return; // TLS 1.3 middlebox-compatibility CCS: changes nothing
    if (state.dir === 'c2s' && this.chosenVersion === null && this.clientOffersTls13()) return; // compat CCS before the ServerHello
    if (state.reassembler.incomplete) state.reassembler.reset('ChangeCipherSpec arrived inside a handshake message');
    state.cipherActive = true;
    this.decryption?.changeCipherSpec(state.dir);
  }

  private clientOffersTls13(): boolean {
    return this.firstHello?.offersTls13 ?? false;
  }

  private keepClientHello(hello: ClientHelloInfo): void {
    this.firstHello ??= { sni: hello.sni, offersTls13: hello.supportedVersions.some(isTls13Family) };
    // the table asks for nothing else: kept, the hellos would outlive two scavenges for nothing
    if (!this.opts.tableFactsOnly && this.clientHellos.length < MAX_HELLOS) this.clientHellos.push(hello);
  }

  private onAlert(state: DirectionState, record: TlsRecord, time: number, frame: number, dec: Decrypted | null): void {
    const payload = record.payload;
    // after CCS (or TLS 1.3 keys) alerts are encrypted; a 2-byte alert can only be plaintext
    const encrypted = dec ? false : state.cipherActive || (this.tls13 && this.chosenVersion !== null) ? record.length !== 2 : !looksLikePlaintextAlerts(payload);
    if (encrypted || !payload) {
      const alertIndex = this.pushAlert({ dir: state.dir, level: null, levelName: null, description: null, descriptionName: 'encrypted', encrypted: true, inferred: false, frame, time });
      state.lastRecord!.encryptedAlert = true;
      state.lastRecord!.alertIndex = alertIndex;
      this.logRecord(state, record, 'alert', 'encrypted', 'encrypted_alert', time);
      return;
    }
    if (payload.length % 2 !== 0 || payload.length === 0) {
      this.anomaly('tls.malformed-alert', `alert record of ${payload.length} bytes`, 'warning', this.lastFrame ?? undefined);
    }
    for (let i = 0; i + 1 < payload.length; i += 2) {
      const level = payload[i];
      const description = payload[i + 1];
      const descriptionName = alertDescriptionName(description);
      const alert: AlertEntry = { dir: state.dir, level, levelName: alertLevelName(level), description, descriptionName, encrypted: false, inferred: false, frame, time };
      if (dec) alert.decrypted = true;
      this.pushAlert(alert);
      if (description === ALERT_CLOSE_NOTIFY && this.closeNotify[state.dir] === null) this.closeNotify[state.dir] = time;
      if (this.log.keeps) {
        const m = this.recordMessage(state, record, 'alert', CT.CT_ALERT, descriptionName, time, dec);
        m.detail = { level, levelName: alertLevelName(level), description, descriptionName };
        this.log.add(m);
      }
    }
  }

  private pushAlert(a: AlertEntry): number | null {
    if (this.alerts.length >= MAX_ALERTS) return null;
    this.alerts.push(a);
    return this.alerts.length - 1;
  }

  private onHeartbeat(state: DirectionState, record: TlsRecord, time: number, dec: Decrypted | null): void {
    const payload = record.payload;
    if ((!dec && (state.cipherActive || (this.tls13 && this.chosenVersion !== null))) || !payload || payload.length < 3) {
      this.logRecord(state, record, 'heartbeat', 'encrypted', 'encrypted_heartbeat', time, dec);
      return;
    }
    const type = payload[0];
    const m = this.recordMessage(state, record, 'heartbeat', type, type === 1 ? 'heartbeat_request' : type === 2 ? 'heartbeat_response' : `heartbeat (${type})`, time, dec);
    const declared = (payload[1] << 8) | payload[2];
    m.detail = { payloadLength: declared };
    // Heartbleed: a request claiming more payload than the record carries
    if (type === 1 && declared + 3 + 16 > payload.length) {
      m.detail.overread = true;
      this.anomaly('tls.heartbeat-overread', `heartbeat request claims ${declared} bytes in a ${payload.length}-byte record`, 'error', this.lastFrame ?? undefined);
    }
    this.log.add(m);
  }

  private onHandshakeRecord(state: DirectionState, record: TlsRecord, time: number, dec: Decrypted | null): void {
    if (state.cipherActive && !dec) {
      // TLS ≤1.2 after CCS: one opaque entry per record, whatever its first bytes look like
      state.listHandshake('encrypted');
      this.logRecord(state, record, 'handshake', 'encrypted', 'encrypted', time);
      if (!state.finished) {
        state.finished = true;
        state.finishedTime = time;
        this.noteFinished(time);
        if (this.c2s.finished && this.s2c.finished) this.handshakeDone = true;
      }
      return;
    }
    if (record.damaged || !record.payload) {
      state.reassembler.reset('bytes of a handshake record were not captured');
      return;
    }
    this.currentDecrypted = dec;
    state.reassembler.push(record);
    this.currentDecrypted = null;
  }

  /** The first ServerHello that is not a HelloRetryRequest chose this version: TLS 1.3 rules apply from here if it is one. */
  private chooseVersion(version: number): void {
    if (this.chosenVersion !== null) return;
    this.chosenVersion = version;
    this.tls13 = isTls13Family(version);
  }

  private noteFinished(time: number): void {
    if (this.firstFinished === null) this.firstFinished = time;
    else if (this.lastFinished === null) this.lastFinished = time;
  }

  private onApplicationData(state: DirectionState, record: TlsRecord, time: number, startTime: number, dec: Decrypted | null): void {
    // without keys, the first TLS 1.3 records after the ServerHello are taken for the encrypted handshake
    if (this.tls13 && this.chosenVersion !== null && !dec) {
      if (state.dir === 's2c' && !this.clientFinished13 && this.serverFlightRecords13 < MAX_TLS13_SERVER_FLIGHT) {
        // without the client's side (or its Finished) the flight cannot be bounded by it: cap it
        this.serverFlightRecords13++;
        this.serverFlight13 = true;
        this.lastServerFlightTime = time;
        this.logRecord(state, record, 'handshake', 'encrypted', 'encrypted', time);
        return;
      }
      if (state.dir === 'c2s' && this.serverFlight13 && !this.clientFinished13) {
        this.clientFinished13 = true;
        this.handshakeDone = true;
        this.firstFinished = this.lastServerFlightTime;
        this.lastFinished = time;
        this.logRecord(state, record, 'handshake', 'encrypted', 'encrypted', time);
        return;
      }
    }
    state.noteApplicationData(record.length, startTime);
    // the message of the latest record is made when read: keep what it is made from, not the bytes (decrypting sessions hold them)
    if (this.log.keeps) {
      const kept: TlsRecord = record.payload ? { ...record, payload: null } : record;
      const keptDec: Decrypted | null = dec ? { ...dec, record: kept } : null;
      this.log.addApplicationData(state.dir, () => this.recordMessage(state, kept, 'application_data', CT.CT_APPLICATION_DATA, 'application_data', time, keptDec));
    }
    if (this.tls13 && this.c2s.appRecords > 0 && this.s2c.appRecords > 0) this.handshakeDone = true;
  }

  // ---------------------------------------------------------------- handshake

  /** A message put together by a direction's handshake reassembler. */
  onHandshake(state: DirectionState, msg: HandshakeMessage): void {
    const last = lastOf(msg.spans);
    const time = last?.time ?? this.lastFrame?.time ?? 0;
    const frame = last?.frame ?? null;
    state.listHandshake(msg.type);
    // a TLS 1.3 handshake record travels as application data (23); decrypted, its messages are handshake
    // null when nothing will read the list (the table): the message is not built, its details not worked out
    const m = this.log.keeps ? this.message(state.dir, 'handshake', msg.type, CT.handshakeTypeName(msg.type), this.currentDecrypted?.record.contentType ?? CT.CT_HANDSHAKE, msg.spans, msg.spansTruncated, time, msg.length, msg.recordVersion, msg.streamOffset) : null;
    if (m) {
      if (msg.recordCount > 1) m.recordCount = msg.recordCount;
      if (this.currentDecrypted) markDecrypted(m, this.currentDecrypted);
      this.log.add(m);
    }
    this.decryption?.handshakeMessage(state.dir, msg.type, msg.body);
    const body = msg.body;
    if (!body) {
      if (m) m.detail = { skipped: true };
      return;
    }
    if (msg.type === CT.HS_CLIENT_KEY_EXCHANGE) this.decryption?.clientKeyExchange(body);
    switch (msg.type) {
      case CT.HS_CLIENT_HELLO: {
        if (this.opts.tableFactsOnly && !this.decryption) {
          // nobody reads this hello (the log discards its message): the facts the analysis needs
          const facts = clientHelloFacts(body);
          if (facts.malformed) this.anomaly('tls.malformed-client-hello', 'ClientHello fields run past its end', 'warning', this.lastFrame ?? undefined);
          this.firstHello ??= { sni: facts.sni, offersTls13: facts.offersTls13 };
          return;
        }
        const hello = parseClientHelloFields(body, { frame, time });
        if (hello.malformed) this.anomaly('tls.malformed-client-hello', 'ClientHello fields run past its end', 'warning', this.lastFrame ?? undefined);
        this.keepClientHello(hello);
        this.decryption?.clientHello(hello);
        if (m) m.detail = { sni: hello.sni, cipherSuites: hello.cipherSuites.length, extensions: hello.extensions.length };
        return;
      }
      case CT.HS_SERVER_HELLO: {
        if (this.opts.tableFactsOnly && !this.decryption) {
          const facts = serverHelloFacts(body);
          if (facts.malformed) this.anomaly('tls.malformed-server-hello', 'ServerHello fields run past its end', 'warning', this.lastFrame ?? undefined);
          if (facts.helloRetryRequest) this.tls13 = true;
          else this.chooseVersion(facts.supportedVersion ?? facts.legacyVersion);
          return;
        }
        const hello = parseServerHello(body, { frame, time });
        if (hello.malformed) this.anomaly('tls.malformed-server-hello', 'ServerHello fields run past its end', 'warning', this.lastFrame ?? undefined);
        if (this.serverHellos.length < MAX_HELLOS) this.serverHellos.push(hello);
        if (hello.helloRetryRequest) {
          if (m) m.name = 'hello_retry_request';
          this.tls13 = true;
        } else {
          if (!this.negotiated) {
            this.negotiated = hello;
            this.chooseVersion(hello.supportedVersion ?? parseInt(hello.legacyVersion, 16));
          }
          // every ServerHello, a renegotiation's too: it names the keys the next CCS switches to
          this.decryption?.serverHello(hello);
        }
        if (m) m.detail = { cipherSuite: hello.cipherSuiteHex, cipherSuiteName: hello.cipherSuiteName, helloRetryRequest: hello.helloRetryRequest };
        return;
      }
      case CT.HS_CERTIFICATE: {
        const list = parseCertificateList(body, this.tls13, !this.opts.tableFactsOnly);
        if (list.malformed) this.anomaly('tls.malformed-certificate', 'Certificate message is malformed', 'warning', this.lastFrame ?? undefined);
        if (list.dropped) this.anomaly('tls.certificates-capped', `${list.dropped} certificates beyond the limits were not kept`, 'info', this.lastFrame ?? undefined);
        if (state.certificates === null) {
          state.certificates = list.certificates;
          state.certificateTime = time;
          state.certificatesDropped = list.dropped;
          this.cache = null;
        }
        if (m) m.detail = { count: list.kept + list.dropped };
        return;
      }
      case CT.HS_SERVER_KEY_EXCHANGE: {
        if (this.opts.tableFactsOnly) return; // only the summary shows it
        const suite = this.negotiated?.cipherSuite ?? null;
        const kx = suite === null ? null : suiteParts(suite).keyExchange;
        const ske = parseServerKeyExchange(body, kx, parseInt(this.negotiated?.legacyVersion ?? '0x0303', 16));
        if (!this.serverKeyExchange) this.serverKeyExchange = ske;
        if (m) m.detail = { ...ske };
        return;
      }
      case CT.HS_FINISHED:
        // a readable Finished: NULL cipher, or decrypted upstream
        if (!state.finished) {
          state.finished = true;
          state.finishedTime = time;
          this.noteFinished(time);
          if (this.c2s.finished && this.s2c.finished) this.handshakeDone = true;
        }
        if (this.tls13) {
          // what the keyless rules infer from record order, now known: keeps them consistent if one side stops decrypting
          if (state.dir === 's2c') {
            this.serverFlight13 = true;
            this.lastServerFlightTime ??= time;
          } else this.clientFinished13 = true;
        }
        if (m) m.detail = describeHandshakeBody(msg.type, body, this.tls13);
        return;
      default: {
        if (!m) return;
        const detail = describeHandshakeBody(msg.type, body, this.tls13);
        if (detail) m.detail = detail;
      }
    }
  }

  // ------------------------------------------------------------------ summary

  /** The two facts the CLI's table shows, without building the summary (no certificate validation). */
  tableFacts(): TableTlsFacts | null {
    if (!this.detected) return null;
    const versionNumber = this.chosenVersion;
    return { versionName: versionNumber === null ? null : versionName(versionNumber), sni: this.firstHello?.sni ?? null };
  }

  summary(ctx: SummaryContext = {}): TlsSummary | null {
    if (this.opts.tableFactsOnly) throw new Error('this TLS analysis kept the table facts only');
    if (!this.detected) return null;
    for (const hello of this.clientHellos) withShownFields(hello);
    const ch = this.clientHellos[0] ?? null;
    const sh = this.negotiated;
    const hrr = this.serverHellos.find((h) => h.helloRetryRequest) ?? null;
    const versionNumber = this.chosenVersion;
    const keyShareGroup = sh?.keyShareGroup ?? hrr?.keyShareGroup ?? null;
    const suite = sh?.cipherSuite ?? null;
    const parts = suite === null ? null : suiteParts(suite);
    const keyExchange = keyExchangeOf(suite, this.tls13, sh?.keyShareGroup ?? null, sh?.pskSelectedIdentity != null);

    let group: string | null = null;
    if (this.tls13 && keyShareGroup !== null) group = groupName(keyShareGroup);
    else if (this.serverKeyExchange?.namedCurve != null) group = groupName(this.serverKeyExchange.namedCurve);

    const certs = this.certificateSummary(ch?.sni ?? null);
    // a decrypted last record was read, not guessed at
    const last = (d: DirectionState) => (d.lastRecord?.decrypted ? null : d.lastRecord);
    const alerts = inferCloseNotify(this.alerts, { c2s: last(this.c2s), s2c: last(this.s2c) }, { tls13: this.tls13 && !!sh, cipherSuite: suite, handshakeComplete: this.handshakeDone });
    const closeNotify = { ...this.closeNotify };
    for (const a of alerts) if (a.inferred && closeNotify[a.dir] === null) closeNotify[a.dir] = a.time;

    return {
      version: versionNumber === null ? null : hex4(versionNumber),
      versionName: versionNumber === null ? null : versionName(versionNumber),
      versionSource: sh ? (sh.supportedVersion !== null ? 'server_hello.supported_versions' : 'server_hello.version') : null,
      cipherSuite: suite === null ? null : hex4(suite),
      cipherSuiteName: sh?.cipherSuiteName ?? null,
      sni: ch?.sni ?? null,
      alpnOffered: ch?.alpn ?? [],
      alpnSelected: sh?.alpn ?? null,
      keyExchange,
      authentication: this.tls13 ? null : (parts?.authentication ?? null),
      group,
      resumed: this.resumption(ch, sh),
      handshakeComplete: this.handshakeDone,
      helloRetryRequest: hrr !== null,
      ja3: ch?.ja3 ?? null,
      ja3Full: ch?.ja3Full ?? null,
      ja3s: sh?.ja3s ?? null,
      ja3sFull: sh?.ja3sFull ?? null,
      ja4: ch?.ja4 ?? null,
      ja4Raw: ch?.ja4Raw ?? null,
      certificates: certs.certificates,
      clientCertificates: certs.clientCertificates,
      validation: certs.validation,
      alerts,
      timings: this.timings(ctx, closeNotify),
      records: { c2s: [...this.c2s.records], s2c: [...this.s2c.records] },
      recordsTruncated: { c2s: this.c2s.recordsTruncated, s2c: this.s2c.recordsTruncated },
      recordCounts: { c2s: { ...this.c2s.recordCounts }, s2c: { ...this.s2c.recordCounts } },
      recordVersions: { c2s: [...this.c2s.recordVersions], s2c: [...this.s2c.recordVersions] },
      handshakeTypes: { c2s: [...this.c2s.handshakeTypes], s2c: [...this.s2c.handshakeTypes] },
      messages: this.log.snapshot(),
      messagesTruncated: this.log.truncated,
      clientHellos: [...this.clientHellos],
      serverHellos: [...this.serverHellos],
      appData: { c2s: { records: this.c2s.appRecords, bytes: this.c2s.appBytes }, s2c: { records: this.s2c.appRecords, bytes: this.s2c.appBytes } },
      anomalies: [...this.anomalies],
      anomalyCount: this.anomalyCount,
      incompleteRecords: { c2s: this.c2s.incompleteRecords, s2c: this.s2c.incompleteRecords },
      startOffset: { c2s: this.c2s.layer.startOffset, s2c: this.s2c.layer.startOffset },
      plaintextBytes: { c2s: this.c2s.layer.plaintextBytes, s2c: this.s2c.layer.plaintextBytes },
      decryption: this.decryption && this.opts.decryption!.keys.active ? this.decryption.summary() : null,
    };
  }

  /**
   * TLS 1.3: the server accepted a PSK. TLS ≤1.2: an abbreviated handshake (the server goes
   * from ServerHello to ChangeCipherSpec without ServerHelloDone); by session id when the
   * server echoed the client's, else by ticket — the rule tshark-based truth uses — except that
   * a ClientHello offering a non-empty ticket resumes by ticket even when the server echoes the
   * session id: RFC 5077 §3.4 has the client send an id with its ticket (OpenSSL does) and the
   * server echo it to signal that it accepted the ticket.
   */
  private resumption(ch: ClientHelloInfo | null, sh: ServerHelloInfo | null): TlsSummary['resumed'] {
    if (!sh || !ch) return false;
    if (this.tls13) return sh.pskSelectedIdentity !== null ? 'psk' : false;
    const server = this.s2c;
    const abbreviated = !server.handshakeTypes.includes(CT.HS_SERVER_HELLO_DONE) && (server.recordCounts[String(CT.CT_CHANGE_CIPHER_SPEC)] ?? 0) > 0;
    if (!abbreviated) return false;
    if ((ch.sessionTicketLength ?? 0) > 0) return 'ticket';
    return sh.sessionId !== '' && sh.sessionId === ch.sessionId ? 'session-id' : 'ticket';
  }

  private certificateSummary(sni: string | null): { certificates: CertificateEntry[]; clientCertificates: CertificateEntry[]; validation: ChainValidation | null } {
    const key = `${this.s2c.certificates?.length ?? -1}/${this.c2s.certificates?.length ?? -1}/${sni}`;
    if (this.cache && this.cache.key === key) return this.cache;
    const serverChain = this.s2c.certificates ?? [];
    const result = {
      key,
      certificates: serverChain.map(certificateEntry),
      clientCertificates: (this.c2s.certificates ?? []).map(certificateEntry),
      validation: this.s2c.certificates ? validateServerChain(serverChain, sni, this.s2c.certificateTime, this.opts.extraTrustedRoots) : null,
    };
    this.cache = result;
    return result;
  }

  private timings(ctx: SummaryContext, closeNotify: { c2s: number | null; s2c: number | null }): TlsTimings {
    const clientHello = this.clientHellos[0]?.time ?? null;
    const serverHello = this.negotiated?.time ?? null;
    const ms = (t: number | null): number | null => (t === null || clientHello === null ? null : round3((t - clientHello) * 1000));
    const lastFinished = this.handshakeDone ? (this.lastFinished ?? this.firstFinished) : null;
    return {
      clientHelloToServerHelloMs: ms(serverHello),
      clientHelloToFirstFinishedMs: ms(this.firstFinished),
      handshakeMs: ms(lastFinished),
      firstAppDataC2sMs: ms(this.c2s.firstAppTime),
      firstAppDataS2cMs: ms(this.s2c.firstAppTime),
      tcpStart: ctx.tcpStart ?? null,
      clientHello,
      serverHello,
      firstFinished: this.firstFinished,
      lastFinished,
      firstAppDataC2s: this.c2s.firstAppTime,
      firstAppDataS2c: this.s2c.firstAppTime,
      closeNotifyC2s: closeNotify.c2s,
      closeNotifyS2c: closeNotify.s2c,
      finC2s: ctx.finFromClient ?? null,
      finS2c: ctx.finFromServer ?? null,
      rst: ctx.rstTime ?? null,
    };
  }
}

function markDecrypted(m: TlsMessage, dec: Decrypted): void {
  m.decrypted = true;
  if (dec.innerType !== null) m.innerType = dec.innerType;
}

/** Plaintext alerts come in 2-byte pairs of a known level and description; anything else is ciphertext. */
function looksLikePlaintextAlerts(payload: Uint8Array | null): boolean {
  if (!payload || payload.length === 0 || payload.length % 2 !== 0) return false;
  for (let i = 0; i < payload.length; i += 2) if (!isKnownAlert(payload[i], payload[i + 1])) return false;
  return true;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
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
