/**
 * Minimal DER reader: just enough of X.690 to pull the fields Node's
 * X509Certificate does not expose (signature algorithm, raw extensions) and to
 * describe certificates Node refuses to parse. Works on offsets into the
 * original bytes so a 300 KB extension is never copied or decoded unless asked.
 */

export class DerError extends Error {}

export interface Tlv {
  /** full identifier octet (class | constructed | tag number); high tag numbers are not used in X.509 */
  tag: number;
  /** offset of the identifier octet */
  start: number;
  /** offset of the first content octet */
  contentStart: number;
  /** offset just past the last content octet */
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  VISIBLE_STRING: 0x1a,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

/** Reads the TLV at `offset`, which must lie within [offset, limit). */
export function readTlv(bytes: Uint8Array, offset: number, limit: number = bytes.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated TLV at offset ${offset}`);
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high-tag-number form at offset ${offset}`);
  let pos = offset + 1;
  const first = bytes[pos++];
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids; more than 4 length
    // octets would describe an object larger than any certificate we accept.
    if (count === 0 || count > 4) throw new DerError(`unsupported length encoding at offset ${offset}`);
    if (pos + count > limit) throw new DerError(`truncated length at offset ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++];
  }
  const end = pos + length;
  if (end > limit) throw new DerError(`length ${length} at offset ${offset} runs past its container`);
  return { tag, start: offset, contentStart: pos, end };
}

/** The TLVs directly inside a constructed TLV, in order. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(bytes, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv) throw new DerError(`missing ${what}`);
  if (tlv.tag !== tag) {
    throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, found 0x${tlv.tag.toString(16)}`);
  }
  return tlv;
}

export function content(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.contentStart, tlv.end);
}

export function decodeOid(bytes: Uint8Array, tlv: Tlv): string {
  const body = content(bytes, tlv);
  if (body.length === 0) throw new DerError('empty OID');
  const arcs: string[] = [];
  let value = 0n;
  let first = true;
  for (let i = 0; i < body.length; i++) {
    value = (value << 7n) | BigInt(body[i] & 0x7f);
    if ((body[i] & 0x80) === 0) {
      if (first) {
        // The first subidentifier packs two arcs: 40 * X + Y, with X capped at 2.
        const x = value < 40n ? 0n : value < 80n ? 1n : 2n;
        arcs.push(x.toString(), (value - 40n * x).toString());
        first = false;
      } else {
        arcs.push(value.toString());
      }
      value = 0n;
    }
  }
  if ((body[body.length - 1] & 0x80) !== 0) throw new DerError('truncated OID');
  return arcs.join('.');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** UTCTime / GeneralizedTime → Date (UTC). Only the 'Z' forms RFC 5280 allows, plus optional fractions. */
export function decodeTime(bytes: Uint8Array, tlv: Tlv): Date {
  if (tlv.tag !== TAG.UTC_TIME && tlv.tag !== TAG.GENERALIZED_TIME) throw new DerError('not a time');
  const text = Buffer.from(content(bytes, tlv)).toString('latin1');
  const pattern =
    tlv.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/;
  const m = pattern.exec(text);
  if (!m) throw new DerError(`unsupported time format "${text}"`);
  let year = Number(m[1]);
  // RFC 5280 4.1.2.5.1: two-digit years 50..99 mean 19xx, 00..49 mean 20xx.
  if (tlv.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  date.setUTCFullYear(year); // Date.UTC would read years 0..99 as 1900..1999
  return date;
}

/** Text of an ASN.1 string type; unknown types come back as '#' + hex like RFC 4514 does. */
export function decodeString(bytes: Uint8Array, tlv: Tlv): string {
  const body = Buffer.from(content(bytes, tlv));
  switch (tlv.tag) {
    case TAG.UTF8_STRING:
      return body.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.NUMERIC_STRING:
    case TAG.VISIBLE_STRING:
      return body.toString('latin1');
    case TAG.TELETEX_STRING:
      // T.61 is rarely used as such; in practice CAs put Latin-1 in it.
      return body.toString('latin1');
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(body.subarray(0, body.length & ~1));
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      let out = '';
      for (let i = 0; i + 3 < body.length; i += 4) {
        const cp = body.readUInt32BE(i);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return out;
    }
    default:
      return '#' + toHex(bytes.subarray(tlv.start, tlv.end));
  }
}
