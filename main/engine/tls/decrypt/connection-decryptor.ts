/**
 * Decryption state of one TLS connection: which keys protect each direction's next record
 * and when that changes. The connection analyzer reports the handshake facts (hellos,
 * ChangeCipherSpec, Finished, KeyUpdate) and hands over each protected record; this
 * class finds the secrets, derives keys lazily (a connection that never needs them costs
 * nothing), counts, and keeps only the first bytes of application data.
 *
 * Key epochs per direction: TLS ≤1.2 switches at each ChangeCipherSpec to the session
 * negotiated by the latest hellos (renegotiation included). TLS 1.3 uses handshake keys
 * from the ServerHello on, application keys after that direction's Finished, and the next
 * generation after each KeyUpdate; every switch takes effect at the following record and
 * restarts the sequence number.
 */

import type { Direction } from '../../tcp/stream-sink';
import type { ClientHelloInfo, DecryptionSummary, ServerHelloInfo } from '../../../../contract/report/tls-summary';
import { MAX_LISTED_RECORDS } from '../direction-state';
import { isTls13Family } from '../../../../contract/names/versions';
import * as CT from '../../../../contract/names/handshake-types';
import { FirstBytes, detectAppProtocol, escapeBytes } from './app-data';
import { fromHex } from './kdf';
import type { KeySource, KeyStore } from './key-store';
import { TLS_1_0, TLS_1_2, nextTrafficSecret, tls12Decryptor, tls12KeyBlock, tls13Decryptor, type Tls12Session } from './key-schedule';
import type { RecordDecryptor, RecordProtection } from './record-cipher';
import type { OpenedRecord } from '../../../../contract/report/tls-summary';
import { cipherSpec, type CipherSpec } from './suites';
import { findSecrets, type FoundSecrets, type SessionFacts } from './session-secrets';
import { KeyExchangeBytes, type FinishedKeys, type MessagePlace } from './key-schedule-record';
import { buildKeySchedule, type ScheduleParts } from './key-schedule-view';
import { suiteParts } from '../cipher-suite-info';
import { cipherSuiteName } from '../../../../contract/names/cipher-suites';
import { MAX_COMPRESSED_STREAM, RecordInflater } from './record-inflater';

export interface DecryptionOptions {
  keys: KeyStore;
  /** sees every decrypted plaintext (content type after decryption); nothing is kept by the engine */
  onPlaintext?: (dir: Direction, contentType: number, plaintext: Uint8Array) => void;
  /**
   * Sees every opened record with how it was protected (the detail view of one connection asks
   * for these; the report never holds them). Decrypted data is hostile: show it as text.
   */
  onRecordOpened?: (record: OpenedRecord) => void;
}

export type DecryptOutcome =
  /** not protected: handle as before */
  | { kind: 'clear' }
  /** protected, and we cannot (or can no longer) decrypt it: handle as without keys */
  | { kind: 'opaque' }
  /** protected, keys unknown yet but may still arrive: hold the record */
  | { kind: 'wait' }
  | { kind: 'opened'; contentType: number; plaintext: Uint8Array; offset: number; innerType: number | null; protection: RecordProtection };

type Epoch = 'plain' | 'tls12' | 'handshake' | 'application';

export interface Negotiated extends SessionFacts {
  suite: number;
  encryptThenMac: boolean;
  /** TLS 1.3: the server accepted a PSK (the early secret is not the keyless one) */
  pskAccepted: boolean;
  /** the ServerHello's compression method (1: DEFLATE) */
  compressionMethod: number;
  /** the handshake that negotiated it: randoms, key exchange bytes, Finished checks */
  exchange: KeyExchangeBytes;
}

/** sessions of one connection whose key schedule is kept (renegotiations beyond are decrypted, not shown) */
const MAX_SCHEDULES = 8;

interface DirState {
  epoch: Epoch;
  /** TLS ≤1.2: the session the last ChangeCipherSpec switched to */
  session: Negotiated | null;
  /** TLS 1.3 application epoch: KeyUpdates applied */
  generation: number;
  cipher: RecordDecryptor | null;
  secret: Uint8Array | null;
  /** key change taking effect at the next protected record */
  pending: 'application' | 'update' | null;
  failed: boolean;
  /** records decrypted in the current epoch */
  epochRecords: number;
  innerTypes: number[];
  firstApp: FirstBytes;
  /** DEFLATE-compressed session: decrypted content is inflated here */
  inflater: RecordInflater | null;
}

