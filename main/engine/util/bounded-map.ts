/**
 * A map that keeps at most `limit` entries, the oldest insertion dropped first (updating a
 * key keeps its place, as a Map's order does).
 *
 * Not a Map whose first key is deleted when full: V8 leaves a deleted entry in the table as a
 * hole until the table is rebuilt, and keys().next() walks past every hole, so each eviction
 * costs as much as the evictions before it (a 65,536-entry Map, 300,000 insertions: 7 s; 4,096
 * entries: 0.7 s). Here the order is a queue of keys beside the map, each entry stamped with
 * its insertion so a key deleted and inserted again is not taken for its old self.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; stamp: number }>();
  private queue: Array<{ key: K; stamp: number }> = [];
  private head = 0;
  private stamps = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`BoundedMap limit must be at least 1, not ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): this {
    const known = this.entries.get(key);
    if (known) {
      known.value = value;
      return this;
    }
    const stamp = this.stamps++;
    this.entries.set(key, { value, stamp });
    this.queue.push({ key, stamp });
    while (this.entries.size > this.limit) this.dropOldest();
    // deletions leave their keys in the queue: rebuilt from the map (same order) once they dominate
    if (this.queue.length - this.head > 2 * this.entries.size + 1024) this.rebuildQueue();
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  private dropOldest(): void {
    while (this.head < this.queue.length) {
      const { key, stamp } = this.queue[this.head++];
      if (this.entries.get(key)?.stamp === stamp) {
        this.entries.delete(key);
        break;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private rebuildQueue(): void {
    this.queue = [];
    this.head = 0;
    for (const [key, { stamp }] of this.entries) this.queue.push({ key, stamp });
  }
}
