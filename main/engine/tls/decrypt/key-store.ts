/**
 * Every secret of one analysis, from the key log file and from pcapng Decryption Secrets
 * Blocks, looked up by client random (or session id / encrypted pre-master secret for the
 * RSA forms). Also the rendezvous for connections whose encrypted records arrived before
 * their keys (a DSB written after the traffic it unlocks): they wait here, within a memory
 * budget and a capture-time window, and are woken when matching secrets arrive or told to
 * give up when the window passes or the capture ends (see PendingRecords).
 */

import type { KeyObject } from 'node:crypto';
import type { DecryptionSecrets } from '../../types';
import { parseKeyLog, type KeyLogCounts, type SecretName } from './keylog';
import { readRsaPrivateKey } from './rsa-premaster';

export type KeySource = 'keylog' | 'dsb';

/** pcapng DSB secrets type for an NSS key log ("TLSK") */
export const DSB_TLS_KEY_LOG = 0x544c534b;

export type ClientSecrets = Partial<Record<SecretName, Uint8Array>> & {
  source: KeySource;
  /** the key-log line (of its file, or of its DSB) each secret was read from */
  lines: Partial<Record<SecretName | 'exporter', number>>;
  /** EXPORTER_SECRET: decrypts nothing, shown in the key schedule */
  exporter?: Uint8Array;
};

/** A secret looked up by session id or encrypted pre-master secret, with the key-log line it came from. */
export interface LoggedSecret {
  source: KeySource;
  line: number;
}

/** All waiting connections together hold at most this many encrypted bytes. */
export const MAX_WAITING_BYTES = 32 * 1024 * 1024;
/** Keys logged by a capturing tool arrive within moments of the handshake; stop waiting after this much capture time. */
export const MAX_WAIT_SECONDS = 10;

export interface KeyWaiter {
  /** capture time after which the waiter gives up */
  readonly deadline: number;
  /** secrets for one of the waiter's lookup keys were added */
  wake(): void;
  /** no (more) keys will come in time: process what was held without them */
  expire(): void;
}

export class KeyStore {
  private readonly byRandom = new Map<string, ClientSecrets>();
  private readonly bySessionId = new Map<string, LoggedSecret & { masterSecret: Uint8Array }>();
  private readonly byEncryptedPms = new Map<string, LoggedSecret & { preMasterSecret: Uint8Array }>();
  /** server RSA private keys the user gave: RSA key exchange pre-master secrets are decrypted with them */
  readonly rsaKeys: KeyObject[] = [];
  private readonly waiters = new Map<KeyWaiter, readonly string[]>();
  private readonly waitersByKey = new Map<string, Set<KeyWaiter>>();
  private waitingBytes = 0;
  /** more secrets may still arrive (a pcapng is being read: DSBs can come later) */
  private expecting = false;
  secretsAdded = 0;

  /** true once any secret was added or more may come: connections then report a `decryption` object */
  get active(): boolean {
    return this.secretsAdded > 0 || this.expecting || this.rsaKeys.length > 0;
  }

  /** A server RSA private key (PEM, PKCS#1 or PKCS#8); an error message when it is not one. */
  addRsaKey(pem: string | Uint8Array): { bits: number } | { error: string } {
    const read = readRsaPrivateKey(pem);
    if ('error' in read) return read;
    this.rsaKeys.push(read.key);
    return { bits: read.bits };
  }

  get mayGrow(): boolean {
    return this.expecting;
  }

