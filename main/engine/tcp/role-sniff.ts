/** Mid-stream start: a ClientHello or ServerHello at the start of a payload tells who is who. */
export function sniffHello(payload: Uint8Array): 'client-hello' | 'server-hello' | null {
  if (payload.length >= 6 && payload[0] === 0x16 && payload[1] === 0x03 && payload[2] <= 0x04) {
    if (payload[5] === 0x01) return 'client-hello';
    if (payload[5] === 0x02) return 'server-hello';
  }
  // SSLv2-format ClientHello: 2-byte length with the high bit, then message type 1
  if (payload.length >= 3 && (payload[0] & 0x80) !== 0 && payload[2] === 0x01) return 'client-hello';
  return null;
}
