/**
 * Maps keyed by an unordered pair of IPv4 endpoints, each a number below 2^48 (address × 65536
 * + port, see tcp/endpoint-id.ts). Every frame looks its connection up; a string key had to be
 * built, hashed and compared per frame, and the table of forgotten connections (65,536 of
 * them) cost several cache misses per new connection. Here a lookup hashes two numbers and
 * probes flat arrays.
 *
 * Open addressing with linear probing; a deletion shifts the entries after it back into place
 * (no tombstones, so a long run of connections opened and forgotten never slows lookups down).
 */
export class EndpointPairMap<V> {
  private low: Float64Array;
  private high: Float64Array;
  private values: Array<V | undefined>;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 64) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.low = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get(a: number, b: number): V | undefined {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const values = this.values;
    for (let i = pairHash(lo, hi) & this.mask; ; i = (i + 1) & this.mask) {
      const v = values[i];
      if (v === undefined) return undefined;
      if (this.low[i] === lo && this.high[i] === hi) return v;
    }
  }

  set(a: number, b: number, value: V): void {
    if (value === undefined) throw new TypeError('EndpointPairMap cannot hold undefined');
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    let i = pairHash(lo, hi) & this.mask;
    for (; this.values[i] !== undefined; i = (i + 1) & this.mask) {
      if (this.low[i] === lo && this.high[i] === hi) {
        this.values[i] = value;
        return;
      }
    }
    this.low[i] = lo;
    this.high[i] = hi;
    this.values[i] = value;
    // at most half full: probes stay short
    if (++this.count * 2 > this.values.length) this.resize(this.values.length * 2);
  }

  delete(a: number, b: number): boolean {
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const mask = this.mask;
    let i = pairHash(lo, hi) & mask;
    for (; ; i = (i + 1) & mask) {
      if (this.values[i] === undefined) return false;
      if (this.low[i] === lo && this.high[i] === hi) break;
    }
    // backward shift: each later entry of the run moves into the hole unless its home slot
    // lies (cyclically) after the hole, where a lookup starting at home would not pass the hole
    let hole = i;
    for (let j = (hole + 1) & mask; this.values[j] !== undefined; j = (j + 1) & mask) {
      const home = pairHash(this.low[j], this.high[j]) & mask;
      const homeAfterHole = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (homeAfterHole) continue;
      this.low[hole] = this.low[j];
      this.high[hole] = this.high[j];
      this.values[hole] = this.values[j];
      hole = j;
    }
    this.values[hole] = undefined;
    this.count--;
    return true;
  }

  private resize(capacity: number): void {
    const { low, high, values } = this;
    this.low = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== undefined) this.set(low[i], high[i], v);
    }
  }
}

/**
 * An EndpointPairMap that holds the pairs of its last `limit` set() calls (an update counts as
 * a new insertion; a deleted pair is gone until set again), so at most `limit` pairs, the
 * oldest dropped first: the 4-tuples of forgotten connections.
 */
export class BoundedEndpointPairMap<V> {
  private readonly map = new EndpointPairMap<{ value: V; stamp: number }>();
  /** insertion order, a ring of `limit` slots: pairs and the stamp they were inserted with */
  private readonly ringLow: Float64Array;
  private readonly ringHigh: Float64Array;
  private readonly ringStamp: Float64Array;
  private ringHead = 0;
  private ringCount = 0;
  private stamps = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`BoundedEndpointPairMap limit must be at least 1, not ${limit}`);
    this.ringLow = new Float64Array(limit);
    this.ringHigh = new Float64Array(limit);
    this.ringStamp = new Float64Array(limit);
  }

  get size(): number {
    return this.map.size;
  }

  get(a: number, b: number): V | undefined {
    return this.map.get(a, b)?.value;
  }

  set(a: number, b: number, value: V): void {
    // a ring slot per insertion: the oldest insertion leaves first, with its pair unless that
    // pair was set again since (a newer stamp) or deleted
    if (this.ringCount === this.limit) this.dropOldest();
    const stamp = this.stamps++;
    this.map.set(a, b, { value, stamp });
    const slot = (this.ringHead + this.ringCount++) % this.limit;
    this.ringLow[slot] = a;
    this.ringHigh[slot] = b;
    this.ringStamp[slot] = stamp;
  }

  delete(a: number, b: number): boolean {
    return this.map.delete(a, b);
  }

  private dropOldest(): void {
    const slot = this.ringHead;
    this.ringHead = (this.ringHead + 1) % this.limit;
    this.ringCount--;
    const a = this.ringLow[slot];
    const b = this.ringHigh[slot];
    if (this.map.get(a, b)?.stamp === this.ringStamp[slot]) this.map.delete(a, b);
  }
}

/** A 32-bit hash of two numbers below 2^53 (the halves of each mixed, then the two combined). */
function pairHash(lo: number, hi: number): number {
  let h = Math.imul((lo >>> 0) ^ Math.imul((lo / 4294967296) >>> 0, 0x27d4eb2d), 0x9e3779b1);
  h ^= Math.imul((hi >>> 0) ^ Math.imul((hi / 4294967296) >>> 0, 0x165667b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
