/**
 * What differs between QUIC versions for a passive reader: the salt of the Initial secrets
 * (RFC 9001 §5.2, RFC 9369 §3.3.1), the Retry integrity key and nonce (RFC 9001 §5.8,
 * RFC 9369 §3.3.3), the HKDF label prefix ("quic " or "quicv2 ", RFC 9369 §3.3.2) and the
 * long-header packet type codes (RFC 9369 §3.2). Drafts 23-34 are kept because captures of
 * their era (and the corpus) carry them.
 */

import { fromHex } from '../tls/decrypt/kdf';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

export type LongPacketType = 'initial' | '0rtt' | 'handshake' | 'retry';
export type PacketType = LongPacketType | '1rtt' | 'version_negotiation';

export interface QuicVersionInfo {
  version: number;
  name: string;
  initialSalt: Uint8Array;
  retryKey: Uint8Array;
  retryNonce: Uint8Array;
  /** "quic " or "quicv2 ": prepended to key, iv, hp and ku */
  labelPrefix: string;
  /** long header type bits (0-3) → packet type */
  longTypes: readonly LongPacketType[];
  /** Retry packets of drafts before 25 carried an ODCID field instead of a tag: not handled */
  retryWithTag: boolean;
}

const V1_TYPES: readonly LongPacketType[] = ['initial', '0rtt', 'handshake', 'retry'];
const V2_TYPES: readonly LongPacketType[] = ['retry', 'initial', '0rtt', 'handshake'];

const V1: QuicVersionInfo = {
  version: QUIC_V1,
  name: '1',
  initialSalt: fromHex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a'),
  retryKey: fromHex('be0c690b9f66575a1d766b54e368c84e'),
  retryNonce: fromHex('461599d35d632bf2239825bb'),
  labelPrefix: 'quic ',
  longTypes: V1_TYPES,
  retryWithTag: true,
};

const V2: QuicVersionInfo = {
  version: QUIC_V2,
  name: '2',
  initialSalt: fromHex('0dede3def700a6db819381be6e269dcbf9bd2ed9'),
  retryKey: fromHex('8fb4b01b56ac48e260fbcbcead7ccc92'),
  retryNonce: fromHex('d86969bc2d7c6d9990efb04a'),
  labelPrefix: 'quicv2 ',
  longTypes: V2_TYPES,
  retryWithTag: true,
};

/** draft-29 … draft-32 (and -33/-34, which kept the draft-29 salt) */
const DRAFT29 = {
  initialSalt: fromHex('afbfec289993d24c9e9786f19c6111e04390a899'),
  retryKey: fromHex('ccce187ed09a09d05728155a6cb96be1'),
  retryNonce: fromHex('e54930f97f2136f0530a8c1c'),
};
/** draft-23 … draft-28 (Retry tags from draft-25 on) */
const DRAFT23 = {
  initialSalt: fromHex('c3eef712c72ebb5a11a7d2432bb46365bef9f502'),
  retryKey: fromHex('4d32ecdb2a2133c841e4043df27d4430'),
  retryNonce: fromHex('4d1611d05513a552c587d575'),
};

const byVersion = new Map<number, QuicVersionInfo>([
  [QUIC_V1, V1],
  [QUIC_V2, V2],
]);
for (let draft = 23; draft <= 34; draft++) {
  const keys = draft >= 29 ? DRAFT29 : DRAFT23;
  byVersion.set(0xff000000 + draft, { ...V1, ...keys, version: 0xff000000 + draft, name: `draft-${draft}`, retryWithTag: draft >= 25 });
}

/** The version's rules, or null when this reader does not know its packet protection. */
export function quicVersionInfo(version: number): QuicVersionInfo | null {
  return byVersion.get(version) ?? null;
}

/** A version's name as tshark prints it ("1", "2", "draft-29"), else its hex. */
export function quicVersionName(version: number): string {
  const known = byVersion.get(version);
  if (known) return known.name;
  if (version === 0) return 'version negotiation';
  // RFC 9000 §15: versions of the form 0x?a?a?a?a are reserved to exercise negotiation
  if ((version & 0x0f0f0f0f) === 0x0a0a0a0a) return `reserved (${versionHex(version)})`;
  const text = String.fromCharCode(version >>> 24, (version >>> 16) & 0xff, (version >>> 8) & 0xff, version & 0xff);
  if (/^[QT]0\d\d$/.test(text)) return `Google QUIC ${text}`;
  if (version >>> 4 === 0xfaceb00) return `Facebook mvfst (${versionHex(version)})`;
  return versionHex(version);
}

export function versionHex(version: number): string {
  return `0x${(version >>> 0).toString(16).padStart(8, '0')}`;
}
