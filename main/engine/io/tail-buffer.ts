/**
 * Push parsers keep only the unparsed tail of the previous chunk. The next chunk is
 * appended to that tail (copied only when a tail exists); `dropped` is how many bytes
 * of the old buffer were consumed, to advance the absolute offset of bytes[0].
 */
export function appendToTail(buf: Uint8Array, pos: number, chunk: Uint8Array): { bytes: Uint8Array; dropped: number } {
  const rest = buf.length - pos;
  if (rest <= 0) return { bytes: chunk, dropped: buf.length };
  const joined = new Uint8Array(rest + chunk.length);
  joined.set(buf.subarray(pos), 0);
  joined.set(chunk, rest);
  return { bytes: joined, dropped: pos };
}
