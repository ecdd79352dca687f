import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { fullCollection, heapBudget } from '../../../../main/shells/cli/heap-budget';

describe('heap budget of a batch run', () => {
  it('collects only past the budget, and raises a budget the live heap outgrows to twice the live heap', () => {
    const MB = 1024 * 1024;
    let used = 100 * MB;
    let liveAfterCollection = 40 * MB;
    const collections: number[] = [];
    const check = heapBudget(128 * MB, () => {
      collections.push(used);
      used = liveAfterCollection;
    }, () => used);
    check();
    expect(collections).toEqual([]);
    used = 130 * MB;
    check();
    expect(collections).toEqual([130 * MB]);
    // live 40 MB: the budget stays 128 MB
    used = 127 * MB;
    check();
    expect(collections).toHaveLength(1);
    // the capture now holds 100 MB: one collection, then the budget is 200 MB
    used = 129 * MB;
    liveAfterCollection = 100 * MB;
    check();
    expect(collections).toHaveLength(2);
    used = 190 * MB;
    check();
    expect(collections).toHaveLength(2);
    used = 201 * MB;
    check();
    expect(collections).toHaveLength(3);
  });

  it('its collection frees what nothing holds any more (V8, for real)', () => {
    const collect = fullCollection();
    collect();
    const before = getHeapStatistics().used_heap_size;
    let garbage: number[][] | null = Array.from({ length: 64 }, (_, i) => new Array<number>(100_000).fill(i + 0.5));
    expect(getHeapStatistics().used_heap_size - before).toBeGreaterThan(40 * 1024 * 1024);
    expect(garbage.length).toBe(64);
    garbage = null;
    collect();
    expect(getHeapStatistics().used_heap_size - before).toBeLessThan(8 * 1024 * 1024);
  });
});
