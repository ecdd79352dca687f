/**
 * Packet protection, send side, as RFC 9001 §5.3-5.4 describe it: for fixtures that carry
 * frames of our choosing (the RFC's samples carry fixed ones). Keys come from the Initial
 * key derivation that the RFC 9001/9369 vectors check.
 */
import { createCipheriv } from 'node:crypto';
import { initialKeys } from '../../../../main/engine/quic/protection';
import { quicVersionInfo, QUIC_V1 } from '../../../../main/engine/quic/versions';

export function varint(v: number): number[] {
  if (v < 0x40) return [v];
  if (v < 0x4000) return [0x40 | (v >> 8), v & 0xff];
  if (v < 0x40000000) return [0x80 | (v >>> 24), (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  const hi = Math.floor(v / 2 ** 32);
  return [0xc0 | (hi >>> 24), (hi >> 16) & 0xff, (hi >> 8) & 0xff, hi & 0xff, (v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

export function cryptoFrame(offset: number, data: Uint8Array): number[] {
  return [0x06, ...varint(offset), ...varint(data.length), ...data];
}

/** An Initial packet (v1) from `side` for a connection whose client first wrote to `originalDcid`. */
export function sealInitial(o: { side: 'client' | 'server'; originalDcid: Uint8Array; dcid: Uint8Array; scid: Uint8Array; pn: number; frames: number[]; padTo?: number }): Uint8Array {
  const info = quicVersionInfo(QUIC_V1)!;
  const keys = initialKeys(info, o.originalDcid)[o.side];
  const payload = Uint8Array.from(o.frames.concat(new Array(Math.max(0, (o.padTo ?? 0) - o.frames.length)).fill(0)));
  const length = 4 + payload.length + 16;
  const header = Uint8Array.from([0xc3, 0, 0, 0, 1, o.dcid.length, ...o.dcid, o.scid.length, ...o.scid, 0, 0x40 | (length >> 8), length & 0xff, (o.pn >>> 24) & 0xff, (o.pn >> 16) & 0xff, (o.pn >> 8) & 0xff, o.pn & 0xff]);
  const nonce = Uint8Array.from(keys.iv);
  for (let i = 0; i < 4; i++) nonce[11 - i] ^= (o.pn >>> (8 * i)) & 0xff;
  const c = createCipheriv('aes-128-gcm', keys.key, nonce);
  c.setAAD(header);
  const sealed = Buffer.concat([c.update(payload), c.final(), c.getAuthTag()]);
  const packet = new Uint8Array(header.length + sealed.length);
  packet.set(header);
  packet.set(sealed, header.length);
  const pnOffset = header.length - 4;
  const hp = createCipheriv('aes-128-ecb', keys.hp, null);
  const mask = hp.update(packet.subarray(pnOffset + 4, pnOffset + 20));
  packet[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < 4; i++) packet[pnOffset + i] ^= mask[1 + i];
  return packet;
}