const CLIENT_SECRET = { handshake: 'clientHandshake', application: 'clientTraffic0' } as const;
const SERVER_SECRET = { handshake: 'serverHandshake', application: 'serverTraffic0' } as const;

export class ConnectionDecryptor {
  private readonly dirs: Record<Direction, DirState> = { c2s: newDir(), s2c: newDir() };
  /** the current handshake's randoms, key exchange bytes and transcript: what the key schedule and the Finished check show */
  private exchange = new KeyExchangeBytes((dir) => this.finishedKeys(dir));
  private next: Negotiated = { clientRandom: '', serverRandom: '', sessionId: '', suite: -1, version: 0, tls13: false, encryptThenMac: false, extendedMasterSecret: false, rsaKeyExchange: false, encryptedPms: null, encryptedPmsBytes: null, sessionHash: null, prfHash: null, pskAccepted: false, compressionMethod: 0, exchange: this.exchange };
  /** secrets found per session (found once: lookups happen per record, and pre-master secrets are derived) */
  private readonly found = new WeakMap<Negotiated, FoundSecrets>();
  private readonly keyBlocks = new WeakMap<Negotiated, { client: RecordDecryptor; server: RecordDecryptor }>();
  /** what the key schedule of each session that decrypted is shown from (a renegotiation adds one) */
  private readonly schedules: ScheduleParts[] = [];
  private earlyDataOffered = false;
  private source: KeySource | null = null;
  private unsupported: string | null = null;
  /** the cipher (by its suite-name part: RC4_128, DES_CBC, IDEA_CBC …) keys were found for but cannot be used with */
  private undecryptable: string | null = null;
  private gaveUpWaiting = false;
  decryptedRecords = 0;
  failedRecords = 0;

  constructor(
    private readonly opts: DecryptionOptions,
    private readonly anomaly: (code: string, message: string, severity: 'info' | 'warning') => void,
  ) {}

  // ------------------------------------------------------------ handshake facts

  clientHello(hello: ClientHelloInfo): void {
    if (hello.sslv2) return;
    this.next = { ...this.next, clientRandom: hello.random };
    this.earlyDataOffered = hello.earlyData;
  }

  /**
   * An SSLv2-format ClientHello (RFC 5246 Appendix E.2): its challenge, right-aligned and
   * zero-padded to 32 bytes, is the client random the key log knows; the message after the
   * 2-byte record header starts the handshake hash.
   */
  sslv2ClientHello(hello: ClientHelloInfo, message: Uint8Array): void {
    this.exchange = new KeyExchangeBytes((d) => this.finishedKeys(d));
    this.exchange.sslv2ClientHello(message, hello.random);
    this.next = { ...this.next, clientRandom: hello.random.slice(-64).padStart(64, '0'), exchange: this.exchange };
    this.earlyDataOffered = false;
  }

  serverHello(hello: ServerHelloInfo): void {
    const version = hello.supportedVersion ?? parseInt(hello.legacyVersion, 16);
    const tls13 = isTls13Family(version);
    const prfHash = version >= TLS_1_2 ? (cipherSpec(hello.cipherSuite)?.prfHash ?? 'sha256') : null;
    const rsaKeyExchange = suiteParts(hello.cipherSuite).keyExchange === 'RSA';
    this.next = { ...this.next, exchange: this.exchange, serverRandom: hello.random, sessionId: hello.sessionId, suite: hello.cipherSuite, version, tls13, encryptThenMac: hello.encryptThenMac, extendedMasterSecret: hello.extendedMasterSecret, rsaKeyExchange, encryptedPms: null, encryptedPmsBytes: null, sessionHash: null, prfHash, pskAccepted: hello.pskSelectedIdentity != null, compressionMethod: hello.compressionMethod };
    if (!tls13) return;
    for (const dir of ['c2s', 's2c'] as const) this.switchTo(dir, 'handshake', this.next);
  }

