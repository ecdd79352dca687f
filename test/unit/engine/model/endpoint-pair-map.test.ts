import { describe, expect, it } from 'vitest';
import { BoundedEndpointPairMap, EndpointPairMap } from '../../../../main/engine/model/endpoint-pair-map';
import { ipv4EndpointId, ipv6EndpointId } from '../../../../main/engine/tcp/endpoint-id';
import { seededRandom } from '../../../fixtures/builders/bytes';

/** A Map keyed by the pair's text, lower end first: the plainly right model. */
const pairText = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Endpoints as the analyzer makes them (address × 65536 + port), from a few addresses and
 * ports so pairs repeat, collide in the table and sit in long probe runs, plus the ends of
 * the range (0, the 48-bit maximum).
 */
function endpointPool(rnd: () => number, n: number): number[] {
  const addresses = [0x0a000001, 0x0a000002, 0xc0000201, 0xffffffff];
  const pool = [0, 2 ** 48 - 1];
  while (pool.length < n) pool.push(addresses[Math.floor(rnd() * addresses.length)] * 65536 + Math.floor(rnd() * 65536));
  return pool;
}

describe('EndpointPairMap (connections by IPv4 4-tuple)', () => {
  it('finds a pair from either end, updates in place, deletes', () => {
    const m = new EndpointPairMap<string>();
    const client = ipv4EndpointId(new Uint8Array([192, 0, 2, 10]), 0, 50000);
    const server = ipv4EndpointId(new Uint8Array([203, 0, 113, 7]), 0, 443);
    m.set(client, server, 'first');
    expect(m.get(server, client)).toBe('first');
    m.set(server, client, 'second');
    expect([m.get(client, server), m.size]).toEqual(['second', 1]);
    // the same ports with other addresses, and the ends swapped between address and port, are other pairs
    expect(m.get(client, server + 65536)).toBeUndefined();
    expect(m.delete(client, server)).toBe(true);
    expect(m.delete(client, server)).toBe(false);
    expect([m.get(client, server), m.size]).toEqual([undefined, 0]);
  });

  it('agrees with a Map over 100,000 random sets, gets and deletes, growing from 16 slots', () => {
    const rnd = seededRandom(42);
    const pool = endpointPool(rnd, 120);
    const m = new EndpointPairMap<number>(1);
    const model = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const a = pool[Math.floor(rnd() * pool.length)];
      const b = pool[Math.floor(rnd() * pool.length)];
      const op = rnd();
      if (op < 0.45) {
        m.set(a, b, i);
        model.set(pairText(a, b), i);
      } else if (op < 0.75) {
        expect(m.delete(b, a)).toBe(model.delete(pairText(a, b)));
      } else {
        expect(m.get(a, b)).toBe(model.get(pairText(a, b)));
      }
      if (i % 97 === 0) expect(m.size).toBe(model.size);
    }
    // every pair the model holds is found, and nothing else
    for (const a of pool) for (const b of pool) expect(m.get(a, b)).toBe(model.get(pairText(a, b)));
  });
});

describe('BoundedEndpointPairMap (forgotten connections)', () => {
  it('holds the pairs of its last `limit` sets: the oldest leave first, an update or a set after a delete counts as new', () => {
    const m = new BoundedEndpointPairMap<string>(3);
    m.set(1, 2, 'a');
    m.set(3, 4, 'b');
    m.set(5, 6, 'c');
    m.set(7, 8, 'd'); // (1,2) leaves
    expect([m.get(2, 1), m.get(3, 4), m.get(5, 6), m.get(7, 8), m.size]).toEqual([undefined, 'b', 'c', 'd', 3]);
    m.set(4, 3, 'b2'); // an update: now the newest
    m.set(9, 10, 'e'); // (5,6) leaves, being the oldest set
    expect([m.get(3, 4), m.get(5, 6), m.get(7, 8), m.get(9, 10)]).toEqual(['b2', undefined, 'd', 'e']);
    m.delete(7, 8);
    expect([m.get(7, 8), m.size]).toEqual([undefined, 2]);
  });

  it('agrees with a model of its last `limit` sets over 100,000 random operations (limits 1, 7 and 1,000)', () => {
    for (const limit of [1, 7, 1000]) {
      const rnd = seededRandom(limit + 1);
      const pool = endpointPool(rnd, Math.max(4, Math.ceil(Math.sqrt(limit * 3))));
      const m = new BoundedEndpointPairMap<number>(limit);
      // per pair: its value and the number of the set() that put it there (deleted: gone)
      const model = new Map<string, { value: number; setNo: number }>();
      let sets = 0;
      for (let i = 0; i < 100_000; i++) {
        const a = pool[Math.floor(rnd() * pool.length)];
        const b = pool[Math.floor(rnd() * pool.length)];
        const op = rnd();
        if (op < 0.5) {
          m.set(a, b, i);
          model.set(pairText(a, b), { value: i, setNo: sets++ });
        } else if (op < 0.6) {
          m.delete(a, b);
          model.delete(pairText(a, b));
        } else {
          const known = model.get(pairText(a, b));
          expect(m.get(b, a)).toBe(known && known.setNo >= sets - limit ? known.value : undefined);
        }
      }
      const held = [...model.values()].filter((k) => k.setNo >= sets - limit).length;
      expect(m.size).toBe(held);
      expect(m.size).toBeLessThanOrEqual(limit);
    }
  });
});

describe('endpoint ids', () => {
  it('IPv4: address × 65536 + port, ordered by address then port; IPv6: groups and port as text; never equal across versions', () => {
    const v4 = new Uint8Array([10, 0, 0, 1, 255, 255, 255, 255]);
    expect(ipv4EndpointId(v4, 0, 443)).toBe((10 * 2 ** 24 + 1) * 65536 + 443);
    expect(ipv4EndpointId(v4, 4, 65535)).toBe(2 ** 48 - 1);
    expect(ipv4EndpointId(v4, 0, 65535)).toBeLessThan(ipv4EndpointId(v4, 4, 0));
    const v6 = new Uint8Array(16);
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 1;
    const id6 = ipv6EndpointId(v6, 0, 443);
    expect([...id6].map((c) => c.charCodeAt(0))).toEqual([0x2001, 0, 0, 0, 0, 0, 0, 1, 443]);
    expect(ipv6EndpointId(v6, 0, 444)).not.toBe(id6);
  });
});
