/**
 * Hello extension block: the list in wire order with names, and the contents of the
 * extensions a user looks at decoded into plain objects. Malformed contents are reported
 * on the entry (`decoded.malformed`) and never stop the rest of the list.
 */

import { ByteReader, latin1, toHex } from './byte-reader';
import { isGrease } from '../../../contract/names/grease';
import * as X from '../../../contract/names/extensions';
import type { ExtensionEntry } from '../../../contract/report/tls-summary';

export type ExtensionContext = 'client_hello' | 'server_hello' | 'hello_retry_request' | 'encrypted_extensions' | 'certificate' | 'new_session_ticket';

export interface ExtensionBlock {
  entries: ExtensionEntry[];
  /** raw data of each extension by type (first occurrence) */
  data: Map<number, Uint8Array>;
  /** the block's length prefix disagreed with its content */
  malformed: boolean;
}

export function parseExtensionBlock(r: ByteReader, context: ExtensionContext): ExtensionBlock {
  const block: ExtensionBlock = { entries: [], data: new Map(), malformed: false };
  block.malformed = walkExtensions(r, (type, body) => {
    const data = body.bytesView(body.remaining);
    const entry: ExtensionEntry = { type, name: X.extensionName(type), length: data.length, grease: isGrease(type) };
    const decoded = decodeExtension(type, data, context);
    if (decoded) entry.decoded = decoded;
    block.entries.push(entry);
    if (!block.data.has(type)) block.data.set(type, data);
  });
  return block;
}

/**
 * Walks an extension block (a 2-byte-prefixed list; none when the message ends before it),
 * handing each extension's type and contents to `visit`; true when the block is malformed.
 * The one walk behind parseExtensionBlock and the table's lean hello readers (hello-facts.ts).
 */
export function walkExtensions(r: ByteReader, visit: (type: number, data: ByteReader) => void): boolean {
  if (r.atEnd) return false;
  const list = r.vector(2);
  const malformed = r.overrun;
  while (!list.atEnd) {
    const type = list.u16();
    const data = list.vector(2);
    if (list.overrun) return true;
    visit(type, data);
  }
  return malformed;
}

function list16(r: ByteReader, prefix: 1 | 2): number[] {
  const v = r.vector(prefix);
  const out: number[] = [];
  while (v.remaining >= 2) out.push(v.u16());
  if (v.remaining || v.overrun) r.overrun = true;
  return out;
}

function list8(r: ByteReader): number[] {
  const v = r.vector(1);
  const out: number[] = [];
  while (!v.atEnd) out.push(v.u8());
  if (v.overrun) r.overrun = true;
  return out;
}

export function decodeServerNames(data: Uint8Array): { names: string[]; malformed: boolean } {
  const r = new ByteReader(data);
  const names: string[] = [];
  const list = r.vector(2);
  while (!list.atEnd) {
    const nameType = list.u8();
    const name = list.vector(2);
    if (nameType === 0) names.push(latin1(name.bytesView(name.remaining)));
  }
  return { names, malformed: r.overrun || list.overrun };
}

/** ALPN protocol names, each byte as one Latin-1 char so JA4 can still see the raw bytes. */
export function decodeAlpn(data: Uint8Array): { protocols: string[]; malformed: boolean } {
  const r = new ByteReader(data);
  const protocols: string[] = [];
  const list = r.vector(2);
  while (!list.atEnd) {
    const p = list.vector(1);
    protocols.push(latin1(p.bytesView(p.remaining)));
  }
  return { protocols, malformed: r.overrun || list.overrun };
}

export function decodeU16List(data: Uint8Array, prefix: 1 | 2): { values: number[]; malformed: boolean } {
  const r = new ByteReader(data);
  const values = list16(r, prefix);
  return { values, malformed: r.overrun };
}

export function decodeU8List(data: Uint8Array): { values: number[]; malformed: boolean } {
  const r = new ByteReader(data);
  const values = list8(r);
  return { values, malformed: r.overrun };
}

/** key_share: the client offers entries, the server answers one, an HRR names a group only. */
export function decodeKeyShare(data: Uint8Array, context: ExtensionContext): { groups: number[]; keyLengths: number[]; malformed: boolean } {
  const r = new ByteReader(data);
  if (context === 'hello_retry_request') return { groups: [r.u16()], keyLengths: [], malformed: r.overrun };
  if (context === 'server_hello') {
    const group = r.u16();
    const key = r.vector(2);
    return { groups: [group], keyLengths: [key.remaining], malformed: r.overrun };
  }
  const list = r.vector(2);
  const groups: number[] = [];
  const keyLengths: number[] = [];
  while (!list.atEnd) {
    groups.push(list.u16());
    const key = list.vector(2);
    keyLengths.push(key.remaining);
  }
  return { groups, keyLengths, malformed: r.overrun || list.overrun };
}

