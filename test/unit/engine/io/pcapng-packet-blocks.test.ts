import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { LINK, patternBytes, PcapngBuilder } from '../../../fixtures/builders';
import { CollectingSink, feed } from '../support/collect';

function parse(b: PcapngBuilder): CollectingSink {
  const sink = new CollectingSink();
  feed(new PcapngParser(sink), [b.build()]);
  return sink;
}

describe('pcapng: packet blocks', () => {
  it('EPB data of every length modulo 4 (padding) and EPB options do not disturb the next block', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.RAW });
    const sizes = [20, 21, 22, 23, 0];
    sizes.forEach((n, i) => b.epb({ interfaceId: 0, timestamp: BigInt(i), data: patternBytes(n, i), originalLength: n + 100, options: i === 1 ? [{ code: 2, value: [0, 0, 0, 1] }, { code: 1, value: [0x68, 0x69] }] : [] }));
    const sink = parse(b);
    expect(sink.anomalies).toEqual([]);
    expect(sink.frames.map((f) => [f.capturedLength, f.originalLength, f.fileOffset])).toEqual(sizes.map((n, i) => [n, n + 100, b.packets[i].dataOffset]));
    sink.frames.forEach((f, i) => expect(f.data).toEqual(patternBytes(sizes[i], i)));
  });

  it('SPB: interface 0, no timestamp, data right after the original length', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.ETHERNET, snapLength: 0 }).spb({ data: patternBytes(61, 7) });
    const sink = parse(b);
    expect(sink.anomalies).toEqual([]);
    expect(sink.frames).toHaveLength(1);
    expect(sink.frames[0]).toMatchObject({ interfaceId: 0, linkType: 1, time: 0, capturedLength: 61, originalLength: 61, fileOffset: b.packets[0].dataOffset });
    expect(sink.frames[0].data).toEqual(patternBytes(61, 7));
  });

  it('SPB of a packet cut by the snap length: captured is what the block holds, original is the wire length', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.ETHERNET, snapLength: 40 }).spb({ data: patternBytes(40, 1), originalLength: 1514 });
    const sink = parse(b);
    expect(sink.frames[0]).toMatchObject({ capturedLength: 40, originalLength: 1514 });
    expect(sink.frames[0].data).toEqual(patternBytes(40, 1));
  });

  it('obsolete Packet Block (type 2) with a 16-bit interface id', () => {
    const b = new PcapngBuilder()
      .section('be')
      .interface({ linkType: LINK.ETHERNET })
      .interface({ linkType: LINK.RAW, tsresol: 9 })
      .opb({ interfaceId: 1, drops: 3, timestamp: 2_500_000_000n, data: patternBytes(33, 2), originalLength: 99 });
    const sink = parse(b);
    expect(sink.anomalies).toEqual([]);
    expect(sink.frames[0]).toMatchObject({ interfaceId: 1, linkType: 101, time: 2.5, capturedLength: 33, originalLength: 99, fileOffset: b.packets[0].dataOffset });
  });

  it('EPB referring to an interface never described: warning at the block, frame skipped, later frames still read', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.RAW });
    b.epb({ interfaceId: 0, timestamp: 1n, data: patternBytes(20, 1) });
    b.epb({ interfaceId: 4, timestamp: 2n, data: patternBytes(20, 2) });
    b.epb({ interfaceId: 0, timestamp: 3n, data: patternBytes(20, 3) });
    const sink = parse(b);
    expect(sink.frames.map((f) => f.data)).toEqual([patternBytes(20, 1), patternBytes(20, 3)]);
    expect(sink.anomalies.map((a) => [a.code, a.severity, a.fileOffset])).toEqual([['pcapng.unknown-interface', 'warning', b.packets[1].blockOffset]]);
  });

  it('EPB claiming more captured bytes than its block holds: warning and the frame cut to the block', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.RAW });
    b.epb({ interfaceId: 0, timestamp: 1n, data: patternBytes(24, 1), capturedLengthField: 4000 });
    b.epb({ interfaceId: 0, timestamp: 2n, data: patternBytes(20, 2) });
    const sink = parse(b);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.bad-packet-block', b.packets[0].blockOffset]]);
    expect(sink.frames[0].capturedLength).toBe(24);
    expect(sink.frames[0].data).toEqual(patternBytes(24, 1));
    expect(sink.frames[1].data).toEqual(patternBytes(20, 2));
  });
});
