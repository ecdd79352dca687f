/**
 * Byte ranges of a TLS message's fields, computed from the message's own
 * bytes (RFC 8446 §4, RFC 5246 §7.4): the record header, the handshake
 * header, and the hellos' fields down to each cipher suite and extension.
 * Pure and defensive: a field that would run past the bytes ends the walk.
 * Offsets are relative to the first byte given.
 */
import type { ViewsKey } from '../../../../contract/i18n/views.en';

export interface ByteField {
  /** stable within one message: "record0.length", "hello.suites.3" */
  id: string;
  label: ViewsKey;
  labelParams?: Record<string, string | number>;
  /** [start, end) */
  start: number;
  end: number;
  /** the decoded value, when it is short (hex for the rest) */
  value?: string;
  children?: ByteField[];
}

export type NameLookup = (value: number) => string;

export interface FieldNames {
  contentType?: NameLookup;
  version?: NameLookup;
  handshakeType?: NameLookup;
  cipherSuite?: NameLookup;
  extension?: NameLookup;
  alertDescription?: NameLookup;
}

const u8 = (b: Uint8Array, at: number) => b[at];
const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u24 = (b: Uint8Array, at: number) => (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];
const hex = (b: Uint8Array, from: number, to: number) => Array.from(b.subarray(from, to), (x) => x.toString(16).padStart(2, '0')).join('');
const hex4 = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
const named = (v: number, lookup: NameLookup | undefined, width = 4) => {
  const code = `0x${v.toString(16).padStart(width, '0')}`;
  return lookup ? `${lookup(v)} (${code})` : code;
};

/** Does a 5-byte TLS record header of `contentType` start at `at`? (type, 0x03 0x00–0x04, a sane length) */
export function looksLikeRecordHeader(b: Uint8Array, at: number, contentType: number): boolean {
  if (at < 0 || at + 5 > b.length) return false;
  return b[at] === contentType && b[at + 1] === 0x03 && b[at + 2] <= 0x04 && u16(b, at + 3) <= 16384 + 2048;
}

export function recordHeaderFields(b: Uint8Array, at: number, prefix: string, names: FieldNames): ByteField {
  const length = u16(b, at + 3);
  return {
    id: prefix,
    label: 'views.field.record',
    start: at,
    end: Math.min(b.length, at + 5 + length),
    children: [
      { id: `${prefix}.type`, label: 'views.field.contentType', start: at, end: at + 1, value: named(u8(b, at), names.contentType, 2) },
      { id: `${prefix}.version`, label: 'views.field.recordVersion', start: at + 1, end: at + 3, value: named(u16(b, at + 1), names.version) },
      { id: `${prefix}.length`, label: 'views.field.recordLength', start: at + 3, end: at + 5, value: String(length) },
    ],
  };
}

/** A walker that refuses to step past the end: every field it returns lies inside the bytes. */
class Cursor {
  constructor(
    readonly b: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}
  fits(n: number): boolean {
    return this.at + n <= this.end;
  }
}

/** ClientHello / ServerHello body fields, from the byte after the handshake header. */
function helloFields(c: Cursor, client: boolean, names: FieldNames): ByteField[] {
  const b = c.b;
  const out: ByteField[] = [];
  const field = (id: string, label: ViewsKey, n: number, value?: string, labelParams?: ByteField['labelParams']): ByteField | null => {
    if (!c.fits(n)) return null;
    const f: ByteField = { id, label, start: c.at, end: c.at + n, ...(value !== undefined ? { value } : {}), ...(labelParams ? { labelParams } : {}) };
    c.at += n;
    out.push(f);
    return f;
  };
  if (!c.fits(2)) return out;
  field('hello.version', 'views.field.legacyVersion', 2, named(u16(b, c.at), names.version));
  if (!c.fits(32)) return out;
  field('hello.random', 'views.field.random', 32, hex(b, c.at, c.at + 32));
  if (!c.fits(1)) return out;
  const sidLength = u8(b, c.at);
  if (!field('hello.sessionId', 'views.field.sessionId', 1 + sidLength, sidLength ? hex(b, c.at + 1, c.at + 1 + sidLength) : '—')) return out;
  if (client) {
    if (!c.fits(2)) return out;
    const suitesLength = u16(b, c.at);
    const start = c.at;
    const suites = field('hello.suites', 'views.field.cipherSuites', 2 + suitesLength, undefined, { count: Math.floor(suitesLength / 2) });
    if (!suites) return out;
    suites.children = [];
    for (let k = 0, at = start + 2; at + 2 <= start + 2 + suitesLength; k++, at += 2) {
      suites.children.push({ id: `hello.suites.${k}`, label: 'views.field.cipherSuite', start: at, end: at + 2, value: named(u16(b, at), names.cipherSuite) });
    }
    if (!c.fits(1)) return out;
    const compLength = u8(b, c.at);
    if (!field('hello.compression', 'views.field.compression', 1 + compLength, hex(b, c.at + 1, c.at + 1 + compLength))) return out;
  } else {
    if (!field('hello.suite', 'views.field.cipherSuite', 2, named(u16(b, c.at), names.cipherSuite))) return out;
    if (!field('hello.compression', 'views.field.compression', 1, hex(b, c.at, c.at + 1))) return out;
  }
  if (!c.fits(2)) return out;
  const extLength = u16(b, c.at);
  const extStart = c.at;
  const extensions = field('hello.extensions', 'views.field.extensions', Math.min(2 + extLength, c.end - c.at), undefined, { count: 0 });
  if (!extensions) return out;
  extensions.children = [];
  let at = extStart + 2;
  const extEnd = Math.min(extStart + 2 + extLength, c.end);
  for (let k = 0; at + 4 <= extEnd; k++) {
    const type = u16(b, at);
    const length = u16(b, at + 2);
    const end = Math.min(at + 4 + length, extEnd);
    const name = names.extension ? names.extension(type) : hex4(type);
    extensions.children.push({ id: `hello.ext.${k}`, label: 'views.field.extension', labelParams: { name }, start: at, end, value: `${hex4(type)}, ${length} B` });
    at = end;
  }
  extensions.labelParams = { count: extensions.children.length };
  return out;
}

