/** Protocol version names, including TLS 1.3 drafts (0x7fXX) and Facebook's draft variants. */

import { isGrease } from './grease';

const VERSION_NAMES = new Map<number, string>([
  [0x0002, 'SSL 2.0'],
  [0x0300, 'SSL 3.0'],
  [0x0301, 'TLS 1.0'],
  [0x0302, 'TLS 1.1'],
  [0x0303, 'TLS 1.2'],
  [0x0304, 'TLS 1.3'],
  [0xfb17, 'TLS 1.3 (Facebook draft 23)'],
  [0xfb1a, 'TLS 1.3 (Facebook draft 26)'],
  [0xfeff, 'DTLS 1.0'],
  [0xfefd, 'DTLS 1.2'],
  [0xfefc, 'DTLS 1.3'],
  // OpenSSL's DTLS before RFC 4347 was final (DTLS1_BAD_VER), still seen from old clients
  [0x0100, 'DTLS 1.0 (OpenSSL pre-RFC)'],
]);

export function versionName(version: number): string {
  const known = VERSION_NAMES.get(version);
  if (known) return known;
  if (version >> 8 === 0x7f) return `TLS 1.3 (draft ${version & 0xff})`;
  if (isGrease(version)) return 'GREASE';
  return `unknown (${hex4(version)})`;
}

/** "0x0303" style, as the JSON contract spells versions and cipher suites. */
export function hex4(value: number): string {
  // every record names its version: the few texts a capture uses are made once
  let text = HEX4_TEXTS.get(value);
  if (text === undefined) {
    text = '0x' + value.toString(16).padStart(4, '0');
    if (HEX4_TEXTS.size < MAX_HEX4_TEXTS) HEX4_TEXTS.set(value, text);
  }
  return text;
}

const HEX4_TEXTS = new Map<number, string>();
const MAX_HEX4_TEXTS = 4096;

/** TLS 1.3 proper or one of its drafts: these change how records after the ServerHello look. */
export function isTls13Family(version: number): boolean {
  return version === 0x0304 || version >> 8 === 0x7f || version === 0xfb17 || version === 0xfb1a;
}

/** Orders versions for "highest supported": drafts sit just below the final TLS 1.3. */
export function versionRank(version: number): number {
  if (version === 0x0304) return 0x0304_00;
  if (version >> 8 === 0x7f || version >> 8 === 0xfb) return 0x0303_80 + (version & 0x7f);
  if (version === 0x0002) return 0x0002_00;
  return version << 8;
}
