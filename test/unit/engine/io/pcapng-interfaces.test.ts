import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { LINK, patternBytes, PcapngBuilder, type ByteOrder } from '../../../fixtures/builders';
import { CollectingSink, feed } from '../support/collect';

function threeInterfaces(order: ByteOrder) {
  const b = new PcapngBuilder()
    .section(order)
    .interface({ linkType: LINK.ETHERNET, snapLength: 65535, name: 'eth0' }) // default resolution: µs
    .interface({ linkType: LINK.RAW, snapLength: 262144, name: 'tun0', description: 'VPN', tsresol: 9 }) // ns
    .interface({ linkType: LINK.LINUX_SLL, snapLength: 0, tsresol: 0x80 | 20, tsoffset: 1_600_000_000n }) // 2^-20 s, plus an offset
    .interface({ linkType: LINK.NULL, tsresol: 3 }); // ms
  b.epb({ interfaceId: 0, timestamp: 1_700_000_000_123_456n, data: patternBytes(60, 0) });
  b.epb({ interfaceId: 1, timestamp: 1_700_000_000_987_654_321n, data: patternBytes(41, 1) });
  b.epb({ interfaceId: 2, timestamp: 5n * 2n ** 20n + 2n ** 19n, data: patternBytes(73, 2) }); // 5.5 units of 2^20
  b.epb({ interfaceId: 3, timestamp: 1_700_000_000_250n, data: patternBytes(44, 3) });
  b.epb({ interfaceId: 1, timestamp: 1n, data: patternBytes(45, 4) });
  return b;
}

describe('pcapng: several interfaces', () => {
  for (const order of ['le', 'be'] as ByteOrder[]) {
    it(`${order}: each interface keeps its link type, snap length, name and timestamp resolution`, () => {
      const b = threeInterfaces(order);
      const sink = new CollectingSink();
      feed(new PcapngParser(sink), [b.build()]);
      expect(sink.anomalies).toEqual([]);
      expect(sink.interfaces).toEqual([
        { id: 0, linkType: 1, snapLength: 65535, name: 'eth0', unitsPerSecond: 1e6 },
        { id: 1, linkType: 101, snapLength: 262144, name: 'tun0', description: 'VPN', unitsPerSecond: 1e9 },
        { id: 2, linkType: 113, snapLength: 0, unitsPerSecond: 2 ** 20 },
        { id: 3, linkType: 0, snapLength: 0, unitsPerSecond: 1e3 },
      ]);
      expect(sink.frames.map((f) => [f.frame, f.interfaceId, f.linkType])).toEqual([
        [1, 0, 1],
        [2, 1, 101],
        [3, 2, 113],
        [4, 3, 0],
        [5, 1, 101],
      ]);
      const times = sink.frames.map((f) => f.time);
      expect(Math.abs(times[0] - 1_700_000_000.123456)).toBeLessThan(5e-7);
      expect(Math.abs(times[1] - 1_700_000_000.987654321)).toBeLessThan(5e-7);
      // 2^-20 resolution and if_tsoffset in seconds: exactly representable
      expect(times[2]).toBe(1_600_000_005.5);
      expect(times[3]).toBeCloseTo(1_700_000_000.25, 6);
      expect(times[4]).toBe(1e-9);
      sink.frames.forEach((f, i) => {
        expect(f.fileOffset).toBe(b.packets[i].dataOffset);
        expect(f.data).toEqual(patternBytes([60, 41, 73, 44, 45][i], i));
      });
    });
  }

  it('a negative if_tsoffset moves timestamps back', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.RAW, tsoffset: -100n }).epb({ interfaceId: 0, timestamp: 1_000_000_000n, data: patternBytes(20) });
    const sink = new CollectingSink();
    feed(new PcapngParser(sink), [b.build()]);
    expect(sink.frames[0].time).toBe(900);
  });
});
