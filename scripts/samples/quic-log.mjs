// What ngtcp2's example client (gtlsclient, without -q) reports about its connection: it prints
// every CRYPTO frame's data it received, in order, per encryption level, as a hex dump, plus its
// QUIC frames and HTTP/3 headers. The TLS messages the server sent are read from those dumps
// (RFC 9001 §4: TLS handshake messages ride CRYPTO frames, no TLS records around them).
import { X509Certificate } from 'node:crypto';

const HANDSHAKE_NAMES = { 1: 'client_hello', 2: 'server_hello', 4: 'new_session_ticket', 5: 'end_of_early_data', 8: 'encrypted_extensions', 11: 'certificate', 13: 'certificate_request', 15: 'certificate_verify', 20: 'finished', 24: 'key_update' };
const TLS13_SUITES = { 0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256', 0x1304: 'TLS_AES_128_CCM_SHA256' };
const GROUPS = { 0x0017: 'secp256r1', 0x0018: 'secp384r1', 0x0019: 'secp521r1', 0x001d: 'x25519', 0x001e: 'x448' };

/** The CRYPTO stream bytes received per level ("Initial", "Handshake", "Application"). */
export function cryptoStreams(output) {
  const levels = {};
  let current = null;
  for (const line of output.split('\n')) {
    const start = /^Ordered CRYPTO data in (\w+) crypto level/.exec(line);
    if (start) {
      current = start[1];
      levels[current] ??= [];
      continue;
    }
    if (!current) continue;
    const row = /^[0-9a-f]{8} {2}(.*?) {2}\|/.exec(line);
    if (row) levels[current].push(...row[1].match(/[0-9a-f]{2}/g).map((h) => parseInt(h, 16)));
    else current = null;
  }
  return Object.fromEntries(Object.entries(levels).map(([k, v]) => [k, Buffer.from(v)]));
}

/** The handshake messages in one CRYPTO stream (type, body), RFC 8446 §4. */
export function handshakeMessages(bytes) {
  const out = [];
  for (let at = 0; at + 4 <= bytes.length; ) {
    const length = bytes.readUIntBE(at + 1, 3);
    if (at + 4 + length > bytes.length) throw new Error(`a CRYPTO stream ends inside a handshake message (type ${bytes[at]} at ${at})`);
    out.push({ type: bytes[at], name: HANDSHAKE_NAMES[bytes[at]] ?? `type ${bytes[at]}`, body: bytes.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return out;
}

/** cipher suite and key-share group of a TLS 1.3 ServerHello body (RFC 8446 §4.1.3, §4.2.8). */
export function serverHelloChoice(body) {
  let at = 2 + 32;
  at += 1 + body[at];
  const suite = body.readUInt16BE(at);
  at += 2 + 1;
  const end = at + 2 + body.readUInt16BE(at);
  let group = null;
  for (at += 2; at + 4 <= end; ) {
    const type = body.readUInt16BE(at);
    const len = body.readUInt16BE(at + 2);
    if (type === 0x0033) group = body.readUInt16BE(at + 4);
    at += 4 + len;
  }
  return { cipherSuite: TLS13_SUITES[suite] ?? `0x${suite.toString(16)}`, group: group === null ? null : (GROUPS[group] ?? `0x${group.toString(16)}`) };
}

/** The certificates of a TLS 1.3 Certificate body (RFC 8446 §4.4.2), leaf first. */
export function certificateChain(body) {
  let at = 1 + body[0];
  const end = at + 3 + body.readUIntBE(at, 3);
  const certs = [];
  for (at += 3; at < end; ) {
    const len = body.readUIntBE(at, 3);
    certs.push(new X509Certificate(body.subarray(at + 3, at + 3 + len)));
    at += 3 + len;
    at += 2 + body.readUInt16BE(at);
  }
  return certs;
}

/** What the client's log says about the connection: version, ALPN, frames seen, HTTP/3 exchange. */
export function clientReport(output) {
  const header = (re) => [...output.matchAll(re)].map((m) => [m[1], m[2]]);
  const close = /frm tx \d+ 1RTT CONNECTION_CLOSE\(0x1d\) error_code=\S*\((0x[0-9a-f]+)\)/.exec(output);
  return {
    version: /the negotiated version is (0x[0-9a-f]+)/.exec(output)?.[1] ?? null,
    alpn: /Negotiated ALPN is (\S+)/.exec(output)?.[1] ?? null,
    handshakeCompleted: /QUIC handshake has completed/.test(output),
    handshakeConfirmed: /frm rx \d+ 1RTT HANDSHAKE_DONE\(0x1e\)/.test(output),
    newToken: /frm rx \d+ 1RTT NEW_TOKEN\(0x07\)/.test(output),
    clientClose: close ? Number(close[1]) : null,
    request: Object.fromEntries(header(/^\[(:?[a-z-]+): (.*)\]$/gm)),
    response: Object.fromEntries(header(/^http: stream 0x0 \[(:?[a-z-]+): (.*)\]$/gm)),
  };
}
