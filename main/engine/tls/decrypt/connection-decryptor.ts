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

import { createHash } from 'node:crypto';
import type { Direction } from '../../tcp/stream-sink';
import type { ClientHelloInfo, DecryptionSummary, ServerHelloInfo } from '../../../../contract/report/tls-summary';
import { MAX_LISTED_RECORDS } from '../direction-state';
import { isTls13Family } from '../../../../contract/names/versions';
import * as CT from '../../../../contract/names/handshake-types';
import { FirstBytes, detectAppProtocol, escapeBytes } from './app-data';
import { fromHex, tlsPrf } from './kdf';
import { concatBytes } from '../../util/bytes';
import type { KeySource, KeyStore } from './key-store';
import type { SecretName } from './keylog';
import { TLS_1_0, TLS_1_2, nextTrafficSecret, tls12Decryptor, tls12KeyBlock, tls13Decryptor, type Tls12Session } from './key-schedule';
import type { RecordDecryptor } from './record-cipher';
import { cipherSpec, type CipherSpec } from './suites';

export interface DecryptionOptions {
  keys: KeyStore;
  /** sees every decrypted plaintext (content type after decryption); nothing is kept by the engine */
  onPlaintext?: (dir: Direction, contentType: number, plaintext: Uint8Array) => void;
}

export type DecryptOutcome =
  /** not protected: handle as before */
  | { kind: 'clear' }
  /** protected, and we cannot (or can no longer) decrypt it: handle as without keys */
  | { kind: 'opaque' }
  /** protected, keys unknown yet but may still arrive: hold the record */
  | { kind: 'wait' }
  | { kind: 'opened'; contentType: number; plaintext: Uint8Array; offset: number; innerType: number | null };

type Epoch = 'plain' | 'tls12' | 'handshake' | 'application';

interface Negotiated {
  clientRandom: string;
  serverRandom: string;
  sessionId: string;
  suite: number;
  version: number;
  tls13: boolean;
  encryptThenMac: boolean;
  extendedMasterSecret: boolean;
  /** first 8 bytes of an RSA ClientKeyExchange's encrypted pre-master secret */
  encryptedPms: string | null;
  /** handshake messages ClientHello … ClientKeyExchange: the extended master secret's session hash input */
  transcript: Uint8Array | null;
}

/** A transcript longer than this (huge certificate chains) is dropped: RSA key-log lines then cannot be used. */
const MAX_TRANSCRIPT = 1 << 20;

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
}

const CLIENT_SECRET = { handshake: 'clientHandshake', application: 'clientTraffic0' } as const;
const SERVER_SECRET = { handshake: 'serverHandshake', application: 'serverTraffic0' } as const;

export class ConnectionDecryptor {
  private readonly dirs: Record<Direction, DirState> = { c2s: newDir(), s2c: newDir() };
  private next: Negotiated = { clientRandom: '', serverRandom: '', sessionId: '', suite: -1, version: 0, tls13: false, encryptThenMac: false, extendedMasterSecret: false, encryptedPms: null, transcript: null };
  /** handshake bytes so far, kept only while RSA pre-master-secret lines may need them */
  private transcript: Uint8Array[] | null = null;
  private transcriptLength = 0;
  /** master secrets derived from RSA pre-master secrets (derived once: lookups happen per record) */
  private readonly fromPms = new WeakMap<Negotiated, { source: KeySource; secrets: { masterSecret: Uint8Array } }>();
  private readonly keyBlocks = new WeakMap<Negotiated, { client: RecordDecryptor; server: RecordDecryptor }>();
  private earlyDataOffered = false;
  private source: KeySource | null = null;
  private unsupported: string | null = null;
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

  serverHello(hello: ServerHelloInfo): void {
    const version = hello.supportedVersion ?? parseInt(hello.legacyVersion, 16);
    const tls13 = isTls13Family(version);
    this.next = { ...this.next, serverRandom: hello.random, sessionId: hello.sessionId, suite: hello.cipherSuite, version, tls13, encryptThenMac: hello.encryptThenMac, extendedMasterSecret: hello.extendedMasterSecret, encryptedPms: null, transcript: null };
    if (!tls13) return;
    for (const dir of ['c2s', 's2c'] as const) this.switchTo(dir, 'handshake', this.next);
  }

  /** RSA key exchange: the encrypted pre-master secret is what `RSA <prefix> <pms>` lines are keyed by. */
  clientKeyExchange(body: Uint8Array): void {
    const transcript = this.transcript ? concatBytes(...this.transcript) : null;
    this.transcript = null;
    if (body.length >= 10) this.next = { ...this.next, encryptedPms: Buffer.from(body.subarray(2, 10)).toString('hex'), transcript };
  }

