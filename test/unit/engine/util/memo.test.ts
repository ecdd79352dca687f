import { describe, expect, it } from 'vitest';
import { memoizeBy, memoizeString } from '../../../../main/engine/util/memo';

describe('bounded memos', () => {
  it('computes once per key and gives the remembered answer after', () => {
    const calls: string[] = [];
    const upper = memoizeString((s) => (calls.push(s), s.toUpperCase()));
    expect([upper('a'), upper('b'), upper('a'), upper('a')]).toEqual(['A', 'B', 'A', 'A']);
    expect(calls).toEqual(['a', 'b']);
  });

  it('keys by what keyOf says, so different inputs with the same key share one answer', () => {
    let calls = 0;
    const byTime = memoizeBy(
      (d: Date) => d.getTime(),
      (d: Date) => (calls++, d.toISOString()),
    );
    expect(byTime(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(byTime(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(calls).toBe(1);
  });

  it('forgets the oldest entry beyond its limit, and computes it again when asked', () => {
    const calls: number[] = [];
    const square = memoizeBy(
      (n: number) => n,
      (n: number) => (calls.push(n), n * n),
      2,
    );
    square(1);
    square(2);
    square(3); // 1 goes
    square(2);
    square(1); // computed again; 2 goes
    expect(calls).toEqual([1, 2, 3, 1]);
  });
});