function decodeExtension(type: number, data: Uint8Array, context: ExtensionContext): Record<string, unknown> | undefined {
  const r = new ByteReader(data);
  const clientSide = context === 'client_hello';
  switch (type) {
    case X.EXT_SERVER_NAME: {
      if (data.length === 0) return { acknowledged: true };
      const { names, malformed } = decodeServerNames(data);
      return withMalformed({ names }, malformed);
    }
    case X.EXT_ALPN: {
      const { protocols, malformed } = decodeAlpn(data);
      return withMalformed({ protocols }, malformed);
    }
    case X.EXT_SUPPORTED_GROUPS: {
      const { values, malformed } = decodeU16List(data, 2);
      return withMalformed({ groups: values }, malformed);
    }
    case X.EXT_EC_POINT_FORMATS: {
      const { values, malformed } = decodeU8List(data);
      return withMalformed({ formats: values }, malformed);
    }
    case X.EXT_SIGNATURE_ALGORITHMS:
    case X.EXT_SIGNATURE_ALGORITHMS_CERT: {
      const { values, malformed } = decodeU16List(data, 2);
      return withMalformed({ schemes: values }, malformed);
    }
    case X.EXT_SUPPORTED_VERSIONS: {
      if (clientSide) {
        const { values, malformed } = decodeU16List(data, 1);
        return withMalformed({ versions: values }, malformed);
      }
      const selected = r.u16();
      return withMalformed({ selected }, r.overrun);
    }
    case X.EXT_KEY_SHARE: {
      const { groups, keyLengths, malformed } = decodeKeyShare(data, context);
      return withMalformed(context === 'client_hello' ? { groups, keyLengths } : { group: groups[0], keyLength: keyLengths[0] ?? null }, malformed);
    }
    case X.EXT_PRE_SHARED_KEY: {
      if (!clientSide) return withMalformed({ selectedIdentity: r.u16() }, r.overrun);
      const ids = r.vector(2);
      let identities = 0;
      while (!ids.atEnd) {
        ids.vector(2);
        ids.u32();
        identities++;
      }
      const binders = r.vector(2);
      return withMalformed({ identities, bindersLength: binders.remaining }, r.overrun || ids.overrun);
    }
    case X.EXT_PSK_KEY_EXCHANGE_MODES: {
      const { values, malformed } = decodeU8List(data);
      return withMalformed({ modes: values }, malformed);
    }
    case X.EXT_EARLY_DATA:
      return context === 'new_session_ticket' ? withMalformed({ maxEarlyDataSize: r.u32() }, r.overrun) : {};
    case X.EXT_SESSION_TICKET:
      return { ticketLength: data.length };
    case X.EXT_RENEGOTIATION_INFO: {
      const info = r.vector(1);
      return withMalformed({ renegotiatedConnectionLength: info.remaining }, r.overrun);
    }
    case X.EXT_STATUS_REQUEST:
      return data.length ? withMalformed({ statusType: r.u8() }, r.overrun) : { acknowledged: true };
    case X.EXT_HEARTBEAT:
      return withMalformed({ mode: r.u8() }, r.overrun);
    case X.EXT_RECORD_SIZE_LIMIT:
      return withMalformed({ limit: r.u16() }, r.overrun);
    case 1: // max_fragment_length
      return withMalformed({ value: r.u8() }, r.overrun);
    case X.EXT_COMPRESS_CERTIFICATE: {
      const { values, malformed } = decodeU16List(data, 1);
      return withMalformed({ algorithms: values }, malformed);
    }
    case X.EXT_PADDING:
      return { paddingLength: data.length };
    case X.EXT_COOKIE: {
      const cookie = r.vector(2);
      return withMalformed({ cookieLength: cookie.remaining }, r.overrun);
    }
    case X.EXT_ALPS:
    case X.EXT_ALPS_NEW: {
      if (!clientSide) return { settingsLength: data.length };
      const { protocols, malformed } = decodeAlpn(data);
      return withMalformed({ protocols }, malformed);
    }
    case X.EXT_ENCRYPTED_CLIENT_HELLO:
      // ClientHello: 0 = outer (encrypted inner hello inside), 1 = inner
      return clientSide ? withMalformed({ echType: data.length ? (r.u8() === 0 ? 'outer' : 'inner') : null }, r.overrun) : { retryConfigsLength: data.length };
    case X.EXT_ENCRYPTED_SERVER_NAME:
      return clientSide ? withMalformed({ cipherSuite: r.u16(), group: r.u16() }, r.overrun) : { nonce: toHex(data.subarray(0, 16)) };
    case X.EXT_SCT:
    case X.EXT_ENCRYPT_THEN_MAC:
    case X.EXT_EXTENDED_MASTER_SECRET:
    case X.EXT_NPN:
    case 49: // post_handshake_auth
      return data.length ? { length: data.length } : {};
    default:
      return undefined;
  }
}

function withMalformed(obj: Record<string, unknown>, malformed: boolean): Record<string, unknown> {
  if (malformed) obj.malformed = true;
  return obj;
}
