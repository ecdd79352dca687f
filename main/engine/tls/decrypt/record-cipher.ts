/**
 * Record protection, receive side: one object per direction and key epoch, holding the
 * keys and the implicit sequence number (which starts at 0 at every key change and counts
 * every record protected under these keys). `open` returns null when authentication fails
 * (wrong keys, or records missing from the capture) and never throws.
 */

import { createDecipheriv, createHmac, type DecipherCCM, type DecipherGCM, type DecipherChaCha20Poly1305 } from 'node:crypto';
import type { CipherSpec } from './suites';
import { concatBytes } from '../../util/bytes';

export interface Opened {
  /** TLS ≤1.2: the record's plaintext; TLS 1.3: the content without the inner type and padding */
  plaintext: Uint8Array;
  /** TLS 1.3: the real content type found at the end of the inner plaintext */
  innerType: number | null;
  /** where plaintext byte 0 sits inside the protected payload (explicit nonce / IV before it) */
  offset: number;
  /** how the record was protected: what the detail view shows beside the plaintext */
  protection: RecordProtection;
}

/** The inputs of a record's protection (RFC 5246 §6.2.3, RFC 8446 §5.2–5.3). */
export interface RecordProtection {
  /** the implicit sequence number under these keys */
  seq: number;
  /** AEAD: the nonce (fixed IV XOR sequence number, or salt ‖ explicit nonce); CBC: the IV */
  nonce: Uint8Array | null;
  /** AEAD additional data, or the MAC's pseudo-header (seq ‖ type ‖ version ‖ length) */
  additionalData: Uint8Array | null;
  /** the AEAD tag, or the record MAC */
  tag: Uint8Array | null;
}

export interface RecordDecryptor {
  open(contentType: number, version: number, payload: Uint8Array): Opened | null;
  /**
   * DTLS: the next record's explicit epoch and sequence number (epoch × 2^48 + sequence) take
   * the place of the implicit count in the MAC, AAD and nonce (RFC 6347 §4.1.2.1).
   */
  setSequence?(seq: number): void;
}

export interface DirectionKeys {
  key: Uint8Array;
  iv: Uint8Array;
  macKey: Uint8Array;
}

type AeadDecipher = DecipherGCM | DecipherCCM | DecipherChaCha20Poly1305;

function seqBytes(seq: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, Math.floor(seq / 0x1_0000_0000));
  v.setUint32(4, seq >>> 0);
  return b;
}

/** nonce = iv XOR (sequence number left-padded to the IV length): TLS 1.3 and RFC 7905 ChaCha20 */
function xorNonce(iv: Uint8Array, seq: number): Uint8Array {
  const nonce = Uint8Array.from(iv);
  const s = seqBytes(seq);
  for (let i = 0; i < 8; i++) nonce[nonce.length - 8 + i] ^= s[i];
  return nonce;
}

/** seq_num + type + version + length: the TLS ≤1.2 MAC / AEAD additional data */
function pseudoHeader(seq: number, type: number, version: number, length: number): Uint8Array {
  const b = new Uint8Array(13);
  b.set(seqBytes(seq), 0);
  b[8] = type;
  b[9] = version >> 8;
  b[10] = version & 0xff;
  b[11] = length >> 8;
  b[12] = length & 0xff;
  return b;
}

export function aeadOpen(spec: CipherSpec, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.length < spec.tagLength) return null;
  const ciphertext = sealed.subarray(0, sealed.length - spec.tagLength);
  const tag = sealed.subarray(sealed.length - spec.tagLength);
  try {
    const d = createDecipheriv(spec.cipher!, key, nonce, { authTagLength: spec.tagLength } as never) as unknown as AeadDecipher;
    d.setAuthTag(tag);
    // CCM must be told the plaintext length before any data
    if (spec.mode === 'ccm') (d as DecipherCCM).setAAD(aad, { plaintextLength: ciphertext.length });
    else (d as DecipherGCM).setAAD(aad);
    const head = d.update(ciphertext);
    const tail = d.final();
    return tail.length ? new Uint8Array(Buffer.concat([head, tail])) : new Uint8Array(head.buffer, head.byteOffset, head.byteLength);
  } catch {
    return null;
  }
}

/** TLS 1.3 (RFC 8446 §5.2): AEAD over the whole payload, header as AAD, inner type at the end. */
export class Tls13Decryptor implements RecordDecryptor {
  private seq = 0;
  constructor(
    private readonly spec: CipherSpec,
    private readonly keys: DirectionKeys,
  ) {}

  open(contentType: number, version: number, payload: Uint8Array): Opened | null {
    const header = Uint8Array.of(contentType, version >> 8, version & 0xff, payload.length >> 8, payload.length & 0xff);
    const nonce = xorNonce(this.keys.iv, this.seq);
    const inner = aeadOpen(this.spec, this.keys.key, nonce, header, payload);
    if (!inner) return null;
    const protection = { seq: this.seq++, nonce, additionalData: header, tag: payload.subarray(payload.length - this.spec.tagLength) };
    // zero padding may follow the real content type (RFC 8446 §5.4)
    let end = inner.length;
    while (end > 0 && inner[end - 1] === 0) end--;
    if (end === 0) return { plaintext: new Uint8Array(0), innerType: 0, offset: 0, protection };
    return { plaintext: inner.subarray(0, end - 1), innerType: inner[end - 1], offset: 0, protection };
  }
}

