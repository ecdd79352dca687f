/**
 * The two facts a QUIC connection needs of its handshake before any report: the client's
 * random (it names the logged secrets) and the suite the server chose (it says how to use
 * them). Read from the start of the Initial CRYPTO stream, only once the message is whole.
 */

import { toHex } from '../tls/byte-reader';

export function helloFacts(stream: Uint8Array, type: 1 | 2): { random: string; suite: number | null } | null {
  if (stream.length < 4 || stream[0] !== type) return null;
  const length = (stream[1] << 16) | (stream[2] << 8) | stream[3];
  if (stream.length < 4 + length || length < 2 + 32 + 1) return null;
  const body = stream.subarray(4, 4 + length);
  const random = toHex(body.subarray(2, 34));
  if (type === 1) return { random, suite: null };
  const sidLength = body[34];
  const at = 35 + sidLength;
  if (at + 2 > body.length) return null;
  return { random, suite: (body[at] << 8) | body[at + 1] };
}
