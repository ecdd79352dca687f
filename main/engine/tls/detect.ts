/**
 * Content-based TLS recognition: is there a TLS record (or an SSLv2 ClientHello) starting
 * at this byte? Each check answers "yes", "no", or "more" when the bytes run out before
 * any test fails, so the caller can carry a few bytes over to the next segment.
 */

/** RFC 8446 §5.2: a protected record may grow by 256 bytes, TLS 1.2 by 2048. */
export const MAX_RECORD_LENGTH = 16384 + 2048;

export type Verdict = 'yes' | 'no' | 'more';

/** Bytes needed to judge a candidate fully; a carried-over tail is never longer than this. */
export const DETECT_WINDOW = 11;

function at(buf: Uint8Array, i: number): number {
  return i < buf.length ? buf[i] : -1;
}

/** content type 22 (handshake), version major 3, minor 0..4 */
const HELLO_RECORD_PREFIX: ReadonlyArray<(b: number) => boolean> = [(b) => b === 0x16, (b) => b === 0x03, (b) => b <= 0x04];

/**
 * A handshake record carrying a ClientHello or ServerHello: 0x16 0x03 0x00..0x04, a sane
 * length, handshake type 1 or 2, and a hello version 0x03XX (or a TLS 1.3 draft 0x7fXX / 0xfbXX).
 */
export function helloRecordAt(buf: Uint8Array, p: number): Verdict {
  for (let i = 0; i < HELLO_RECORD_PREFIX.length; i++) {
    const b = at(buf, p + i);
    if (b < 0) return 'more';
    if (!HELLO_RECORD_PREFIX[i](b)) return 'no';
  }
  if (p + 5 > buf.length) return 'more';
  const length = (buf[p + 3] << 8) | buf[p + 4];
  if (length < 4 || length > MAX_RECORD_LENGTH) return 'no';
  const type = at(buf, p + 5);
  if (type < 0) return 'more';
  if (type !== 1 && type !== 2) return 'no';
  if (p + 9 > buf.length) return 'more';
  const hsLength = (buf[p + 6] << 16) | (buf[p + 7] << 8) | buf[p + 8];
  if (hsLength < 38) return 'no';
  const major = at(buf, p + 9);
  if (major < 0) return 'more';
  if (major === 0x03) {
    const minor = at(buf, p + 10);
    if (minor < 0) return 'more';
    return minor <= 0x04 ? 'yes' : 'no';
  }
  return major === 0x7f || major === 0xfb ? 'yes' : 'no';
}

export interface HeaderRules {
  /** accept only 0x0301..0x0303 (used when nothing else vouches for TLS) */
  strictVersion: boolean;
}

/** Any plausible TLS record header: known content type, version 0x0300..0x0304, sane length. */
export function recordHeaderAt(buf: Uint8Array, p: number, rules: HeaderRules = { strictVersion: false }): Verdict {
  const type = at(buf, p);
  if (type < 0) return 'more';
  if (type < 20 || type > 24) return 'no';
  const major = at(buf, p + 1);
  if (major < 0) return 'more';
  if (major !== 0x03) return 'no';
  const minor = at(buf, p + 2);
  if (minor < 0) return 'more';
  if (rules.strictVersion ? minor < 1 || minor > 3 : minor > 4) return 'no';
  if (p + 5 > buf.length) return 'more';
  const length = (buf[p + 3] << 8) | buf[p + 4];
  if (length > MAX_RECORD_LENGTH) return 'no';
  const minimum = type === 20 ? 1 : type === 21 ? 2 : type === 22 ? 4 : type === 24 ? 3 : 0;
  return length >= minimum ? 'yes' : 'no';
}

/**
 * A plausible header whose record is followed (when the bytes are there) by another plausible
 * header: two headers in a row are far stronger evidence than one when resynchronising.
 */
export function chainedRecordAt(buf: Uint8Array, p: number, rules: HeaderRules): Verdict {
  const first = recordHeaderAt(buf, p, rules);
  if (first !== 'yes') return first;
  const next = p + 5 + ((buf[p + 3] << 8) | buf[p + 4]);
  if (next + 5 > buf.length) return 'yes';
  return recordHeaderAt(buf, next, { strictVersion: false }) === 'yes' ? 'yes' : 'no';
}

/**
 * SSLv2-format ClientHello (2-byte header, high bit set): message type 1, a version the
 * client offers, cipher specs in 3-byte units, and lengths that add up to the record length.
 */
export function sslv2ClientHelloAt(buf: Uint8Array, p: number): Verdict {
  const b0 = at(buf, p);
  if (b0 < 0) return 'more';
  if ((b0 & 0x80) === 0) return 'no';
  if (p + 3 > buf.length) return 'more';
  const length = ((b0 & 0x7f) << 8) | buf[p + 1];
  if (buf[p + 2] !== 1) return 'no';
  if (p + 5 > buf.length) return 'more';
  const version = (buf[p + 3] << 8) | buf[p + 4];
  if (version !== 0x0002 && (version < 0x0300 || version > 0x0304)) return 'no';
  if (p + DETECT_WINDOW > buf.length) return 'more';
  const cipherSpecs = (buf[p + 5] << 8) | buf[p + 6];
  const sessionId = (buf[p + 7] << 8) | buf[p + 8];
  const challenge = (buf[p + 9] << 8) | buf[p + 10];
  if (cipherSpecs === 0 || cipherSpecs % 3 !== 0) return 'no';
  if (sessionId !== 0 && sessionId !== 16 && sessionId !== 32) return 'no';
  if (challenge < 16 || challenge > 32) return 'no';
  return length === 9 + cipherSpecs + sessionId + challenge ? 'yes' : 'no';
}

/** SSLv2 SERVER-HELLO answering an SSLv2 ClientHello (only looked for when the peer spoke SSLv2). */
export function sslv2ServerHelloAt(buf: Uint8Array, p: number): Verdict {
  const b0 = at(buf, p);
  if (b0 < 0) return 'more';
  if ((b0 & 0x80) === 0) return 'no';
  if (p + 7 > buf.length) return 'more';
  if (buf[p + 2] !== 4 || buf[p + 3] > 1) return 'no';
  const version = (buf[p + 5] << 8) | buf[p + 6];
  return version === 0x0002 ? 'yes' : 'no';
}
