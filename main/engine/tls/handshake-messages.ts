/** Decoders for the handshake messages other than the hellos: only what a user looks at. */

import { ByteReader } from './byte-reader';
import { groupName } from '../../../contract/names/groups';
import { signatureSchemeName } from '../../../contract/names/signature-schemes';
import { parseExtensionBlock } from './extensions';
import * as H from '../../../contract/names/handshake-types';

export interface CertificateList {
  /** DER of the certificates within the limits (none when the caller did not ask for them) */
  certificates: Uint8Array[];
  /** how many certificates were within the limits */
  kept: number;
  /** certificates beyond the per-direction limits (counted, not kept) */
  dropped: number;
  /** TLS 1.3 certificate_request_context length */
  requestContextLength: number | null;
  malformed: boolean;
}

export const MAX_CERTIFICATES = 10;
export const MAX_CERTIFICATE_BYTES = 64 * 1024;

/**
 * Certificate message: TLS ≤1.2 is a 3-byte list of 3-byte-length DER blobs; TLS 1.3 adds a
 * request context and per-entry extensions. DER is copied out (the message body is dropped)
 * and capped in count and size; `keepDer` false (the CLI's table) checks and counts only.
 */
export function parseCertificateList(body: Uint8Array, tls13: boolean, keepDer = true): CertificateList {
  const r = new ByteReader(body);
  const out: CertificateList = { certificates: [], kept: 0, dropped: 0, requestContextLength: null, malformed: false };
  if (tls13) out.requestContextLength = r.vector(1).remaining;
  const list = r.vector(3);
  while (!list.atEnd) {
    const cert = list.vector(3);
    if (list.overrun) break;
    const der = cert.bytesView(cert.remaining);
    if (out.kept < MAX_CERTIFICATES && der.length <= MAX_CERTIFICATE_BYTES) {
      out.kept++;
      if (keepDer) out.certificates.push(der.slice());
    } else out.dropped++;
    if (tls13) list.vector(2);
  }
  out.malformed = r.overrun || list.overrun;
  return out;
}

export interface ServerKeyExchangeInfo {
  /** named curve for ECDHE (curve_type 3), else null */
  namedCurve: number | null;
  namedCurveName: string | null;
  /** DHE: size of the prime p in bits */
  dhPrimeBits: number | null;
  signatureAlgorithm: number | null;
  signatureAlgorithmName: string | null;
  malformed: boolean;
}

/** ServerKeyExchange for (EC)DHE suites; the key exchange kind decides the layout. */
export function parseServerKeyExchange(body: Uint8Array, keyExchange: string | null, version: number): ServerKeyExchangeInfo {
  const r = new ByteReader(body);
  const info: ServerKeyExchangeInfo = { namedCurve: null, namedCurveName: null, dhPrimeBits: null, signatureAlgorithm: null, signatureAlgorithmName: null, malformed: false };
  let signed = false;
  if (keyExchange?.startsWith('ECDHE') || keyExchange === 'ECDH_anon') {
    if (keyExchange === 'ECDHE-PSK') r.vector(2); // psk identity hint
    const curveType = r.u8();
    if (curveType === 3) {
      info.namedCurve = r.u16();
      info.namedCurveName = groupName(info.namedCurve);
      r.vector(1);
      signed = keyExchange === 'ECDHE';
    }
  } else if (keyExchange?.startsWith('DHE') || keyExchange === 'DH_anon') {
    if (keyExchange === 'DHE-PSK') r.vector(2);
    const p = r.vector(2);
    const pBytes = p.bytesView(p.remaining);
    let lead = 0;
    while (lead < pBytes.length && pBytes[lead] === 0) lead++;
    info.dhPrimeBits = lead < pBytes.length ? (pBytes.length - lead - 1) * 8 + (32 - Math.clz32(pBytes[lead])) : 0;
    r.vector(2);
    r.vector(2);
    signed = keyExchange === 'DHE';
  }
  if (signed && version >= 0x0303 && r.remaining >= 4) {
    info.signatureAlgorithm = r.u16();
    info.signatureAlgorithmName = signatureSchemeName(info.signatureAlgorithm);
  }
  info.malformed = r.overrun;
  return info;
}

/** Small decoded details for the message list; undefined when there is nothing worth showing. */
export function describeHandshakeBody(type: number, body: Uint8Array, tls13: boolean): Record<string, unknown> | undefined {
  const r = new ByteReader(body);
  switch (type) {
    case H.HS_NEW_SESSION_TICKET: {
      const lifetime = r.u32();
      if (tls13) {
        r.u32();
        r.vector(1);
        const ticket = r.vector(2);
        parseExtensionBlock(r, 'new_session_ticket');
        return { lifetimeSeconds: lifetime, ticketLength: ticket.remaining, ...(r.overrun ? { malformed: true } : {}) };
      }
      const ticket = r.vector(2);
      return { lifetimeHintSeconds: lifetime, ticketLength: ticket.remaining, ...(r.overrun ? { malformed: true } : {}) };
    }
    case H.HS_CERTIFICATE_STATUS: {
      const statusType = r.u8();
      const response = r.vector(3);
      return { statusType, responseLength: response.remaining, ...(r.overrun ? { malformed: true } : {}) };
    }
    case H.HS_CERTIFICATE_REQUEST: {
      if (tls13) return { contextLength: r.vector(1).remaining };
      const types: number[] = [];
      const t = r.vector(1);
      while (!t.atEnd) types.push(t.u8());
      return { certificateTypes: types, ...(r.overrun ? { malformed: true } : {}) };
    }
    case H.HS_FINISHED:
      return { verifyDataLength: body.length };
    case H.HS_KEY_UPDATE:
      return { requestUpdate: r.u8() };
    case H.HS_CLIENT_KEY_EXCHANGE:
      return { length: body.length };
    case H.HS_CERTIFICATE_VERIFY: {
      const scheme = r.u16();
      return { signatureAlgorithm: scheme, signatureAlgorithmName: signatureSchemeName(scheme) };
    }
    default:
      return undefined;
  }
}