/**
 * Fields of one handshake message starting at `at` (its 4-byte header), with
 * its record header first when one sits right before it.
 */
export function handshakeMessageFields(b: Uint8Array, at: number, names: FieldNames, recordHeaderAt: number | null): ByteField[] {
  const fields: ByteField[] = [];
  if (recordHeaderAt !== null) {
    const record = recordHeaderFields(b, recordHeaderAt, 'record0', names);
    record.children = record.children!.slice(0, 3);
    // the record node covers its header only: the message below is listed on its own
    record.end = recordHeaderAt + 5;
    fields.push(record);
  }
  if (at + 4 > b.length) return fields;
  const type = u8(b, at);
  const length = u24(b, at + 1);
  const end = Math.min(b.length, at + 4 + length);
  fields.push(
    { id: 'hs.type', label: 'views.field.handshakeType', start: at, end: at + 1, value: named(type, names.handshakeType, 2) },
    { id: 'hs.length', label: 'views.field.handshakeLength', start: at + 1, end: at + 4, value: String(length) },
  );
  if (type === 1 || type === 2) fields.push(...helloFields(new Cursor(b, at + 4, end), type === 1, names));
  else if (end > at + 4) fields.push({ id: 'hs.body', label: 'views.field.body', start: at + 4, end });
  return fields;
}

/**
 * Fields of whole records starting at `at` (CCS, alerts, application data,
 * encrypted handshake records): each record's header, then its content.
 */
export function recordFields(b: Uint8Array, at: number, names: FieldNames, encrypted: boolean): ByteField[] {
  const fields: ByteField[] = [];
  for (let k = 0; at + 5 <= b.length && k < 64; k++) {
    const type = b[at];
    const length = u16(b, at + 3);
    const record = recordHeaderFields(b, at, `record${k}`, names);
    const body = at + 5;
    const end = Math.min(b.length, body + length);
    const children = record.children!;
    if (!encrypted && type === 21 && length === 2 && end - body === 2) {
      children.push({ id: `record${k}.level`, label: 'views.field.alertLevel', start: body, end: body + 1, value: String(b[body]) });
      children.push({ id: `record${k}.description`, label: 'views.field.alertDescription', start: body + 1, end: body + 2, value: named(b[body + 1], names.alertDescription, 2) });
    } else if (type === 20 && length === 1) {
      children.push({ id: `record${k}.ccs`, label: 'views.field.ccs', start: body, end, value: hex(b, body, end) });
    } else if (end > body) {
      children.push({ id: `record${k}.payload`, label: 'views.field.encrypted', start: body, end });
    }
    fields.push(record);
    at = body + length;
  }
  return fields;
}

/** The deepest field that contains byte `offset`, or null. */
export function fieldAt(fields: readonly ByteField[], offset: number): ByteField | null {
  for (const f of fields) {
    if (offset >= f.start && offset < f.end) return (f.children && fieldAt(f.children, offset)) ?? f;
  }
  return null;
}

/** Every field, depth first (for lookups by id). */
export function flattenFields(fields: readonly ByteField[], out: ByteField[] = []): ByteField[] {
  for (const f of fields) {
    out.push(f);
    if (f.children) flattenFields(f.children, out);
  }
  return out;
}
