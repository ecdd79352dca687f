import { describe, expect, it } from 'vitest';
import { PcapParser } from '../../../../main/engine/io/pcap';
import { buildPcap, LINK, patternBytes, type ByteOrder } from '../../../fixtures/builders';
import { CollectingSink, feed } from '../support/collect';

const RECORDS = [
  { seconds: 1000, fraction: 1, data: patternBytes(60, 1) },
  { seconds: 1001, fraction: 999_999, data: patternBytes(61, 2), originalLength: 1514 },
  { seconds: 4_000_000_000, fraction: 500_000, data: patternBytes(7, 3) },
];

describe('pcap: byte order and timestamp precision', () => {
  for (const byteOrder of ['le', 'be'] as ByteOrder[]) {
    for (const precision of ['micro', 'nano'] as const) {
      it(`${byteOrder} ${precision}: frames, lengths, offsets and times as written`, () => {
        const units = precision === 'nano' ? 1e9 : 1e6;
        const file = buildPcap({ byteOrder, precision, linkType: LINK.ETHERNET, snapLength: 65535, records: RECORDS });
        const sink = new CollectingSink();
        feed(new PcapParser(sink), [file.bytes]);
        expect(sink.anomalies).toEqual([]);
        expect(sink.interfaces).toEqual([{ id: 0, linkType: 1, snapLength: 65535, unitsPerSecond: units }]);
        expect(sink.frames.map((f) => f.frame)).toEqual([1, 2, 3]);
        sink.frames.forEach((f, i) => {
          const r = RECORDS[i];
          expect(f.linkType).toBe(1);
          expect(f.interfaceId).toBe(0);
          expect(f.capturedLength).toBe(r.data.length);
          expect(f.originalLength).toBe(r.originalLength ?? r.data.length);
          expect(f.data).toEqual(r.data);
          expect(f.fileOffset).toBe(file.dataOffsets[i]);
          expect(f.time).toBeCloseTo(r.seconds + r.fraction / units, 9);
        });
      });
    }
  }

  it('nanosecond fractions are not read as microseconds', () => {
    const file = buildPcap({ precision: 'nano', linkType: LINK.RAW, records: [{ seconds: 10, fraction: 123_456_789, data: patternBytes(20) }] });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(sink.frames[0].time).toBeCloseTo(10.123456789, 9);
  });

  it('microsecond timestamps near today keep microsecond precision', () => {
    const file = buildPcap({ linkType: LINK.RAW, records: [{ seconds: 1_700_000_000, fraction: 654_321, data: patternBytes(20) }] });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(Math.abs(sink.frames[0].time - 1_700_000_000.654321)).toBeLessThan(5e-7);
  });

  it('link-type field with FCS-length bits in its upper bits still means its lower 16 bits', () => {
    for (const byteOrder of ['le', 'be'] as ByteOrder[]) {
      const file = buildPcap({ byteOrder, linkType: LINK.ETHERNET, fcsLengthWords: 2, records: [{ seconds: 1, fraction: 0, data: patternBytes(64) }] });
      // the field as written really carries the extra bits
      const field = new DataView(file.bytes.buffer).getUint32(20, byteOrder === 'le');
      expect(field).toBe(0x24000001);
      const sink = new CollectingSink();
      feed(new PcapParser(sink), [file.bytes]);
      expect(sink.interfaces[0].linkType).toBe(1);
      expect(sink.frames[0].linkType).toBe(1);
      expect(sink.anomalies).toEqual([]);
    }
  });

  it('a version other than 2.x is read with a warning', () => {
    const file = buildPcap({ linkType: LINK.RAW, version: [3, 0], records: [{ seconds: 1, fraction: 0, data: patternBytes(20) }] });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(sink.codes()).toEqual(['pcap.version']);
    expect(sink.frames).toHaveLength(1);
  });

  it('a sub-second field out of range and a captured length above the wire length are warned about, frame kept', () => {
    const file = buildPcap({
      linkType: LINK.RAW,
      records: [
        { seconds: 5, fraction: 1_000_000, data: patternBytes(20) },
        { seconds: 6, fraction: 0, data: patternBytes(30), originalLength: 20 },
      ],
    });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(sink.frames).toHaveLength(2);
    expect(sink.anomalies.map((a) => [a.code, a.frame, a.fileOffset])).toEqual([
      ['pcap.bad-timestamp', 1, file.recordOffsets[0]],
      ['pcap.caplen-over-len', 2, file.recordOffsets[1]],
    ]);
  });
});