  /** TLS ≤1.2: records after this are protected with the session just negotiated. */
  changeCipherSpec(dir: Direction): void {
    this.switchTo(dir, 'tls12', this.next);
  }

  /** A decrypted or clear handshake message: TLS 1.3 key changes follow Finished and KeyUpdate. */
  handshakeMessage(dir: Direction, type: number, body: Uint8Array | null): void {
    if (type === CT.HS_CLIENT_HELLO) {
      this.transcript = this.opts.keys.hasRsaPms ? [] : null;
      this.transcriptLength = 0;
    }
    if (this.transcript) {
      this.transcriptLength += 4 + (body?.length ?? 0);
      if (!body || this.transcriptLength > MAX_TRANSCRIPT) this.transcript = null;
      else this.transcript.push(Uint8Array.of(type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff), body);
    }
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
    if (type === CT.CT_APPLICATION_DATA) d.firstApp.add(opened.plaintext);
    this.opts.onPlaintext?.(dir, type, opened.plaintext);
    return { kind: 'opened', contentType: type, plaintext: opened.plaintext, offset: opened.offset, innerType: opened.innerType };
  }

  private notDecrypted(): DecryptOutcome {
    this.failedRecords++;
    return { kind: 'opaque' };
  }

  // ------------------------------------------------------------------- keys

  private switchTo(dir: Direction, epoch: Epoch, session: Negotiated): void {
    const d = this.dirs[dir];
    Object.assign(d, { epoch, session, generation: 0, cipher: null, secret: null, pending: null, epochRecords: 0 });
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

  /** Which secrets exist for this connection, and where they came from. */
  private lookup(session: Negotiated | null): { source: KeySource; secrets: Partial<Record<SecretName, Uint8Array>> } | null {
    if (!session) return null;
    const store = this.opts.keys;
    const byRandom = store.forClientRandom(session.clientRandom);
    if (byRandom) return { source: byRandom.source, secrets: byRandom };
    if (session.tls13) return null;
    const bySession = store.forSessionId(session.sessionId);
    if (bySession) return { source: bySession.source, secrets: { masterSecret: bySession.masterSecret } };
    const byPms = session.encryptedPms ? store.forEncryptedPms(session.encryptedPms) : undefined;
    if (!byPms) return null;
    const cached = this.fromPms.get(session);
    if (cached) return cached;
    const prfHash = session.version >= TLS_1_2 ? (cipherSpec(session.suite)?.prfHash ?? 'sha256') : null;
    const pms = byPms.preMasterSecret;
    let ms: Uint8Array;
    if (!session.extendedMasterSecret) {
      ms = tlsPrf(prfHash, pms, 'master secret', concatBytes(fromHex(session.clientRandom), fromHex(session.serverRandom)), 48); // RFC 5246 §8.1
    } else {
      if (!session.transcript) return null;
      // RFC 7627 §4: the seed is the hash of the handshake up to ClientKeyExchange (MD5 ‖ SHA-1 before TLS 1.2)
      const t = session.transcript;
      const sessionHash = prfHash ? createHash(prfHash).update(t).digest() : Buffer.concat([createHash('md5').update(t).digest(), createHash('sha1').update(t).digest()]);
      ms = tlsPrf(prfHash, pms, 'extended master secret', sessionHash, 48);
    }
    const found = { source: byPms.source, secrets: { masterSecret: ms } };
    this.fromPms.set(session, found);
    return found;
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
      }
      d.cipher = dir === 'c2s' ? pair.client : pair.server;
    } else {
      const names = dir === 'c2s' ? CLIENT_SECRET : SERVER_SECRET;
      let secret = found.secrets[names[d.epoch as 'handshake' | 'application']];
      if (!secret) return false;
      for (let i = 0; i < d.generation; i++) secret = nextTrafficSecret(spec, secret);
      d.secret = secret;
      d.cipher = tls13Decryptor(spec, secret);
    }
    this.source ??= found.source;
    return true;
  }

  /** The cipher of a session we hold keys for; null (reported once) when we cannot decrypt it. */
  private specFor(session: Negotiated): CipherSpec | null {
    const v = session.version;
    const spec = cipherSpec(session.suite);
    let why: string | null = null;
    if (!spec) why = `cipher suite 0x${session.suite.toString(16).padStart(4, '0')} is not supported for decryption`;
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
    };
  }
}

function newDir(): DirState {
  return { epoch: 'plain', session: null, generation: 0, cipher: null, secret: null, pending: null, failed: false, epochRecords: 0, innerTypes: [], firstApp: new FirstBytes() };
}