  /** RSA key exchange: the encrypted pre-master secret is what `RSA <prefix> <pms>` lines are keyed by. */
  clientKeyExchange(body: Uint8Array): void {
    if (body.length < 10) return;
    // TLS puts a 2-byte length before the encrypted value; SSL 3.0 does not (RFC 6101 §5.6.7.1)
    const prefixed = ((body[0] << 8) | body[1]) === body.length - 2;
    const sessionHash = this.exchange.sessionHash(this.next.prfHash);
    this.next = { ...this.next, encryptedPms: Buffer.from(body.subarray(2, 10)).toString('hex'), encryptedPmsBytes: prefixed ? body.subarray(2) : body, sessionHash };
  }

  /** TLS ≤1.2: records after this are protected with the session just negotiated. */
  changeCipherSpec(dir: Direction): void {
    this.switchTo(dir, 'tls12', this.next);
  }

  /** A decrypted or clear handshake message: TLS 1.3 key changes follow Finished and KeyUpdate. */
  handshakeMessage(dir: Direction, type: number, body: Uint8Array | null, place?: MessagePlace, frame: number | null = null): void {
    // a renegotiation starts a handshake of its own; the ClientHello after a HelloRetryRequest does not
    if (type === CT.HS_CLIENT_HELLO && this.exchange.started && !this.exchange.awaitsSecondClientHello) this.exchange = new KeyExchangeBytes((d) => this.finishedKeys(d));
    this.exchange.message(dir, type, body, place, frame);
    const d = this.dirs[dir];
    if (d.epoch === 'handshake' && type === CT.HS_FINISHED) d.pending = 'application';
    else if (d.epoch === 'application' && type === CT.HS_KEY_UPDATE) d.pending = 'update';
  }

  // ------------------------------------------------------------------ records

  /** Should record payloads of application-data type be kept for decryption in this direction? */
  wantsPayload(dir: Direction): boolean {
    const d = this.dirs[dir];
    if (d.epoch === 'plain' || d.failed || this.unsupported) return false;
    return d.cipher !== null || this.secretsAvailable(dir) || (this.opts.keys.mayGrow && !this.gaveUpWaiting);
  }

  /** The connection stopped waiting for late keys: from now on missing keys mean "cannot decrypt". */
  stopWaiting(): void {
    this.gaveUpWaiting = true;
  }

  /** Lookup keys a waiting connection is woken by. */
  waitKeys(): string[] {
    const n = this.next;
    const keys = [n.clientRandom];
    if (n.sessionId) keys.push(`sid:${n.sessionId}`);
    if (n.encryptedPms) keys.push(`pms:${n.encryptedPms}`);
    return keys;
  }

  decrypt(dir: Direction, contentType: number, version: number, payload: Uint8Array | null, complete: boolean): DecryptOutcome {
    const d = this.dirs[dir];
    // a CCS is the last record under the old keys (itself protected in a renegotiation): nothing
    // after it uses them, so its one-byte content need not be opened
    if (d.epoch === 'plain' || contentType === CT.CT_CHANGE_CIPHER_SPEC) return { kind: 'clear' };
    // TLS 1.3 protects every record as application_data; other types are clear (a plaintext alert)
    if ((d.epoch === 'handshake' || d.epoch === 'application') && contentType !== CT.CT_APPLICATION_DATA) return { kind: 'clear' };
    if (d.pending) this.applyPending(d);
    if (d.failed || this.unsupported) return this.notDecrypted();
    if (!d.cipher && !this.buildCipher(dir)) {
      if (this.unsupported) return this.notDecrypted();
      return this.opts.keys.mayGrow && !this.gaveUpWaiting ? { kind: 'wait' } : { kind: 'opaque' };
    }
    // a record cut short by the capture, or damaged by a gap, cannot be authenticated
    if (!payload || !complete) return this.notDecrypted();
    const opened = d.cipher!.open(contentType, version, payload);
    if (!opened) {
      // 0-RTT data (keys not supported here) precedes the client's handshake records: not a key failure
      if (dir === 'c2s' && d.epoch === 'handshake' && this.earlyDataOffered && d.epochRecords === 0) return this.notDecrypted();
      d.failed = true;
      this.anomaly('tls.decrypt-failed', `${dir === 'c2s' ? 'client' : 'server'} records do not authenticate with the logged keys (wrong keys, or records missing from the capture); decryption stops in this direction`, 'warning');
      return this.notDecrypted();
    }
    d.epochRecords++;
    this.decryptedRecords++;
    const type = opened.innerType ?? contentType;
    if (opened.innerType !== null && d.innerTypes.length < MAX_LISTED_RECORDS) d.innerTypes.push(opened.innerType);
    let plaintext = opened.plaintext;
    if (d.inflater) {
      // TLS ≤1.2 with DEFLATE: what was decrypted is compressed (RFC 3749)
      const inflated = d.inflater.inflate(plaintext);
      if (!inflated) {
        this.anomaly('tls.decompress-failed', `${dir === 'c2s' ? 'client' : 'server'} records do not decompress (DEFLATE), or their stream passed ${MAX_COMPRESSED_STREAM} bytes; records from here are left compressed`, 'warning');
        d.inflater = null;
      } else plaintext = inflated;
    }
    if (type === CT.CT_APPLICATION_DATA) d.firstApp.add(plaintext);
    this.opts.onPlaintext?.(dir, type, plaintext);
    return { kind: 'opened', contentType: type, plaintext, offset: opened.offset, innerType: opened.innerType, protection: opened.protection };
  }

