/**
 * The identity of one end of a connection (address and port), cheap to make from a frame's
 * bytes and compared with ===, so per-frame work (finding the connection, telling client from
 * server) never builds address text: that is made once per connection.
 *
 * IPv4: a number, address × 65536 + port (48 bits, exact in a double; ordered as the address,
 * then the port). IPv6: a 9-character string, the eight 16-bit groups then the port. The two
 * kinds never compare equal.
 */
export type EndpointId = number | string;

export function ipv4EndpointId(data: Uint8Array, addressOffset: number, port: number): number {
  const address = ((data[addressOffset] << 24) | (data[addressOffset + 1] << 16) | (data[addressOffset + 2] << 8) | data[addressOffset + 3]) >>> 0;
  return address * 65536 + port;
}

export function ipv6EndpointId(data: Uint8Array, addressOffset: number, port: number): string {
  const g = (i: number) => (data[addressOffset + 2 * i] << 8) | data[addressOffset + 2 * i + 1];
  return String.fromCharCode(g(0), g(1), g(2), g(3), g(4), g(5), g(6), g(7), port);
}
