/**
 * Bounded memos for pure functions. Large captures repeat themselves: every connection a
 * browser opens hashes the same JA3/JA4 strings, every connection to a site validates the same
 * certificate dates. Oldest entries go first once the limit is reached.
 */
import { BoundedMap } from './bounded-map';

export function memoizeBy<I, K, O>(keyOf: (input: I) => K, fn: (input: I) => O, limit = 4096): (input: I) => O {
  const known = new BoundedMap<K, O>(limit);
  return (input) => {
    const key = keyOf(input);
    let out = known.get(key);
    if (out === undefined) {
      out = fn(input);
      known.set(key, out);
    }
    return out;
  };
}

/** A string function remembered by its argument. */
export function memoizeString(fn: (input: string) => string, limit = 4096): (input: string) => string {
  return memoizeBy((input: string) => input, fn, limit);
}
