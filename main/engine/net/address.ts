/** Text forms of IP addresses, as Wireshark prints them (IPv6 compressed per RFC 5952). */
export function ipv4ToString(data: Uint8Array, offset: number): string {
  const high = (data[offset] << 8) | data[offset + 1];
  const low = (data[offset + 2] << 8) | data[offset + 3];
  let byLow = ipv4Texts.get(high);
  if (byLow === undefined) {
    if (ipv4Texts.size >= MAX_IPV4_TEXT_PREFIXES) ipv4Texts.clear();
    ipv4Texts.set(high, (byLow = new Map()));
  }
  let text = byLow.get(low);
  if (text === undefined) {
    if (byLow.size >= MAX_IPV4_TEXTS_PER_PREFIX) byLow.clear();
    text = `${data[offset]}.${data[offset + 1]}.${data[offset + 2]}.${data[offset + 3]}`;
    byLow.set(low, text);
  }
  return text;
}

/**
 * Every frame names two addresses and a capture holds few distinct ones: their texts are made
 * once, keyed by the address's two 16-bit halves (small integers, so a lookup allocates nothing).
 */
const ipv4Texts = new Map<number, Map<number, string>>();
const MAX_IPV4_TEXT_PREFIXES = 4096;
const MAX_IPV4_TEXTS_PER_PREFIX = 4096;

export function ipv6ToString(data: Uint8Array, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((data[offset + 2 * i] << 8) | data[offset + 2 * i + 1]);
  // IPv4-mapped addresses read better in dotted form
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4ToString(data, offset + 12)}`;
  }
  return ipv6GroupsToString(groups);
}

/** Eight 16-bit groups as RFC 5952 text: lowercase hex, the longest run (leftmost on ties) of two or more zero groups as "::". */
export function ipv6GroupsToString(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** "ip:port", with IPv6 in brackets. */
export function endpointToString(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
