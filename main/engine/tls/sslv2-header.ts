/**
 * SSL 2.0 record headers (draft-hickman-netscape-ssl-00, "SSL Record Header"; RFC 6101
 * appendix E): two bytes when the top bit is set (a 15-bit length, no padding), three bytes
 * otherwise (a 14-bit length after the "is escape" bit, then the count of padding bytes at
 * the end of the record, which the length includes). TLS records have 5-byte headers.
 */
export const SSLV2_SHORT_HEADER = 2;
export const SSLV2_LONG_HEADER = 3;
export const TLS_HEADER = 5;

/**
 * The header length of a record whose first byte is `first`. `spokeSslv2`: this direction
 * opened with an SSLv2 hello; `sessionIsSslv2`: both did, so no TLS record can follow and a
 * clear top bit means a 3-byte header. (After an SSLv2 ClientHello answered by a TLS
 * ServerHello the client goes on in TLS records, RFC 5246 appendix E.2.)
 */
export function headerLengthOf(first: number, spokeSslv2: boolean, sessionIsSslv2: boolean): number {
  if (!spokeSslv2) return TLS_HEADER;
  if ((first & 0x80) !== 0) return SSLV2_SHORT_HEADER;
  return sessionIsSslv2 ? SSLV2_LONG_HEADER : TLS_HEADER;
}

/** The record length (padding included) an SSLv2 header of `headerLength` bytes declares. */
export function sslv2RecordLength(header: readonly number[], headerLength: number): number {
  return headerLength === SSLV2_SHORT_HEADER ? ((header[0] & 0x7f) << 8) | header[1] : ((header[0] & 0x3f) << 8) | header[1];
}

/** A 3-byte header's padding count fits inside its record. */
export function sslv2PaddingFits(header: readonly number[], headerLength: number, length: number): boolean {
  return headerLength === SSLV2_SHORT_HEADER || header[2] <= length;
}
