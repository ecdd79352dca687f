/**
 * Which secrets unlock one negotiated session, and how they were had: the key log by client
 * random (TLS 1.3 traffic secrets, or a TLS ≤1.2 master secret), by session id, by the
 * encrypted pre-master secret (`RSA` lines), or — RSA key exchange — the pre-master secret
 * decrypted with the server's private key. A pre-master secret becomes the master secret
 * here (RFC 5246 §8.1; extended master secret, RFC 7627 §4).
 */

import type { ClientSecrets, KeySource, KeyStore } from './key-store';
import type { SecretName } from './keylog';
import { fromHex, tlsPrf } from './kdf';
import { concatBytes } from '../../util/bytes';
import { decryptPreMaster } from './rsa-premaster';

export const TLS_1_2 = 0x0303;

/** What a session's secrets are looked up by and derived from. */
export interface SessionFacts {
  clientRandom: string;
  serverRandom: string;
  sessionId: string;
  version: number;
  tls13: boolean;
  extendedMasterSecret: boolean;
  /** the suite's key exchange is RSA */
  rsaKeyExchange: boolean;
  /** first 8 bytes of an RSA ClientKeyExchange's encrypted pre-master secret */
  encryptedPms: string | null;
  /** the whole encrypted pre-master secret (for the server's private key) */
  encryptedPmsBytes: Uint8Array | null;
  /** RFC 7627 session hash (ClientHello … ClientKeyExchange) under the PRF's hash */
  sessionHash: Uint8Array | null;
  /** the PRF hash of TLS 1.2 (null: TLS 1.0/1.1's MD5 ‖ SHA-1) */
  prfHash: 'sha256' | 'sha384' | null;
}

/** How the master secret (TLS ≤1.2) or traffic secrets (TLS 1.3) were had. */
export type SecretsProvenance =
  | { via: 'client-random'; entry: ClientSecrets }
  | { via: 'session-id'; line: number; source: KeySource }
  | { via: 'pms-line'; line: number; source: KeySource; preMaster: Uint8Array }
  | { via: 'rsa-key'; preMaster: Uint8Array };

export interface FoundSecrets {
  /** 'keylog' | 'dsb'; a pre-master decrypted with the server key counts as key log */
  source: KeySource;
  secrets: Partial<Record<SecretName, Uint8Array>>;
  provenance: SecretsProvenance;
}

export function findSecrets(store: KeyStore, s: SessionFacts): FoundSecrets | null {
  const byRandom = store.forClientRandom(s.clientRandom);
  if (byRandom) return { source: byRandom.source, secrets: byRandom, provenance: { via: 'client-random', entry: byRandom } };
  if (s.tls13) return null;
  const bySession = store.forSessionId(s.sessionId);
  if (bySession) return { source: bySession.source, secrets: { masterSecret: bySession.masterSecret }, provenance: { via: 'session-id', line: bySession.line, source: bySession.source } };
  const byPms = s.encryptedPms ? store.forEncryptedPms(s.encryptedPms) : undefined;
  if (byPms) {
    const ms = masterFromPreMaster(s, byPms.preMasterSecret);
    return ms ? { source: byPms.source, secrets: { masterSecret: ms }, provenance: { via: 'pms-line', line: byPms.line, source: byPms.source, preMaster: byPms.preMasterSecret } } : null;
  }
  if (s.rsaKeyExchange && s.encryptedPmsBytes && store.rsaKeys.length) {
    const pms = decryptPreMaster(store.rsaKeys, s.encryptedPmsBytes);
    const ms = pms && masterFromPreMaster(s, pms);
    return ms ? { source: 'keylog', secrets: { masterSecret: ms }, provenance: { via: 'rsa-key', preMaster: pms! } } : null;
  }
  return null;
}

/** master_secret = PRF(pre_master_secret, "master secret" | "extended master secret", …)[0..47] */
export function masterFromPreMaster(s: SessionFacts, pms: Uint8Array): Uint8Array | null {
  if (!s.extendedMasterSecret) return tlsPrf(s.prfHash, pms, 'master secret', concatBytes(fromHex(s.clientRandom), fromHex(s.serverRandom)), 48);
  if (!s.sessionHash) return null;
  return tlsPrf(s.prfHash, pms, 'extended master secret', s.sessionHash, 48);
}
