/**
 * NSS key log lines (the SSLKEYLOGFILE format, also the payload of a pcapng Decryption
 * Secrets Block). One secret per line: `LABEL <client_random hex> <secret hex>`, plus the
 * two older RSA forms Wireshark accepts. Lines we cannot use are counted, never fatal.
 */

export type SecretName = 'masterSecret' | 'clientHandshake' | 'serverHandshake' | 'clientTraffic0' | 'serverTraffic0' | 'clientEarly';

const LABELS: Record<string, SecretName | null> = {
  CLIENT_RANDOM: 'masterSecret',
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: 'clientHandshake',
  SERVER_HANDSHAKE_TRAFFIC_SECRET: 'serverHandshake',
  CLIENT_TRAFFIC_SECRET_0: 'clientTraffic0',
  SERVER_TRAFFIC_SECRET_0: 'serverTraffic0',
  CLIENT_EARLY_TRAFFIC_SECRET: 'clientEarly',
  // understood, but nothing to decrypt with (OpenSSL 3.0 logs the _N lines after a KeyUpdate,
  // without the generation number; the next secrets are derived here instead)
  EXPORTER_SECRET: null,
  EARLY_EXPORTER_SECRET: null,
  CLIENT_TRAFFIC_SECRET_N: null,
  SERVER_TRAFFIC_SECRET_N: null,
};

export type KeyLogEntry =
  | { kind: 'client-random'; clientRandom: string; name: SecretName; secret: Uint8Array }
  /** `RSA Session-ID:<id> Master-Key:<ms>`: keyed by the session id the ServerHello carries */
  | { kind: 'session-id'; sessionId: string; masterSecret: Uint8Array }
  /** `RSA <first 8 bytes of the encrypted pre-master secret> <pre-master secret>` */
  | { kind: 'rsa-pms'; encryptedPrefix: string; preMasterSecret: Uint8Array };

export interface KeyLogCounts {
  lines: number;
  /** secrets kept */
  used: number;
  /** well-formed lines we have no use for (exporter secrets) */
  unused: number;
  comments: number;
  /** lines that are not key log lines at all, or carry malformed hex */
  ignored: number;
  /** 1-based number of the first ignored line */
  firstIgnoredLine: number | null;
}

const HEX = /^[0-9a-fA-F]+$/;

function hexOf(s: string | undefined, bytes?: number | number[]): Uint8Array | null {
  if (!s || s.length % 2 !== 0 || !HEX.test(s)) return null;
  const n = s.length / 2;
  if (bytes !== undefined && !(Array.isArray(bytes) ? bytes.includes(n) : n === bytes)) return null;
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/**
 * Parses key log text, handing each usable secret to `onEntry` with its 1-based line number
 * (the key schedule says where each value came from), and the exporter secret, which
 * decrypts nothing but belongs to the schedule shown, to `onExporter`.
 */
export function parseKeyLog(text: string, onEntry: (e: KeyLogEntry, line: number) => void, onExporter?: (clientRandom: string, secret: Uint8Array, line: number) => void): KeyLogCounts {
  const counts: KeyLogCounts = { lines: 0, used: 0, unused: 0, comments: 0, ignored: 0, firstIgnoredLine: null };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' && i === lines.length - 1) break;
    counts.lines++;
    if (line === '' || line.startsWith('#')) {
      counts.comments++;
      continue;
    }
    const entry = parseLine(line);
    if (entry === 'unused') {
      counts.unused++;
      if (onExporter && line.startsWith('EXPORTER_SECRET ')) {
        const [, id, secret] = line.split(/\s+/);
        onExporter(id.toLowerCase(), Uint8Array.from(Buffer.from(secret, 'hex')), i + 1);
      }
    } else if (entry) {
      counts.used++;
      onEntry(entry, i + 1);
    } else {
      counts.ignored++;
      counts.firstIgnoredLine ??= i + 1;
    }
  }
  return counts;
}

function parseLine(line: string): KeyLogEntry | 'unused' | null {
  const rsaSession = /^RSA Session-ID:([0-9a-fA-F]+) Master-Key:([0-9a-fA-F]+)$/.exec(line);
  if (rsaSession) {
    const masterSecret = hexOf(rsaSession[2], 48);
    const id = hexOf(rsaSession[1]);
    return masterSecret && id && id.length <= 32 ? { kind: 'session-id', sessionId: rsaSession[1].toLowerCase(), masterSecret } : null;
  }
  const parts = line.split(/\s+/);
  if (parts.length !== 3) return null;
  const [label, id, secretHex] = parts;
  if (label === 'RSA') {
    const prefix = hexOf(id, 8);
    const pms = hexOf(secretHex, 48);
    return prefix && pms ? { kind: 'rsa-pms', encryptedPrefix: id.toLowerCase(), preMasterSecret: pms } : null;
  }
  if (!(label in LABELS)) return null;
  const name = LABELS[label];
  const secret = hexOf(secretHex, name === 'masterSecret' ? 48 : [32, 48]);
  if (!hexOf(id, 32) || !secret) return null;
  if (name === null) return 'unused';
  return { kind: 'client-random', clientRandom: id.toLowerCase(), name, secret };
}
