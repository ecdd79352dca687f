/**
 * JA4 (TLS client fingerprint, FoxIO, BSD-3-Clause) following technical_details/JA4.md:
 *   a = protocol, version, SNI flag, cipher count, extension count, ALPN first+last char
 *   b = sha256 of the sorted cipher list (12 hex)
 *   c = sha256 of the sorted extension list without SNI/ALPN, "_" signature algorithms (12 hex)
 * Only JA4 itself: the other JA4+ methods are under a non-commercial licence.
 */

import { createHash } from 'node:crypto';
import { isGrease } from '../../../contract/names/grease';
import { memoizeBy, memoizeString } from '../util/memo';

export interface Ja4Input {
  /** "t" TLS over TCP, "q" QUIC, "d" DTLS */
  transport: 't' | 'q' | 'd';
  legacyVersion: number;
  supportedVersions: readonly number[] | null;
  cipherSuites: readonly number[];
  extensionTypes: readonly number[];
  /** first ALPN value as Latin-1 chars (one per byte), or null */
  firstAlpn: string | null;
  signatureAlgorithms: readonly number[];
}

export interface Ja4Result {
  ja4: string;
  /** JA4_r: the same with the sorted lists instead of their hashes */
  ja4Raw: string;
}

const VERSION_CODES = new Map<number, string>([
  [0x0304, '13'],
  [0x0303, '12'],
  [0x0302, '11'],
  [0x0301, '10'],
  [0x0300, 's3'],
  [0x0002, 's2'],
  [0xfeff, 'd1'],
  [0xfefd, 'd2'],
  [0xfefc, 'd3'],
]);

const EMPTY_HASH = '000000000000';

const hex4 = (v: number): string => v.toString(16).padStart(4, '0');

export const sha256Prefix12: (text: string) => string = memoizeString((text) => createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 12));

function versionCode(h: Ja4Input): string {
  const offered = (h.supportedVersions ?? []).filter((v) => !isGrease(v));
  const version = offered.length ? Math.max(...offered) : h.legacyVersion;
  return VERSION_CODES.get(version) ?? '00';
}

const isAlphanumeric = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** First and last character of the first ALPN value; its hex form when either end is not alphanumeric. */
export function ja4AlpnCode(firstAlpn: string | null): string {
  if (!firstAlpn) return '00';
  const first = firstAlpn.charCodeAt(0);
  const last = firstAlpn.charCodeAt(firstAlpn.length - 1);
  if (isAlphanumeric(first) && isAlphanumeric(last)) return firstAlpn[0] + firstAlpn[firstAlpn.length - 1];
  let hex = '';
  for (let i = 0; i < firstAlpn.length; i++) hex += (firstAlpn.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  return hex[0] + hex[hex.length - 1];
}

const count2 = (n: number): string => String(Math.min(n, 99)).padStart(2, '0');

/**
 * The fingerprint of a hello, remembered by the lists it is made from: a browser's every
 * connection offers the same ones. The ALPN text goes last and length-prefixed, so whatever
 * bytes it holds, two inputs never share a key.
 */
const rememberedJa4 = memoizeBy(
  (h: Ja4Input) =>
    `${h.transport}${h.legacyVersion}|${h.supportedVersions?.join(',') ?? '-'}|${h.cipherSuites.join(',')}|${h.extensionTypes.join(',')}|${h.signatureAlgorithms.join(',')}|${h.firstAlpn === null ? 'none' : `${h.firstAlpn.length}:${h.firstAlpn}`}`,
  (h: Ja4Input): Readonly<Ja4Result> => Object.freeze(computeJa4(h)),
);

export function ja4(h: Ja4Input): Ja4Result {
  return { ...rememberedJa4(h) };
}

function computeJa4(h: Ja4Input): Ja4Result {
  const ciphers = h.cipherSuites.filter((v) => !isGrease(v));
  const extensions = h.extensionTypes.filter((v) => !isGrease(v));
  const sni = extensions.includes(0x0000) ? 'd' : 'i';
  const a = `${h.transport}${versionCode(h)}${sni}${count2(ciphers.length)}${count2(extensions.length)}${ja4AlpnCode(h.firstAlpn)}`;

  const sortedCiphers = ciphers.map(hex4).sort().join(',');
  const sortedExtensions = extensions
    .filter((v) => v !== 0x0000 && v !== 0x0010)
    .map(hex4)
    .sort()
    .join(',');
  const sigalgs = h.signatureAlgorithms.filter((v) => !isGrease(v)).map(hex4).join(',');
  const cInput = sigalgs ? `${sortedExtensions}_${sigalgs}` : sortedExtensions;

  const b = sortedCiphers ? sha256Prefix12(sortedCiphers) : EMPTY_HASH;
  const c = sortedExtensions ? sha256Prefix12(cInput) : EMPTY_HASH;
  return { ja4: `${a}_${b}_${c}`, ja4Raw: `${a}_${sortedCiphers}_${cInput}` };
}
