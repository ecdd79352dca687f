/**
 * ClientHello / ServerHello decoding (RFC 8446 §4.1, RFC 5246 §7.4.1, SSLv2 CLIENT-HELLO,
 * and the TLS 1.3 draft ≤21 ServerHello without session id/compression), plus the
 * fingerprints computed from them.
 */

import { ByteReader, toHex } from './byte-reader';
import { parseExtensionBlock, decodeAlpn, decodeKeyShare, decodeServerNames, decodeU16List, decodeU8List, type ExtensionBlock } from './extensions';
import * as X from '../../../contract/names/extensions';
import { cipherSuiteName, sslv2CipherSpecName } from '../../../contract/names/cipher-suites';
import { groupName } from '../../../contract/names/groups';
import { signatureSchemeName } from '../../../contract/names/signature-schemes';
import { hex4, versionName } from '../../../contract/names/versions';
import { ja3String, ja3sString, md5Hex } from './ja3';
import { ja4 } from './ja4';
import type { ClientHelloInfo, ServerHelloInfo } from '../../../contract/report/tls-summary';

/** ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3). */
export const HELLO_RETRY_REQUEST_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

/** Draft key_share codepoint used by TLS 1.3 drafts before 23. */
const EXT_KEY_SHARE_DRAFT = 40;

interface Where {
  frame: number | null;
  time: number | null;
}

function emptyClientHello(where: Where): ClientHelloInfo {
  return {
    sslv2: false,
    frame: where.frame,
    time: where.time,
    legacyVersion: '0x0000',
    legacyVersionName: versionName(0),
    random: '',
    sessionId: '',
    cipherSuites: [],
    cipherSuiteNames: [],
    compressionMethods: [],
    extensions: [],
    supportedVersions: [],
    supportedVersionNames: [],
    sni: null,
    serverNames: [],
    alpn: [],
    supportedGroups: [],
    supportedGroupNames: [],
    keyShareGroups: [],
    signatureAlgorithms: [],
    signatureAlgorithmNames: [],
    ecPointFormats: [],
    pskOffered: false,
    pskKeyExchangeModes: [],
    earlyData: false,
    sessionTicketLength: null,
    renegotiationInfo: false,
    statusRequest: false,
    signedCertificateTimestamp: false,
    encryptThenMac: false,
    extendedMasterSecret: false,
    encryptedClientHello: false,
    encryptedServerName: false,
    ja3: null,
    ja3Full: null,
    ja4: null,
    ja4Raw: null,
    malformed: false,
  };
}

/** A ClientHello with the names of what it offers and its JA3 and JA4 fingerprints. */
export function parseClientHello(body: Uint8Array, where: Where): ClientHelloInfo {
  return withShownFields(parseClientHelloFields(body, where));
}

/**
 * A ClientHello without what only a summary shows: the names of its suites, versions, groups
 * and signature schemes stay empty and ja3, ja3Full, ja4, ja4Raw null. The connection table
 * never shows them, so the analyzer adds them when a summary asks (withShownFields).
 */
export function parseClientHelloFields(body: Uint8Array, where: Where): ClientHelloInfo {
  const h = emptyClientHello(where);
  const r = new ByteReader(body);
  const legacy = r.u16();
  h.legacyVersion = hex4(legacy);
  h.legacyVersionName = versionName(legacy);
  h.random = toHex(r.bytesView(32));
  const sid = r.vector(1);
  h.sessionId = toHex(sid.bytesView(sid.remaining));
  const suites = r.vector(2);
  while (suites.remaining >= 2) h.cipherSuites.push(suites.u16());
  const compression = r.vector(1);
  while (!compression.atEnd) h.compressionMethods.push(compression.u8());
  const block = parseExtensionBlock(r, 'client_hello');
  h.extensions = block.entries;
  h.malformed = r.overrun || block.malformed || suites.remaining !== 0;
  fillClientExtensions(h, block);
  return h;
}

/**
 * Fills what a summary shows of a TLS ClientHello, once: the names of what it offers, JA3 and
 * JA4 (an SSLv2 hello is read whole at once and has no fingerprints). Returns the hello.
 */
