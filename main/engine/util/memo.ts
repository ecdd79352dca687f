/**
 * A bounded memo for pure string functions. Fingerprints repeat: every connection a browser
 * opens hashes the same JA3/JA4 strings, so a capture of 50,000 handshakes hashes a few
 * dozen distinct ones. Oldest entries go first once the limit is reached.
 */
export function memoizeString(fn: (input: string) => string, limit = 4096): (input: string) => string {
  const known = new Map<string, string>();
  return (input) => {
    let out = known.get(input);
    if (out === undefined) {
      out = fn(input);
      if (known.size >= limit) known.delete(known.keys().next().value as string);
      known.set(input, out);
    }
    return out;
  };
}
