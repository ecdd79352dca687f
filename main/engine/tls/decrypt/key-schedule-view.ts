/**
 * The key schedule of a decrypted connection as the report shows it: the values of
 * RFC 5246 §6.3/§8.1 (TLS ≤1.2) or RFC 8446 §7.1–7.3 (TLS 1.3), each with its source.
 */

import type { KeySchedule, KeyValue, KeyValueSource, Tls12KeySchedule, Tls13KeySchedule, TrafficKeys } from '../../../../contract/report/tls-summary';
import type { Direction } from '../../tcp/stream-sink';
import { hex4 } from '../../../../contract/names/versions';
import { suiteParts } from '../cipher-suite-info';
import { concatBytes } from '../../util/bytes';
import type { KeySource } from './key-store';
import type { SecretName } from './keylog';
import { nextTrafficSecret, tls13TrafficKeys } from './key-schedule';
import type { DirectionKeys } from './record-cipher';
import type { CipherSpec } from './suites';
import type { FoundSecrets, SessionFacts } from './session-secrets';
import { computed, earlySecretWithoutPsk, splitKeyBlock, trafficKeys, value, type KeyExchangeBytes } from './key-schedule-record';
import { fromHex } from './kdf';

interface Session extends SessionFacts {
  suite: number;
  pskAccepted: boolean;
  exchange: KeyExchangeBytes;
}

export type ScheduleParts =
  | { kind: 'tls12'; session: Session; spec: CipherSpec; found: FoundSecrets; block: { client: DirectionKeys; server: DirectionKeys } }
  | { kind: 'tls13'; session: Session; spec: CipherSpec; found: FoundSecrets; generations: Record<Direction, number> };

const LABEL: Record<SecretName | 'exporter', string> = {
  masterSecret: 'CLIENT_RANDOM',
  clientHandshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  serverHandshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  clientTraffic0: 'CLIENT_TRAFFIC_SECRET_0',
  serverTraffic0: 'SERVER_TRAFFIC_SECRET_0',
  clientEarly: 'CLIENT_EARLY_TRAFFIC_SECRET',
  exporter: 'EXPORTER_SECRET',
};

function logged(origin: KeySource, line: number | undefined, label: string): KeyValueSource {
  return { kind: 'keylog', origin, line: line ?? 0, label };
}

export function buildKeySchedule(parts: ScheduleParts): KeySchedule {
  const s = parts.session;
  const exchange = s.exchange;
  return {
    version: hex4(s.version),
    cipherSuite: hex4(s.suite),
    tls12: parts.kind === 'tls12' ? tls12Schedule(parts, exchange) : null,
    tls13: parts.kind === 'tls13' ? tls13Schedule(parts) : null,
    finished: { c2s: exchange.finished.c2s, s2c: exchange.finished.s2c },
  };
}

const PRF = (s: SessionFacts): string => (s.prfHash ? `PRF-${s.prfHash.toUpperCase()}` : 'PRF (MD5 ⊕ SHA-1)');

function tls12Schedule(parts: Extract<ScheduleParts, { kind: 'tls12' }>, exchange: KeyExchangeBytes): Tls12KeySchedule {
  const { session: s, found, block } = parts;
  const p = found.provenance;
  const ms = found.secrets.masterSecret!;
  let masterSource: KeyValueSource;
  let decryptedPms: KeyValue | null = null;
  if (p.via === 'client-random') masterSource = logged(p.entry.source, p.entry.lines.masterSecret, LABEL.masterSecret);
  else if (p.via === 'session-id') masterSource = logged(p.source, p.line, 'RSA Session-ID');
  else {
    decryptedPms = value(p.preMaster, p.via === 'pms-line' ? logged(p.source, p.line, 'RSA') : { kind: 'rsa-key', formula: 'RSAES-PKCS1-v1_5 decryption with the server private key (RFC 8017 §7.2.2)' });
    masterSource = { kind: 'computed', formula: s.extendedMasterSecret ? `${PRF(s)}(pre_master_secret, "extended master secret", session_hash)[0..47]` : `${PRF(s)}(pre_master_secret, "master secret", client_random ‖ server_random)[0..47]` };
  }
  const computedHere = p.via === 'pms-line' || p.via === 'rsa-key';
  const keys = [block.client.macKey, block.server.macKey, block.client.key, block.server.key, block.client.iv, block.server.iv];
  return {
    clientRandom: exchange.clientRandom ?? value(fromHex(s.clientRandom), { kind: 'computed', formula: 'ClientHello.random' }),
    serverRandom: exchange.serverRandom ?? value(fromHex(s.serverRandom), { kind: 'computed', formula: 'ServerHello.random' }),
    preMaster: exchange.preMaster(suiteParts(s.suite).keyExchange, decryptedPms),
    extendedMasterSecret: s.extendedMasterSecret,
    sessionHash: computedHere && s.extendedMasterSecret && s.sessionHash ? computed(s.sessionHash, 'Hash(ClientHello … ClientKeyExchange)') : null,
    masterSecret: value(ms, masterSource),
    keyBlock: computed(concatBytes(...keys), `${PRF(s)}(master_secret, "key expansion", server_random ‖ client_random)`),
    ...splitKeyBlock(block),
  };
}

function tls13Schedule(parts: Extract<ScheduleParts, { kind: 'tls13' }>): Tls13KeySchedule {
  const { spec, found, session } = parts;
  const entry = found.provenance.via === 'client-random' ? found.provenance.entry : null;
  const origin = found.source;
  const fromLog = (name: SecretName): KeyValue | null => {
    const secret = found.secrets[name];
    return secret ? value(secret, logged(origin, entry?.lines[name], LABEL[name])) : null;
  };
  const keysOf = (secret: KeyValue | null): TrafficKeys | null => (secret ? trafficKeys(secret, tls13TrafficKeys(spec, fromHex(secret.hex))) : null);
  const application = (name: 'clientTraffic0' | 'serverTraffic0', generations: number): TrafficKeys[] => {
    const first = fromLog(name);
    if (!first) return [];
    const out = [keysOf(first)!];
    let secret = fromHex(first.hex);
    for (let g = 1; g < generations; g++) {
      secret = nextTrafficSecret(spec, secret);
      out.push(keysOf(computed(secret, `HKDF-Expand-Label(application_traffic_secret_${g - 1}, "traffic upd", "", Hash.length)`))!);
    }
    return out;
  };
  return {
    hash: spec.prfHash,
    earlySecret: session.pskAccepted ? null : computed(earlySecretWithoutPsk(spec.prfHash), 'HKDF-Extract(salt = 0, IKM = 0): no PSK'),
    clientHandshake: keysOf(fromLog('clientHandshake')),
    serverHandshake: keysOf(fromLog('serverHandshake')),
    clientApplication: application('clientTraffic0', parts.generations.c2s),
    serverApplication: application('serverTraffic0', parts.generations.s2c),
    exporter: entry?.exporter ? value(entry.exporter, logged(origin, entry.lines.exporter, LABEL.exporter)) : null,
  };
}