  addKeyLog(text: string, source: KeySource): KeyLogCounts {
    const touched = new Set<string>();
    const counts = parseKeyLog(
      text,
      (e, line) => {
        this.secretsAdded++;
        if (e.kind === 'client-random') {
          const entry = this.entryFor(e.clientRandom, source);
          // the first value logged wins: the key log file is read before any DSB
          if (!entry[e.name]) {
            entry[e.name] = e.secret;
            entry.lines[e.name] = line;
          }
          touched.add(e.clientRandom);
        } else if (e.kind === 'session-id') {
          if (!this.bySessionId.has(e.sessionId)) this.bySessionId.set(e.sessionId, { source, line, masterSecret: e.masterSecret });
          touched.add(`sid:${e.sessionId}`);
        } else {
          if (!this.byEncryptedPms.has(e.encryptedPrefix)) this.byEncryptedPms.set(e.encryptedPrefix, { source, line, preMasterSecret: e.preMasterSecret });
          touched.add(`pms:${e.encryptedPrefix}`);
        }
      },
      (clientRandom, secret, line) => {
        // kept only beside secrets that decrypt: an exporter line alone does not make a connection's keys found
        const entry = this.byRandom.get(clientRandom);
        if (entry && !entry.exporter) {
          entry.exporter = secret;
          entry.lines.exporter = line;
        }
      },
    );
    for (const key of touched) for (const w of [...(this.waitersByKey.get(key) ?? [])]) w.wake();
    return counts;
  }

  /** A pcapng DSB: only NSS key logs are understood (WireGuard/ZigBee/… secrets are other types). */
  addDsb(dsb: DecryptionSecrets): KeyLogCounts | null {
    if (dsb.secretsType !== DSB_TLS_KEY_LOG) return null;
    return this.addKeyLog(Buffer.from(dsb.data.buffer, dsb.data.byteOffset, dsb.data.byteLength).toString('latin1'), 'dsb');
  }

  forClientRandom(clientRandom: string): ClientSecrets | undefined {
    return this.byRandom.get(clientRandom);
  }

  private entryFor(clientRandom: string, source: KeySource): ClientSecrets {
    let entry = this.byRandom.get(clientRandom);
    if (!entry) this.byRandom.set(clientRandom, (entry = { source, lines: {} }));
    return entry;
  }

  forSessionId(sessionId: string): (LoggedSecret & { masterSecret: Uint8Array }) | undefined {
    return sessionId ? this.bySessionId.get(sessionId) : undefined;
  }

  /** `RSA <prefix> <pms>` lines exist: connections then keep their handshake transcript up to ClientKeyExchange */
  get hasRsaPms(): boolean {
    return this.byEncryptedPms.size > 0;
  }

  forEncryptedPms(prefix: string): (LoggedSecret & { preMasterSecret: Uint8Array }) | undefined {
    return this.byEncryptedPms.get(prefix);
  }

  // ------------------------------------------------------------- late keys

  /** From now until close(), secrets may still arrive after the records they unlock. */
  expectMore(): void {
    this.expecting = true;
  }

  /** Reserve budget for held records; false when the shared budget is spent. */
  reserve(bytes: number): boolean {
    if (this.waitingBytes + bytes > MAX_WAITING_BYTES) return false;
    this.waitingBytes += bytes;
    return true;
  }

  release(bytes: number): void {
    this.waitingBytes = Math.max(0, this.waitingBytes - bytes);
  }

  /** `keys`: client random hex, "sid:<session id>", "pms:<encrypted prefix>". */
  wait(waiter: KeyWaiter, keys: readonly string[]): void {
    this.waiters.set(waiter, keys);
    for (const k of keys) {
      let set = this.waitersByKey.get(k);
      if (!set) this.waitersByKey.set(k, (set = new Set()));
      set.add(waiter);
    }
  }

  stopWaiting(waiter: KeyWaiter): void {
    const keys = this.waiters.get(waiter);
    if (!keys) return;
    this.waiters.delete(waiter);
    for (const k of keys) {
      const set = this.waitersByKey.get(k);
      if (set?.delete(waiter) && set.size === 0) this.waitersByKey.delete(k);
    }
  }

  /** Capture time moved on: waiters past their deadline give up (oldest first). */
  tick(time: number): void {
    // called for every frame: no iterator made when nothing waits (nearly always)
    if (this.waiters.size === 0) return;
    for (const w of this.waiters.keys()) {
      if (w.deadline >= time) break;
      w.expire();
    }
  }

  /** The capture ended: nothing more will come. */
  close(): void {
    this.expecting = false;
    for (const w of [...this.waiters.keys()]) w.expire();
  }
}