  private notDecrypted(): DecryptOutcome {
    this.failedRecords++;
    return { kind: 'opaque' };
  }

  // ------------------------------------------------------------------- keys

  private switchTo(dir: Direction, epoch: Epoch, session: Negotiated): void {
    const d = this.dirs[dir];
    // a new connection state starts a new compression stream (RFC 3749 §2)
    const inflater = epoch === 'tls12' && session.compressionMethod === 1 ? new RecordInflater() : null;
    Object.assign(d, { epoch, session, generation: 0, cipher: null, secret: null, pending: null, epochRecords: 0, inflater });
  }

  private applyPending(d: DirState): void {
    if (d.pending === 'application') {
      Object.assign(d, { epoch: 'application', generation: 0, cipher: null, secret: null, epochRecords: 0 });
    } else if (d.pending === 'update') {
      d.generation++;
      d.cipher = null;
      d.epochRecords = 0;
    }
    d.pending = null;
  }

  /** Which secrets exist for this session, and where they came from. */
  private lookup(session: Negotiated | null): FoundSecrets | null {
    if (!session) return null;
    const cached = this.found.get(session);
    if (cached) return cached;
    const found = findSecrets(this.opts.keys, session);
    if (found) this.found.set(session, found);
    return found;
  }

  /** The keys a direction's Finished is checked with: those its record was decrypted with. */
  private finishedKeys(dir: Direction): FinishedKeys | null {
    const d = this.dirs[dir];
    const session = d.session;
    const spec = session && cipherSpec(session.suite);
    const found = this.lookup(session);
    if (!session || !spec || !found) return null;
    if (d.epoch === 'handshake') {
      const secret = found.secrets[dir === 'c2s' ? 'clientHandshake' : 'serverHandshake'];
      return secret ? { tls13: true, hash: spec.prfHash, handshakeSecret: secret } : null;
    }
    if (d.epoch !== 'tls12' || !found.secrets.masterSecret) return null;
    return { tls13: false, version: session.version, prfHash: session.prfHash, masterSecret: found.secrets.masterSecret };
  }

  private secretsAvailable(dir: Direction): boolean {
    const d = this.dirs[dir];
    const found = this.lookup(d.session);
    if (!found) return false;
    if (d.epoch === 'tls12') return !!found.secrets.masterSecret;
    const names = dir === 'c2s' ? CLIENT_SECRET : SERVER_SECRET;
    return !!found.secrets[names[d.epoch as 'handshake' | 'application']];
  }