/** TLS 1.2 AEAD: GCM/CCM with a 4-byte implicit salt + 8-byte explicit nonce (RFC 5288/6655), ChaCha20 per RFC 7905. */
export class Tls12AeadDecryptor implements RecordDecryptor {
  private seq = 0;
  constructor(
    private readonly spec: CipherSpec,
    private readonly keys: DirectionKeys,
  ) {}

  setSequence(seq: number): void {
    this.seq = seq;
  }

  open(contentType: number, version: number, payload: Uint8Array): Opened | null {
    const explicit = this.spec.explicitNonceLength;
    if (payload.length < explicit + this.spec.tagLength) return null;
    const nonce = explicit ? concatBytes(this.keys.iv, payload.subarray(0, explicit)) : xorNonce(this.keys.iv, this.seq);
    const sealed = payload.subarray(explicit);
    const aad = pseudoHeader(this.seq, contentType, version, sealed.length - this.spec.tagLength);
    const plaintext = aeadOpen(this.spec, this.keys.key, nonce, aad, sealed);
    if (!plaintext) return null;
    const protection = { seq: this.seq++, nonce, additionalData: aad, tag: sealed.subarray(sealed.length - this.spec.tagLength) };
    return { plaintext, innerType: null, offset: explicit, protection };
  }
}

/**
 * CBC with HMAC: MAC-then-encrypt (RFC 5246 §6.2.3.2) or encrypt-then-MAC when negotiated
 * (RFC 7366). TLS 1.1+ carries an explicit IV per record; TLS 1.0 chains the last ciphertext
 * block of the previous record. Also NULL encryption (MAC only).
 */
export class CbcDecryptor implements RecordDecryptor {
  private seq = 0;
  private chainedIv: Uint8Array;
  constructor(
    private readonly spec: CipherSpec,
    private readonly keys: DirectionKeys,
    private readonly explicitIv: boolean,
    private readonly encryptThenMac: boolean,
  ) {
    this.chainedIv = keys.iv;
  }

  setSequence(seq: number): void {
    this.seq = seq;
  }

  open(contentType: number, version: number, payload: Uint8Array): Opened | null {
    const { spec } = this;
    const macLength = spec.macLength;
    let plaintext: Uint8Array | null;
    let offset = 0;
    if (spec.mode === 'null') {
      if (payload.length < macLength) return null;
      plaintext = payload.subarray(0, payload.length - macLength);
      if (!this.macMatches(contentType, version, plaintext, payload.subarray(plaintext.length))) return null;
    } else if (this.encryptThenMac) {
      if (payload.length < macLength) return null;
      const protectedPart = payload.subarray(0, payload.length - macLength);
      if (!this.macMatches(contentType, version, protectedPart, payload.subarray(protectedPart.length))) return null;
      const padded = this.decipher(protectedPart);
      if (!padded) return null;
      plaintext = stripPadding(padded.bytes, 0);
      offset = padded.offset;
    } else {
      const padded = this.decipher(payload);
      if (!padded) return null;
      const content = stripPadding(padded.bytes, macLength);
      if (!content) return null;
      plaintext = content;
      offset = padded.offset;
      if (!this.macMatches(contentType, version, content, padded.bytes.subarray(content.length, content.length + macLength))) return null;
    }
    if (!plaintext) return null;
    const protection = { seq: this.seq++, nonce: spec.mode === 'null' ? null : this.lastIv, additionalData: this.lastMacHeader, tag: this.lastMac };
    return { plaintext, innerType: null, offset, protection };
  }

  /** the IV, MAC pseudo-header and MAC of the record being opened */
  private lastIv: Uint8Array | null = null;
  private lastMacHeader: Uint8Array | null = null;
  private lastMac: Uint8Array | null = null;

  private decipher(data: Uint8Array): { bytes: Uint8Array; offset: number } | null {
    const bs = this.spec.blockLength;
    const ivLength = this.explicitIv ? bs : 0;
    const ciphertext = data.subarray(ivLength);
    if (ciphertext.length === 0 || ciphertext.length % bs !== 0) return null;
    const iv = this.explicitIv ? data.subarray(0, bs) : this.chainedIv;
    this.lastIv = iv;
    try {
      const d = createDecipheriv(this.spec.cipher!, this.keys.key, iv).setAutoPadding(false);
      const out = Buffer.concat([d.update(ciphertext), d.final()]);
      if (!this.explicitIv) this.chainedIv = Uint8Array.from(ciphertext.subarray(ciphertext.length - bs));
      return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), offset: ivLength };
    } catch {
      return null;
    }
  }

  private macMatches(type: number, version: number, content: Uint8Array, mac: Uint8Array): boolean {
    const h = createHmac(this.spec.mac!, this.keys.macKey);
    this.lastMacHeader = pseudoHeader(this.seq, type, version, content.length);
    this.lastMac = mac;
    h.update(this.lastMacHeader);
    h.update(content);
    return Buffer.from(mac).equals(h.digest());
  }
}

/** content || MAC || padding || padding_length → content, checking every padding byte; null if malformed. */
function stripPadding(bytes: Uint8Array, macLength: number): Uint8Array | null {
  if (bytes.length === 0) return null;
  const pad = bytes[bytes.length - 1];
  const contentLength = bytes.length - 1 - pad - macLength;
  if (contentLength < 0) return null;
  for (let i = bytes.length - 1 - pad; i < bytes.length - 1; i++) if (bytes[i] !== pad) return null;
  return bytes.subarray(0, contentLength);
}

