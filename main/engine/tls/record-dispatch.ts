/**
 * Dispatches each complete record of a connection (clear, or decrypted upstream) by its
 * content type: ChangeCipherSpec switches a direction to protected records, alerts and
 * heartbeats are read when in clear, handshake records go to the handshake reader, and
 * application data is counted. Without keys, which records are protected is inferred from
 * the handshake so far (TLS ≤1.2: after CCS; TLS 1.3: after the ServerHello).
 */

import type { ConnectionDecryptor } from './decrypt/connection-decryptor';
import type { DirectionState } from './direction-state';
import type { ConnectionAnomalies } from './connection-anomalies';
import type { HandshakeReader } from './handshake-reader';
import type { HandshakeState } from './handshake-state';
import type { MessageLog } from './message-log';
import type { TlsRecord } from './record-layer';
import type { AlertEntry, TlsMessage } from '../../../contract/report/tls-summary';
import { parseSslv2ClientHello } from './hello';
import { recordEntry, type Decrypted } from './message-entry';
import { ALERT_CLOSE_NOTIFY, alertDescriptionName, alertLevelName, isKnownAlert } from '../../../contract/names/alerts';
import * as CT from '../../../contract/names/handshake-types';
import { cipherSuiteName } from '../../../contract/names/cipher-suites';

const MAX_ALERTS = 256;
/** TLS 1.3 server flights are a handful of records (EncryptedExtensions … Finished, maybe tickets) */
const MAX_TLS13_SERVER_FLIGHT = 32;

export class RecordDispatcher {
  readonly alerts: AlertEntry[] = [];
  readonly closeNotify: { c2s: number | null; s2c: number | null } = { c2s: null, s2c: null };

  constructor(
    private readonly hs: HandshakeState,
    private readonly handshakes: HandshakeReader,
    private readonly log: MessageLog,
    private readonly anomalies: ConnectionAnomalies,
    private readonly decryption: ConnectionDecryptor | null,
  ) {}

  /** A record as framed (`dec` null), or its decrypted view. */
  dispatch(state: DirectionState, record: TlsRecord, dec: Decrypted | null): void {
    if (!dec && state.cipherActive && !state.cipherActiveUnsure && record.complete) dec = this.readNullCipher(record);
    const time = record.last.time;
    const frame = record.last.frame;
    // the frame's own reference (its frame, time and offset never change): no object per record
    this.anomalies.latest = record.last;
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
    this.anomalies.atLatest('tls.unknown-content-type', `record with unknown content type ${type}`, 'warning');
    this.logRecord(state, record, 'unknown', type!, `unknown (${type})`, time, dec);
  }

  /**
   * A NULL-cipher suite (TLS_RSA_WITH_NULL_SHA256 …) protects records with a MAC only: without
   * keys the content is still there, before the MAC (RFC 5246 §6.2.3.1). Handshake and alert
   * records are read as such; application data needs nothing from us.
   */
  private readNullCipher(record: TlsRecord): Decrypted | null {
    const type = record.contentType;
    if ((type !== CT.CT_HANDSHAKE && type !== CT.CT_ALERT) || !record.payload || this.hs.tls13) return null;
    const suite = this.hs.negotiated?.cipherSuite;
    const mac = suite === undefined ? 0 : nullCipherMacLength(suite);
    if (mac === 0 || record.payload.length < mac) return null;
    return { record: { ...record, payload: record.payload.subarray(0, record.payload.length - mac) }, contentType: type, innerType: null };
  }

  /** Lists a record's message, unless nothing will read the list (then it is not even built). */
  private logRecord(state: DirectionState, record: TlsRecord, kind: TlsMessage['kind'], type: TlsMessage['type'], name: string, time: number, dec: Decrypted | null = null): void {
    if (this.log.keeps) this.log.add(recordEntry(state, record, kind, type, name, time, dec));
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
    const m = recordEntry(state, record, 'sslv2', msgType, CT.sslv2MessageName(msgType), time);
    if (msgType === 1 && record.complete) {
      const hello = parseSslv2ClientHello(payload, { frame: m.frames[m.frames.length - 1] ?? null, time });
      if (hello.malformed) this.anomalies.atLatest('tls.malformed-client-hello', 'SSLv2 ClientHello is malformed', 'warning');
      this.hs.keepClientHello(hello);
      this.decryption?.sslv2ClientHello(hello, payload);
    }
    this.log.add(m);
  }

  private onChangeCipherSpec(state: DirectionState, record: TlsRecord, time: number, dec: Decrypted | null): void {
    this.logRecord(state, record, 'change_cipher_spec', CT.CT_CHANGE_CIPHER_SPEC, 'change_cipher_spec', time, dec);
    if (this.hs.tls13) return; // TLS 1.3 middlebox-compatibility CCS: changes nothing
    if (state.dir === 'c2s' && this.hs.chosenVersion === null && this.hs.clientOffersTls13) {
      // a TLS 1.3 compatibility CCS (RFC 8446 §D.4), or a TLS ≤1.2 one whose ServerHello the
      // capture missed: what follows tells them apart (see onHandshakeRecord)
      state.cipherActive = true;
      state.cipherActiveUnsure = true;
      return;
    }
    if (state.reassembler.incomplete) state.reassembler.reset('ChangeCipherSpec arrived inside a handshake message');
    state.cipherActive = true;
    state.cipherActiveUnsure = false;
    this.decryption?.changeCipherSpec(state.dir);
  }