  private buildCipher(dir: Direction): boolean {
    const d = this.dirs[dir];
    const session = d.session!;
    const found = this.lookup(session);
    if (!found) return false;
    const spec = this.specFor(session);
    if (!spec) return false;
    if (d.epoch === 'tls12') {
      if (!found.secrets.masterSecret) return false;
      let pair = this.keyBlocks.get(session);
      if (!pair) {
        const s: Tls12Session = { spec, version: session.version, masterSecret: found.secrets.masterSecret, clientRandom: fromHex(session.clientRandom), serverRandom: fromHex(session.serverRandom), encryptThenMac: session.encryptThenMac };
        const block = tls12KeyBlock(s);
        pair = { client: tls12Decryptor(s, block.client), server: tls12Decryptor(s, block.server) };
        this.keyBlocks.set(session, pair);
        if (this.schedules.length < MAX_SCHEDULES) this.schedules.push({ kind: 'tls12', session, spec, found, block });
      }
      d.cipher = dir === 'c2s' ? pair.client : pair.server;
    } else {
      const names = dir === 'c2s' ? CLIENT_SECRET : SERVER_SECRET;
      let secret = found.secrets[names[d.epoch as 'handshake' | 'application']];
      if (!secret) return false;
      for (let i = 0; i < d.generation; i++) secret = nextTrafficSecret(spec, secret);
      d.secret = secret;
      d.cipher = tls13Decryptor(spec, secret);
      let parts = this.schedules.find((p) => p.session === session);
      if (!parts && this.schedules.length < MAX_SCHEDULES) this.schedules.push((parts = { kind: 'tls13', session, spec, found, generations: { c2s: 0, s2c: 0 } }));
      if (parts?.kind === 'tls13' && d.epoch === 'application') parts.generations[dir] = Math.max(parts.generations[dir], d.generation + 1);
    }
    this.source ??= found.source;
    return true;
  }

  /** The cipher of a session we hold keys for; null (reported once) when we cannot decrypt it. */
  private specFor(session: Negotiated): CipherSpec | null {
    const v = session.version;
    const spec = cipherSpec(session.suite);
    let why: string | null = null;
    if (!spec) {
      const cipher = missingCipher(session.suite);
      this.undecryptable = cipher;
      why = `cipher suite 0x${session.suite.toString(16).padStart(4, '0')} (${cipherSuiteName(session.suite)}) is not supported for decryption: ${cipher} ${cipher === 'unknown cipher' ? '' : 'is not available in this Node.js/OpenSSL build'}`.trimEnd();
    }
    else if (!session.tls13 && v < TLS_1_0) why = 'SSL 3.0 records are not decrypted';
    else if (session.tls13 && !(v === 0x0304 || (v >> 8 === 0x7f && (v & 0xff) >= 25) || v === 0xfb1a)) why = 'TLS 1.3 drafts before 25 protect records differently';
    if (why) {
      if (!this.unsupported) this.anomaly('tls.decrypt-unsupported', `keys were found but ${why}`, 'info');
      this.unsupported = why;
      return null;
    }
    return spec;
  }

  // ---------------------------------------------------------------- summary

  summary(): DecryptionSummary {
    const c2s = this.dirs.c2s.firstApp.bytes;
    const s2c = this.dirs.s2c.firstApp.bytes;
    // keys may exist for a connection that never needed them (the capture ended first)
    const found = this.source ?? (this.next.clientRandom ? (this.lookup(this.next)?.source ?? null) : null);
    return {
      keysFound: found !== null,
      source: found,
      decryptedRecords: this.decryptedRecords,
      failedRecords: this.failedRecords,
      innerTypes: { c2s: [...this.dirs.c2s.innerTypes], s2c: [...this.dirs.s2c.innerTypes] },
      appProtocol: detectAppProtocol(c2s, s2c),
      firstAppData: { c2s: escapeBytes(c2s), s2c: escapeBytes(s2c) },
      ...(this.undecryptable ? { undecryptableCipher: this.undecryptable } : {}),
      keySchedule: this.schedules.length ? buildKeySchedule(this.schedules[0]) : null,
      ...(this.schedules.length > 1 ? { renegotiatedKeySchedules: this.schedules.slice(1).map(buildKeySchedule) } : {}),
    };
  }
}

/** The cipher part of a suite's IANA name: "TLS_RSA_WITH_IDEA_CBC_SHA" → "IDEA_CBC". */
function missingCipher(suite: number): string {
  const m = /_WITH_(.+?)(?:_(?:SHA\d*|MD5))?$/.exec(cipherSuiteName(suite));
  return m ? m[1] : 'unknown cipher';
}

function newDir(): DirState {
  return { epoch: 'plain', session: null, generation: 0, cipher: null, secret: null, pending: null, failed: false, epochRecords: 0, innerTypes: [], firstApp: new FirstBytes(), inflater: null };
}
