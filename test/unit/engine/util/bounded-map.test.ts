import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../../../main/engine/util/bounded-map';
import { seededRandom } from '../../../fixtures/builders/bytes';

/**
 * A Map used as the model: insertion order kept by the Map itself, the first key deleted
 * when over the limit (what the analyzer and the memos did before, slow but plainly right).
 */
class ModelMap<K, V> {
  readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  set(key: K, value: V): void {
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }
}

describe('BoundedMap', () => {
  it('drops the oldest insertion first; an update keeps its place; a key deleted and set again counts as new', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    m.set('a', 10); // update: 'a' is still the oldest
    m.set('d', 4);
    expect(m.has('a')).toBe(false);
    expect([m.get('b'), m.get('c'), m.get('d')]).toEqual([2, 3, 4]);
    m.delete('b');
    m.set('b', 20); // set again after a delete: now the newest
    m.set('e', 5);
    expect(m.has('c')).toBe(false);
    expect([m.get('d'), m.get('b'), m.get('e'), m.size]).toEqual([4, 20, 5, 3]);
  });

  it('agrees with the Map model over 200,000 random sets, updates and deletes (limits 1, 7 and 1,000)', () => {
    // compared with plain === and asserted once per limit: 600,000 expect() calls took most of a minute
    for (const limit of [1, 7, 1000]) {
      const rnd = seededRandom(limit);
      const m = new BoundedMap<number, number>(limit);
      const model = new ModelMap<number, number>(limit);
      // keys drawn from a range a little wider than the limit: updates, re-inserts and evictions all happen
      const range = Math.max(3, Math.floor(limit * 1.5));
      let firstDisagreement: string | null = null;
      for (let i = 0; i < 200_000 && firstDisagreement === null; i++) {
        const key = Math.floor(rnd() * range);
        if (rnd() < 0.2) {
          const ours = m.delete(key);
          const theirs = model.map.delete(key);
          if (ours !== theirs) firstDisagreement = `step ${i}: delete(${key}) gave ${ours}, the model ${theirs}`;
        } else {
          m.set(key, i);
          model.set(key, i);
        }
        if (i % 997 === 0) {
          for (let k = 0; k < range; k++) if (m.get(k) !== model.map.get(k)) firstDisagreement ??= `step ${i}: get(${k}) gave ${m.get(k)}, the model ${model.map.get(k)}`;
        }
        if (m.size !== model.map.size) firstDisagreement ??= `step ${i}: size ${m.size}, the model ${model.map.size}`;
      }
      expect(firstDisagreement, `limit ${limit}`).toBeNull();
    }
  });

  it('refuses a limit below 1', () => {
    expect(() => new BoundedMap(0)).toThrow(/at least 1/);
  });
});