  private onAlert(state: DirectionState, record: TlsRecord, time: number, frame: number, dec: Decrypted | null): void {
    const payload = record.payload;
    // after CCS (or TLS 1.3 keys) alerts are encrypted; a 2-byte alert can only be plaintext
    const encrypted = dec ? false : state.cipherActive || this.hs.tls13Chosen ? record.length !== 2 : !looksLikePlaintextAlerts(payload);
    if (encrypted || !payload) {
      const alertIndex = this.pushAlert({ dir: state.dir, level: null, levelName: null, description: null, descriptionName: 'encrypted', encrypted: true, inferred: false, frame, time });
      state.lastRecord!.encryptedAlert = true;
      state.lastRecord!.alertIndex = alertIndex;
      this.logRecord(state, record, 'alert', 'encrypted', 'encrypted_alert', time);
      return;
    }
    if (payload.length % 2 !== 0 || payload.length === 0) {
      this.anomalies.atLatest('tls.malformed-alert', `alert record of ${payload.length} bytes`, 'warning');
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
        const m = recordEntry(state, record, 'alert', CT.CT_ALERT, descriptionName, time, dec);
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
    if ((!dec && (state.cipherActive || this.hs.tls13Chosen)) || !payload || payload.length < 3) {
      this.logRecord(state, record, 'heartbeat', 'encrypted', 'encrypted_heartbeat', time, dec);
      return;
    }
    const type = payload[0];
    const m = recordEntry(state, record, 'heartbeat', type, type === 1 ? 'heartbeat_request' : type === 2 ? 'heartbeat_response' : `heartbeat (${type})`, time, dec);
    const declared = (payload[1] << 8) | payload[2];
    m.detail = { payloadLength: declared };
    // Heartbleed: a request claiming more payload than the record carries
    if (type === 1 && declared + 3 + 16 > payload.length) {
      m.detail.overread = true;
      this.anomalies.atLatest('tls.heartbeat-overread', `heartbeat request claims ${declared} bytes in a ${payload.length}-byte record`, 'error');
    }
    this.log.add(m);
  }

  private onHandshakeRecord(state: DirectionState, record: TlsRecord, time: number, dec: Decrypted | null): void {
    // after a compatibility CCS, TLS 1.3 sends only a second ClientHello in clear (after a HelloRetryRequest)
    if (state.cipherActiveUnsure && (this.hs.tls13 || isWholeClientHello(record.payload))) state.cipherActive = state.cipherActiveUnsure = false;
    if (state.cipherActive && !dec) {
      // TLS ≤1.2 after CCS: one opaque entry per record, whatever its first bytes look like
      state.listHandshake('encrypted');
      this.logRecord(state, record, 'handshake', 'encrypted', 'encrypted', time);
      this.hs.directionFinished(state, time);
      return;
    }
    if (record.damaged || !record.payload) {
      state.reassembler.reset('bytes of a handshake record were not captured');
      return;
    }
    this.handshakes.push(state, record, dec);
  }

  private onApplicationData(state: DirectionState, record: TlsRecord, time: number, startTime: number, dec: Decrypted | null): void {
    const hs = this.hs;
    // without keys, the first TLS 1.3 records after the ServerHello are taken for the encrypted handshake
    if (hs.tls13Chosen && !dec) {
      if (state.dir === 's2c' && !hs.clientFinished13 && hs.serverFlightRecords13 < MAX_TLS13_SERVER_FLIGHT) {
        // without the client's side (or its Finished) the flight cannot be bounded by it: cap it
        hs.serverFlightRecords13++;
        hs.serverFlight13 = true;
        hs.lastServerFlightTime = time;
        this.logRecord(state, record, 'handshake', 'encrypted', 'encrypted', time);
        return;
      }
      if (state.dir === 'c2s' && hs.serverFlight13 && !hs.clientFinished13) {
        hs.clientFinished13 = true;
        hs.handshakeDone = true;
        hs.firstFinished = hs.lastServerFlightTime;
        hs.lastFinished = time;
        this.logRecord(state, record, 'handshake', 'encrypted', 'encrypted', time);
        return;
      }
    }
    state.noteApplicationData(record.length, startTime);
    // the message of the latest record is made when read: keep what it is made from, not the bytes (decrypting sessions hold them)
    if (this.log.keeps) {
      const kept: TlsRecord = record.payload ? { ...record, payload: null } : record;
      const keptDec: Decrypted | null = dec ? { ...dec, record: kept } : null;
      this.log.addApplicationData(state.dir, () => recordEntry(state, kept, 'application_data', CT.CT_APPLICATION_DATA, 'application_data', time, keptDec));
    }
    if (hs.tls13 && hs.c2s.appRecords > 0 && hs.s2c.appRecords > 0) hs.handshakeDone = true;
  }
}

const NULL_SUITE_MAC: Record<string, number> = { MD5: 16, SHA: 20, SHA256: 32, SHA384: 48 };

/** The MAC length of a NULL-encryption suite ("…_WITH_NULL_SHA256" → 32), 0 for any other. */
function nullCipherMacLength(suite: number): number {
  const m = /_WITH_NULL_(MD5|SHA|SHA256|SHA384)$/.exec(cipherSuiteName(suite));
  return m ? NULL_SUITE_MAC[m[1]] : 0;
}

/** A record holding exactly one ClientHello (RFC 8446 §4.1.2: it is never fragmented… in practice; a split one is taken for ciphertext). */
function isWholeClientHello(payload: Uint8Array | null): boolean {
  return payload !== null && payload.length >= 4 && payload[0] === CT.HS_CLIENT_HELLO && ((payload[1] << 16) | (payload[2] << 8) | payload[3]) === payload.length - 4;
}

/** Plaintext alerts come in 2-byte pairs of a known level and description; anything else is ciphertext. */
function looksLikePlaintextAlerts(payload: Uint8Array | null): boolean {
  if (!payload || payload.length === 0 || payload.length % 2 !== 0) return false;
  for (let i = 0; i < payload.length; i += 2) if (!isKnownAlert(payload[i], payload[i + 1])) return false;
  return true;
}
