/**
 * QUIC packet protection, receive side (RFC 9001 §5): Initial secrets from the client's
 * first Destination Connection ID and the version's salt (§5.2), packet keys from any
 * TLS 1.3 traffic secret with the "quic key/iv/hp" labels (§5.1; "quicv2 …" in RFC 9369
 * §3.3.2), header protection removed (§5.4), the payload opened with the packet number as
 * nonce (§5.3), and the next 1-RTT keys of a key update (§6). Never throws: a packet that
 * cannot be opened gives a reason.
 */

import { createCipheriv, createHmac } from 'node:crypto';
import { hkdfExpandLabel, type HashName } from '../tls/decrypt/kdf';
import { aeadOpen } from '../tls/decrypt/record-cipher';
import { cipherSpec, type CipherSpec } from '../tls/decrypt/suites';
import type { QuicVersionInfo } from './versions';
import type { QuicPacketHeader } from './header';

/** TLS_AES_128_GCM_SHA256: the Initial packets' suite, whatever the handshake later picks (RFC 9001 §5.2) */
export const INITIAL_SUITE = 0x1301;

export interface PacketKeys {
  spec: CipherSpec;
  key: Uint8Array;
  iv: Uint8Array;
  hp: Uint8Array;
  /** the secret these keys came from (a key update derives the next one from it) */
  secret: Uint8Array;
  suite: number;
  info: QuicVersionInfo;
}

export function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(hash, salt).update(ikm).digest());
}

/** The client and server Initial secrets of a connection whose client first wrote to `dcid`. */
export function initialSecrets(info: QuicVersionInfo, dcid: Uint8Array): { client: Uint8Array; server: Uint8Array } {
  const initial = hkdfExtract('sha256', info.initialSalt, dcid);
  return {
    client: hkdfExpandLabel('sha256', initial, 'client in', new Uint8Array(0), 32),
    server: hkdfExpandLabel('sha256', initial, 'server in', new Uint8Array(0), 32),
  };
}

/** Packet keys of a TLS 1.3 secret under `suite`; null when node:crypto lacks the suite's cipher. */
export function packetKeys(info: QuicVersionInfo, suite: number, secret: Uint8Array): PacketKeys | null {
  const spec = cipherSpec(suite);
  if (!spec || (spec.mode !== 'gcm' && spec.mode !== 'chacha' && spec.mode !== 'ccm')) return null;
  const empty = new Uint8Array(0);
  const p = info.labelPrefix;
  return {
    spec,
    key: hkdfExpandLabel(spec.prfHash, secret, `${p}key`, empty, spec.keyLength),
    iv: hkdfExpandLabel(spec.prfHash, secret, `${p}iv`, empty, 12),
    hp: hkdfExpandLabel(spec.prfHash, secret, `${p}hp`, empty, spec.keyLength),
    secret,
    suite,
    info,
  };
}

export function initialKeys(info: QuicVersionInfo, dcid: Uint8Array): { client: PacketKeys; server: PacketKeys } {
  const s = initialSecrets(info, dcid);
  return { client: packetKeys(info, INITIAL_SUITE, s.client)!, server: packetKeys(info, INITIAL_SUITE, s.server)! };
}

/** RFC 9001 §6.1: the next generation of 1-RTT keys; the header protection key does not change. */
export function nextGeneration(keys: PacketKeys): PacketKeys {
  const next = hkdfExpandLabel(keys.spec.prfHash, keys.secret, `${keys.info.labelPrefix}ku`, new Uint8Array(0), keys.secret.length);
  const k = packetKeys(keys.info, keys.suite, next)!;
  return { ...k, hp: keys.hp };
}

/** The 5-byte header protection mask of a 16-byte sample (§5.4.3 AES, §5.4.4 ChaCha20). */
export function headerProtectionMask(keys: PacketKeys, sample: Uint8Array): Uint8Array {
  if (keys.spec.mode === 'chacha') {
    // the sample is the 4-byte little-endian block counter then the 12-byte nonce: node's 16-byte IV
    const c = createCipheriv('chacha20', keys.hp, sample);
    return new Uint8Array(c.update(new Uint8Array(5)));
  }
  const c = createCipheriv(`aes-${keys.hp.length * 8}-ecb`, keys.hp, null);
  c.setAutoPadding(false);
  return new Uint8Array(c.update(sample)).subarray(0, 5);
}

/** RFC 9000 Appendix A.3: the full packet number nearest the next one expected. */
export function decodePacketNumber(largest: number, truncated: number, bits: number): number {
  const expected = largest + 1;
  const win = 2 ** bits;
  const half = win / 2;
  const candidate = (expected - (expected % win)) + truncated;
  if (candidate <= expected - half && candidate < 2 ** 62 - win) return candidate + win;
  if (candidate > expected + half && candidate >= win) return candidate - win;
  return candidate;
}

export interface OpenedPacket {
  packetNumber: number;
  packetNumberLength: number;
  /** the first byte with its protection removed (reserved bits, key phase, packet number length) */
  firstByte: number;
  keyPhase: number | null;
  plaintext: Uint8Array;
}

export type OpenFailure = { reason: 'sample-short' | 'auth-failed'; detail: string; packetNumber: number | null };

/**
 * Removes header protection from a copy of the packet and opens its payload. `largestPn`:
 * the largest packet number opened so far in this packet number space and direction (-1 at first).
 */
export function openPacket(datagram: Uint8Array, h: QuicPacketHeader, keys: PacketKeys, largestPn: number): OpenedPacket | OpenFailure {
  const pnOffset = h.pnOffset;
  if (pnOffset + 4 + 16 > h.end) return { reason: 'sample-short', detail: `packet of ${h.end - h.start} bytes is too short for a header protection sample`, packetNumber: null };
  const packet = datagram.slice(h.start, h.end);
  const pnAt = pnOffset - h.start;
  const mask = headerProtectionMask(keys, packet.subarray(pnAt + 4, pnAt + 20));
  packet[0] ^= mask[0] & (h.form === 'long' ? 0x0f : 0x1f);
  const pnLength = (packet[0] & 0x03) + 1;
  let truncated = 0;
  for (let i = 0; i < pnLength; i++) {
    packet[pnAt + i] ^= mask[1 + i];
    truncated = truncated * 256 + packet[pnAt + i];
  }
  const pn = decodePacketNumber(largestPn, truncated, pnLength * 8);
  const nonce = Uint8Array.from(keys.iv);
  let rest = pn;
  for (let i = 11; i >= 4 && rest > 0; i--) {
    nonce[i] ^= rest % 256;
    rest = Math.floor(rest / 256);
  }
  const aad = packet.subarray(0, pnAt + pnLength);
  const plaintext = aeadOpen(keys.spec, keys.key, nonce, aad, packet.subarray(pnAt + pnLength));
  if (!plaintext) return { reason: 'auth-failed', detail: `packet number ${pn}: authentication failed`, packetNumber: pn };
  return { packetNumber: pn, packetNumberLength: pnLength, firstByte: packet[0], keyPhase: h.form === 'short' ? (packet[0] >> 2) & 1 : null, plaintext };
}

export function isOpenFailure(r: OpenedPacket | OpenFailure): r is OpenFailure {
  return (r as OpenFailure).reason !== undefined;
}
