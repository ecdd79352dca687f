/**
 * The Retry integrity tag (RFC 9001 §5.8, RFC 9369 §3.3.3): AES-128-GCM over the Retry
 * pseudo-packet (the Original Destination Connection ID, length-prefixed, then the Retry
 * packet without its tag) with an empty plaintext and the version's fixed key and nonce.
 * Anyone can check it, which proves only that the Retry answered that Initial.
 */

import { aeadOpen } from '../tls/decrypt/record-cipher';
import { cipherSpec } from '../tls/decrypt/suites';
import type { QuicVersionInfo } from './versions';

export function retryTagValid(info: QuicVersionInfo, originalDcid: Uint8Array, retryPacket: Uint8Array): boolean {
  if (retryPacket.length < 16) return false;
  const withoutTag = retryPacket.subarray(0, retryPacket.length - 16);
  const pseudo = new Uint8Array(1 + originalDcid.length + withoutTag.length);
  pseudo[0] = originalDcid.length;
  pseudo.set(originalDcid, 1);
  pseudo.set(withoutTag, 1 + originalDcid.length);
  const opened = aeadOpen(cipherSpec(0x1301)!, info.retryKey, info.retryNonce, pseudo, retryPacket.subarray(retryPacket.length - 16));
  return opened !== null && opened.length === 0;
}
