import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { LINK, patternBytes, PcapngBuilder } from '../../../fixtures/builders';
import { CollectingSink, feed } from '../support/collect';

describe('pcapng: sections', () => {
  it('a second section (other byte order) restarts interface ids', () => {
    const b = new PcapngBuilder()
      .section('le')
      .interface({ linkType: LINK.ETHERNET })
      .interface({ linkType: LINK.RAW })
      .epb({ interfaceId: 1, timestamp: 1_000_000n, data: patternBytes(20, 1) })
      .section('be')
      .interface({ linkType: LINK.LINUX_SLL2, tsresol: 9 })
      .epb({ interfaceId: 0, timestamp: 2_000_000_000n, data: patternBytes(30, 2) })
      .epb({ interfaceId: 1, timestamp: 3_000_000_000n, data: patternBytes(30, 3) });
    const sink = new CollectingSink();
    feed(new PcapngParser(sink), [b.build()]);
    expect(sink.interfaces.map((i) => [i.id, i.linkType])).toEqual([
      [0, 1],
      [1, 101],
      [0, 276],
    ]);
    expect(sink.frames.map((f) => [f.interfaceId, f.linkType, f.time])).toEqual([
      [1, 101, 1],
      [0, 276, 2],
    ]);
    // interface 1 belonged to the first section only
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.unknown-interface', b.packets[2].blockOffset]]);
    expect(sink.frames[1].fileOffset).toBe(b.packets[1].dataOffset);
  });

  it('a big-endian file reads the same as its little-endian twin', () => {
    const make = (order: 'le' | 'be') =>
      new PcapngBuilder()
        .section(order)
        .interface({ linkType: LINK.ETHERNET, snapLength: 1500, name: 'en0', tsresol: 9 })
        .epb({ interfaceId: 0, timestamp: 0x1_2345_6789n, data: patternBytes(77, 9), originalLength: 1400 })
        .spb({ data: patternBytes(10, 1) });
    const read = (b: PcapngBuilder) => {
      const sink = new CollectingSink();
      feed(new PcapngParser(sink), [b.build()]);
      return sink;
    };
    const le = read(make('le'));
    const be = read(make('be'));
    expect(be.anomalies).toEqual([]);
    expect(be.interfaces).toEqual(le.interfaces);
    expect(be.frames).toEqual(le.frames);
    expect(be.frames[0]).toMatchObject({ capturedLength: 77, originalLength: 1400, time: 0x1_2345_6789 / 1e9 });
    expect(be.interfaces[0]).toMatchObject({ name: 'en0', snapLength: 1500, unitsPerSecond: 1e9 });
  });
});
