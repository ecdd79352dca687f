/**
 * The key schedule made visible: for one decrypted connection, each value the keys were
 * derived from or derived into, with where it came from (a key-log line, bytes of a frame,
 * the server RSA key, or computed here from named inputs), and the Finished check — the
 * verify_data computed from these keys and the handshake transcript against the one
 * decrypted from the capture (RFC 5246 §7.4.9, RFC 8446 §4.4.4).
 */

import { createHmac } from 'node:crypto';
import type { ByteSpan } from '../spans';
import type { FinishedCheck, KeyValue, KeyValueSource, PreMasterSecret, TrafficKeys, Tls12DirectionKeys } from '../../../../contract/report/tls-summary';
import type { Direction } from '../../tcp/stream-sink';
import { groupName } from '../../../../contract/names/groups';
import { hex4 } from '../../../../contract/names/versions';
import { HASH_LENGTH, hkdfExpandLabel, tlsPrf, type HashName } from './kdf';
import { HandshakeTranscript } from './handshake-transcript';
import type { DirectionKeys } from './record-cipher';

export function hexOf(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function value(bytes: Uint8Array, source: KeyValueSource): KeyValue {
  return { hex: hexOf(bytes), source };
}

export function computed(bytes: Uint8Array, formula: string): KeyValue {
  return value(bytes, { kind: 'computed', formula });
}

/** Where a handshake message's body byte `at` (`length` bytes) lies in the capture file; null for a decrypted message. */
export interface MessagePlace {
  streamOffset: number;
  spans: readonly ByteSpan[];
  decrypted: boolean;
}

function captured(place: MessagePlace | undefined, at: number, length: number, field: string): KeyValueSource | null {
  if (!place || place.decrypted) return null;
  const stream = place.streamOffset + 4 + at;
  for (const s of place.spans) {
    if (stream >= s.streamOffset && stream < s.streamOffset + s.length) return { kind: 'capture', frame: s.frame, fileOffset: s.fileOffset + s.payloadOffset + (stream - s.streamOffset), length, field };
  }
  return null;
}

function fromCapture(bytes: Uint8Array, place: MessagePlace | undefined, at: number, field: string): KeyValue {
  return value(bytes, captured(place, at, bytes.length, field) ?? { kind: 'computed', formula: field });
}

const HS_CLIENT_HELLO = 1;
const HS_SERVER_HELLO = 2;
const HS_SERVER_KEY_EXCHANGE = 12;
const HS_CLIENT_KEY_EXCHANGE = 16;
const HS_FINISHED = 20;
const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** The keys a Finished is checked with. */
export type FinishedKeys =
  | { tls13: false; version: number; prfHash: 'sha256' | 'sha384' | null; masterSecret: Uint8Array }
  | { tls13: true; hash: HashName; handshakeSecret: Uint8Array };

/** What the handshake showed of the key exchange, as capture bytes. */
export class KeyExchangeBytes {
  clientRandom: KeyValue | null = null;
  serverRandom: KeyValue | null = null;
  /** RSA: the encrypted pre-master secret; (EC)DHE: the client's public value */
  clientKeyExchange: { body: Uint8Array; place: MessagePlace | undefined } | null = null;
  serverPublic: KeyValue | null = null;
  group: string | null = null;
  readonly transcript = new HandshakeTranscript();
  readonly finished: Record<Direction, FinishedCheck | null> = { c2s: null, s2c: null };
  /** the transcript hash at the ClientKeyExchange (RFC 7627 session hash), per candidate hash */
  private hashAtKeyExchange: Partial<Record<HashName | 'md5sha1', Uint8Array>> = {};

  constructor(private readonly keysFor: (dir: Direction) => FinishedKeys | null) {}

  /** A handshake message in protocol order (clear or decrypted). */
  message(dir: Direction, type: number, body: Uint8Array | null, place: MessagePlace | undefined, frame: number | null): void {
    if (type === HS_FINISHED && body && this.finished[dir] === null) this.checkFinished(dir, body, frame);
    if (type === HS_CLIENT_HELLO && body && body.length >= 34) {
      this.clientRandom = fromCapture(body.subarray(2, 34), place, 2, 'ClientHello.random');
    }
    if (type === HS_SERVER_HELLO && body && body.length >= 34) {
      const random = body.subarray(2, 34);
      if (hexOf(random) === HELLO_RETRY_RANDOM) {
        this.transcript.retried();
        this.retried = true;
      } else {
        this.serverRandom = fromCapture(random, place, 2, 'ServerHello.random');
        this.retried = false;
      }
    }
    if (type === HS_SERVER_KEY_EXCHANGE && body) this.serverKeyExchange(body, place);
    this.transcript.add(type, body);
    this.transcriptStarted = true;
    if (type === HS_CLIENT_KEY_EXCHANGE && body) {
      this.clientKeyExchange = { body, place };
      this.hashAtKeyExchange = {
        sha256: this.transcript.digest('sha256'),
        sha384: this.transcript.digest('sha384'),
        md5sha1: Buffer.concat([this.transcript.digest('md5'), this.transcript.digest('sha1')]),
      };
    }
  }

  private retried = false;

  /** An SSLv2-format ClientHello: its challenge is the client random; the whole message is hashed as is. */
  sslv2ClientHello(message: Uint8Array, challengeHex: string): void {
    this.clientRandom = value(Buffer.from(challengeHex.slice(-64).padStart(64, '0'), 'hex'), { kind: 'computed', formula: 'SSLv2 CLIENT-HELLO challenge, right-aligned in 32 bytes (RFC 5246 E.2)' });
    this.transcript.addRaw(message);
    this.transcriptStarted = true;
  }

  /** a message was added: a new ClientHello now starts another handshake */
  get started(): boolean {
    return this.clientRandom !== null || this.transcriptStarted;
  }

  /** a HelloRetryRequest came: the next ClientHello continues this handshake */
  get awaitsSecondClientHello(): boolean {
    return this.retried;
  }

  private transcriptStarted = false;

  /** RFC 7627 §3: the session hash up to and including the ClientKeyExchange. */
  sessionHash(prfHash: 'sha256' | 'sha384' | null): Uint8Array | null {
    return this.hashAtKeyExchange[prfHash ?? 'md5sha1'] ?? null;
  }

  /** ECDHE ServerKeyExchange (RFC 8422 §5.4): curve_type 3, named curve, public point. */
  private serverKeyExchange(body: Uint8Array, place: MessagePlace | undefined): void {
    if (body.length >= 4 && body[0] === 3) {
      const n = body[3];
      if (4 + n > body.length) return;
      this.group = groupName((body[1] << 8) | body[2]);
      this.serverPublic = fromCapture(body.subarray(4, 4 + n), place, 4, 'ServerKeyExchange.public');
    }
  }

  /** The pre-master secret as the capture shows it, for a key exchange named `kx`. */
  preMaster(kx: string | null, decrypted: KeyValue | null): PreMasterSecret | null {
    const cke = this.clientKeyExchange;
    if (!cke) return null;
    const body = cke.body;
    if (kx === 'RSA') {
      // TLS: a 2-byte length before the encrypted value; SSL 3.0: none (RFC 6101 §5.6.7.1)
      const prefixed = body.length >= 2 && ((body[0] << 8) | body[1]) === body.length - 2;
      const at = prefixed ? 2 : 0;
      const clientVersion = decrypted ? hex4(parseInt(decrypted.hex.slice(0, 4), 16)) : null;
      return { kind: 'rsa', encrypted: fromCapture(body.subarray(at), cke.place, at, 'ClientKeyExchange.encrypted_pre_master_secret'), decrypted, clientVersion };
    }
    if (kx?.startsWith('ECDHE') || kx?.startsWith('DHE')) {
      const ec = kx.startsWith('ECDHE');
      const lengthBytes = ec ? 1 : 2;
      const n = ec ? body[0] : (body[0] << 8) | body[1];
      const pub = body.length >= lengthBytes + n ? body.subarray(lengthBytes, lengthBytes + n) : null;
      return { kind: ec ? 'ecdhe' : 'dhe', group: ec ? this.group : null, clientPublic: pub ? fromCapture(pub, cke.place, lengthBytes, 'ClientKeyExchange.public') : null, serverPublic: this.serverPublic };
    }
    return null;
  }

  private checkFinished(dir: Direction, body: Uint8Array, frame: number | null): void {
    const keys = this.keysFor(dir);
    if (!keys || this.transcript.broken) return;
    let expected: Uint8Array;
    if (keys.tls13) {
      // RFC 8446 §4.4.4: HMAC(finished_key, Transcript-Hash(… up to this message))
      const finishedKey = hkdfExpandLabel(keys.hash, keys.handshakeSecret, 'finished', new Uint8Array(0), HASH_LENGTH[keys.hash]);
      expected = createHmac(keys.hash, finishedKey).update(this.transcript.digest(keys.hash)).digest();
    } else {
      // RFC 5246 §7.4.9; TLS 1.0/1.1 hash with MD5 ‖ SHA-1 (RFC 2246 §7.4.9)
      const label = dir === 'c2s' ? 'client finished' : 'server finished';
      const hash = keys.prfHash ? this.transcript.digest(keys.prfHash) : Buffer.concat([this.transcript.digest('md5'), this.transcript.digest('sha1')]);
      expected = tlsPrf(keys.prfHash, keys.masterSecret, label, hash, body.length);
    }
    this.finished[dir] = { computed: hexOf(expected), decrypted: hexOf(body), ok: Buffer.from(expected).equals(Buffer.from(body)), frame };
  }
}

/** A TLS ≤1.2 key block (already cut by tls12KeyBlock) as the report shows it (RFC 5246 §6.3: MAC keys, write keys, IVs, client first). */
export function splitKeyBlock(keys: { client: DirectionKeys; server: DirectionKeys }): { client: Tls12DirectionKeys; server: Tls12DirectionKeys } {
  const part = (b: Uint8Array, name: string): KeyValue | null => (b.length ? computed(b, `key_block[${name}]`) : null);
  return {
    client: { macKey: part(keys.client.macKey, 'client_write_MAC_key'), writeKey: part(keys.client.key, 'client_write_key'), iv: part(keys.client.iv, 'client_write_IV') },
    server: { macKey: part(keys.server.macKey, 'server_write_MAC_key'), writeKey: part(keys.server.key, 'server_write_key'), iv: part(keys.server.iv, 'server_write_IV') },
  };
}

/** A TLS 1.3 traffic secret with its key and IV (RFC 8446 §7.3). */
export function trafficKeys(secret: KeyValue, keys: DirectionKeys): TrafficKeys {
  return { secret, key: computed(keys.key, 'HKDF-Expand-Label(secret, "key", "", key_length)'), iv: computed(keys.iv, 'HKDF-Expand-Label(secret, "iv", "", 12)') };
}

/** Early Secret = HKDF-Extract(salt 0, IKM 0) when no PSK is used (RFC 8446 §7.1). */
export function earlySecretWithoutPsk(hash: HashName): Uint8Array {
  const zeros = new Uint8Array(HASH_LENGTH[hash]);
  return createHmac(hash, zeros).update(zeros).digest();
}