export function withShownFields(h: ClientHelloInfo): ClientHelloInfo {
  if (h.sslv2 || h.ja3Full !== null) return h;
  h.cipherSuiteNames = h.cipherSuites.map(cipherSuiteName);
  h.supportedVersionNames = h.supportedVersions.map(versionName);
  h.supportedGroupNames = h.supportedGroups.map(groupName);
  h.signatureAlgorithmNames = h.signatureAlgorithms.map(signatureSchemeName);
  const legacy = parseInt(h.legacyVersion, 16);
  const extensionTypes = h.extensions.map((e) => e.type);
  const full = ja3String({
    legacyVersion: legacy,
    cipherSuites: h.cipherSuites,
    extensionTypes,
    supportedGroups: h.supportedGroups,
    ecPointFormats: h.ecPointFormats,
  });
  h.ja3Full = full;
  h.ja3 = md5Hex(full);
  setJa4(h, 't');
  return h;
}

/** JA4 of a decoded ClientHello, for the transport it came over (FoxIO: t = TCP, q = QUIC, d = DTLS). */
export function setJa4(h: ClientHelloInfo, transport: 't' | 'q' | 'd'): void {
  const extensionTypes = h.extensions.map((e) => e.type);
  const fp = ja4({
    transport,
    legacyVersion: parseInt(h.legacyVersion, 16),
    supportedVersions: extensionTypes.includes(X.EXT_SUPPORTED_VERSIONS) ? h.supportedVersions : null,
    cipherSuites: h.cipherSuites,
    extensionTypes,
    firstAlpn: h.alpn.length ? h.alpn[0] : null,
    signatureAlgorithms: h.signatureAlgorithms,
  });
  h.ja4 = fp.ja4;
  h.ja4Raw = fp.ja4Raw;
}

function fillClientExtensions(h: ClientHelloInfo, block: ExtensionBlock): void {
  const d = block.data;
  const sn = d.get(X.EXT_SERVER_NAME);
  if (sn) {
    h.serverNames = decodeServerNames(sn).names;
    h.sni = h.serverNames[0] ?? null;
  }
  const alpn = d.get(X.EXT_ALPN);
  if (alpn) h.alpn = decodeAlpn(alpn).protocols;
  const sv = d.get(X.EXT_SUPPORTED_VERSIONS);
  if (sv) h.supportedVersions = decodeU16List(sv, 1).values;
  const groups = d.get(X.EXT_SUPPORTED_GROUPS);
  if (groups) h.supportedGroups = decodeU16List(groups, 2).values;
  const ks = d.get(X.EXT_KEY_SHARE) ?? d.get(EXT_KEY_SHARE_DRAFT);
  if (ks) h.keyShareGroups = decodeKeyShare(ks, 'client_hello').groups;
  const sig = d.get(X.EXT_SIGNATURE_ALGORITHMS);
  if (sig) h.signatureAlgorithms = decodeU16List(sig, 2).values;
  const pf = d.get(X.EXT_EC_POINT_FORMATS);
  if (pf) h.ecPointFormats = decodeU8List(pf).values;
  h.pskOffered = d.has(X.EXT_PRE_SHARED_KEY);
  const modes = d.get(X.EXT_PSK_KEY_EXCHANGE_MODES);
  if (modes) h.pskKeyExchangeModes = decodeU8List(modes).values;
  h.earlyData = d.has(X.EXT_EARLY_DATA);
  const ticket = d.get(X.EXT_SESSION_TICKET);
  h.sessionTicketLength = ticket ? ticket.length : null;
  h.renegotiationInfo = d.has(X.EXT_RENEGOTIATION_INFO);
  h.statusRequest = d.has(X.EXT_STATUS_REQUEST);
  h.signedCertificateTimestamp = d.has(X.EXT_SCT);
  h.encryptThenMac = d.has(X.EXT_ENCRYPT_THEN_MAC);
  h.extendedMasterSecret = d.has(X.EXT_EXTENDED_MASTER_SECRET);
  h.encryptedClientHello = d.has(X.EXT_ENCRYPTED_CLIENT_HELLO);
  h.encryptedServerName = d.has(X.EXT_ENCRYPTED_SERVER_NAME);
}

/**
 * SSLv2 CLIENT-HELLO record payload: type(1)=1, version(2), cipher_specs_length(2),
 * session_id_length(2), challenge_length(2), then the three vectors. tshark gives it no
 * JA3, and JA4 is defined over TLS hellos only, so both stay null.
 */
export function parseSslv2ClientHello(payload: Uint8Array, where: Where): ClientHelloInfo {
  const h = emptyClientHello(where);
  h.sslv2 = true;
  const r = new ByteReader(payload);
  r.u8();
  const version = r.u16();
  h.legacyVersion = hex4(version);
  h.legacyVersionName = versionName(version);
  const specsLength = r.u16();
  const sidLength = r.u16();
  const challengeLength = r.u16();
  const specs = new ByteReader(r.bytesView(specsLength));
  while (specs.remaining >= 3) h.cipherSuites.push(specs.u24());
  h.cipherSuiteNames = h.cipherSuites.map(sslv2CipherSpecName);
  h.sessionId = toHex(r.bytesView(sidLength));
  // the challenge plays the role of the client random (right-aligned in 32 bytes by RFC 5246 E.2)
  h.random = toHex(r.bytesView(challengeLength));
  h.malformed = r.overrun || specsLength % 3 !== 0;
  return h;
}

export function parseServerHello(body: Uint8Array, where: Where): ServerHelloInfo {
  const r = new ByteReader(body);
  const legacy = r.u16();
  const random = toHex(r.bytesView(32));
  // TLS 1.3 drafts up to 21 dropped session id and compression from the ServerHello
  const draftFormat = legacy >> 8 === 0x7f && (legacy & 0xff) < 22;
  let sessionId = '';
  if (!draftFormat) {
    const sid = r.vector(1);
    sessionId = toHex(sid.bytesView(sid.remaining));
  }
  const cipherSuite = r.u16();
  const compressionMethod = draftFormat ? 0 : r.u8();
  const helloRetryRequest = random === HELLO_RETRY_REQUEST_RANDOM;
  const block = parseExtensionBlock(r, helloRetryRequest ? 'hello_retry_request' : 'server_hello');
  const d = block.data;

  const sv = d.get(X.EXT_SUPPORTED_VERSIONS);
  const supportedVersion = sv && sv.length >= 2 ? (sv[0] << 8) | sv[1] : null;
  const ks = d.get(X.EXT_KEY_SHARE) ?? d.get(EXT_KEY_SHARE_DRAFT);
  const keyShareGroup = ks && ks.length >= 2 ? decodeKeyShare(ks, helloRetryRequest ? 'hello_retry_request' : 'server_hello').groups[0] : null;
  const alpnData = d.get(X.EXT_ALPN);
  const alpn = alpnData ? decodeAlpn(alpnData).protocols[0] ?? null : null;
  const psk = d.get(X.EXT_PRE_SHARED_KEY);
  const extensionTypes = block.entries.map((e) => e.type);
  const ja3sFull = ja3sString({ legacyVersion: legacy, cipherSuite, extensionTypes });

  return {
    frame: where.frame,
    time: where.time,
    helloRetryRequest,
    legacyVersion: hex4(legacy),
    legacyVersionName: versionName(legacy),
    random,
    sessionId,
    cipherSuite,
    cipherSuiteHex: hex4(cipherSuite),
    cipherSuiteName: cipherSuiteName(cipherSuite),
    compressionMethod,
    extensions: block.entries,
    supportedVersion,
    keyShareGroup,
    keyShareGroupName: keyShareGroup === null ? null : groupName(keyShareGroup),
    alpn,
    pskSelectedIdentity: psk && psk.length >= 2 ? (psk[0] << 8) | psk[1] : null,
    sessionTicket: d.has(X.EXT_SESSION_TICKET),
    renegotiationInfo: d.has(X.EXT_RENEGOTIATION_INFO),
    statusRequest: d.has(X.EXT_STATUS_REQUEST),
    signedCertificateTimestamp: d.has(X.EXT_SCT),
    encryptThenMac: d.has(X.EXT_ENCRYPT_THEN_MAC),
    extendedMasterSecret: d.has(X.EXT_EXTENDED_MASTER_SECRET),
    ja3s: md5Hex(ja3sFull),
    ja3sFull,
    malformed: r.overrun || block.malformed,
  };
}
