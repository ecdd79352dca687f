import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { ByteWriter, concat, LINK, patternBytes, PcapngBuilder } from '../../../fixtures/builders';
import { bytewise, CollectingSink, feed } from '../support/collect';

function start(): PcapngBuilder {
  return new PcapngBuilder().section().interface({ linkType: LINK.RAW }).epb({ interfaceId: 0, timestamp: 1n, data: patternBytes(20, 1) });
}

function parse(bytes: Uint8Array, bytewiseToo = true): CollectingSink[] {
  const runs = bytewiseToo ? [[bytes], bytewise(bytes)] : [[bytes]];
  return runs.map((chunks) => {
    const sink = new CollectingSink();
    const parser = feed(new PcapngParser(sink), chunks);
    expect(parser.halted).toBe(true);
    return sink;
  });
}

describe('pcapng: corrupt blocks halt with the offset, earlier frames kept', () => {
  it('a block length that is not a multiple of 4', () => {
    const b = start();
    const badAt = b.offset;
    b.block(6, patternBytes(28), { length: 30 }).epb({ interfaceId: 0, timestamp: 2n, data: patternBytes(20, 2) });
    for (const sink of parse(b.build())) {
      expect(sink.frames).toHaveLength(1);
      expect(sink.anomalies.map((a) => [a.code, a.severity, a.fileOffset])).toEqual([['pcapng.bad-block-length', 'error', badAt]]);
      expect(sink.anomalies[0].message).toContain(`offset ${badAt}`);
    }
  });

  it('a block length below the 12-byte minimum', () => {
    const b = start();
    const badAt = b.offset;
    b.raw(new ByteWriter('le').u32(6).u32(8).u32(8).finish());
    for (const sink of parse(b.build())) expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.bad-block-length', badAt]]);
  });

  it('a trailing length that differs from the leading one', () => {
    const b = start();
    const badAt = b.offset;
    b.block(6, new ByteWriter('le').u32(0).u32(0).u32(2).u32(20).u32(20).bytes(patternBytes(20)).finish(), { trailer: 1000 });
    b.epb({ interfaceId: 0, timestamp: 3n, data: patternBytes(20, 3) });
    for (const sink of parse(b.build())) {
      expect(sink.frames).toHaveLength(1);
      expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.length-mismatch', badAt]]);
    }
  });

  it('an absurd block length halts as soon as the block header is there, without waiting for its bytes', () => {
    const b = start();
    const badAt = b.offset;
    b.raw(new ByteWriter('le').u32(6).u32(0x7ffffff0).u32(0).finish());
    const sink = new CollectingSink();
    const parser = new PcapngParser(sink);
    parser.push(b.build());
    expect(parser.halted).toBe(true);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.bad-block-length', badAt]]);
    expect(sink.frames).toHaveLength(1);
  });

  it('a block cut by the end of the file: truncated-block at its start', () => {
    const b = start().epb({ interfaceId: 0, timestamp: 2n, data: patternBytes(40, 2) });
    const cutAt = b.packets[1].blockOffset;
    const bytes = b.build().subarray(0, cutAt + 30);
    for (const sink of parse(bytes)) {
      expect(sink.frames).toHaveLength(1);
      expect(sink.anomalies.map((a) => [a.code, a.severity, a.fileOffset])).toEqual([['pcapng.truncated-block', 'error', cutAt]]);
    }
  });

  it('a file cut right after a block header fragment shorter than 12 bytes', () => {
    const b = start();
    const cutAt = b.offset;
    const bytes = concat(b.build(), [6, 0, 0, 0, 40]);
    for (const sink of parse(bytes)) expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.truncated-block', cutAt]]);
  });

  it('no section header first: not a pcapng file', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.RAW });
    const withoutShb = b.build().subarray(28);
    for (const sink of parse(withoutShb)) expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['capture.unknown-format', 0]]);
  });

  it('a section header without a valid byte-order magic', () => {
    const bytes = new PcapngBuilder().section().build();
    bytes.set([1, 2, 3, 4], 8);
    for (const sink of parse(bytes)) expect(sink.codes()).toEqual(['pcapng.bad-byte-order']);
  });

  it('a section of major version 2', () => {
    const b = start();
    const secondAt = b.offset;
    b.section('le', { major: 2 }).interface({ linkType: LINK.RAW });
    for (const sink of parse(b.build())) {
      expect(sink.frames).toHaveLength(1);
      expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcapng.version', secondAt]]);
    }
  });

  it('an interface block too short to hold its fields: warning, its frames skipped, later interface ids unchanged', () => {
    const b = new PcapngBuilder().section();
    const shortAt = b.offset;
    b.block(1, new Uint8Array(0)); // 12-byte IDB: no link type, no snap length
    b.interface({ linkType: LINK.ETHERNET });
    b.epb({ interfaceId: 1, timestamp: 2n, data: patternBytes(20, 2) });
    b.epb({ interfaceId: 0, timestamp: 3n, data: patternBytes(20, 3) });
    b.block(1, new Uint8Array(0)); // and one at the very end of the file
    for (const chunks of [[b.build()], bytewise(b.build())]) {
      const sink = new CollectingSink();
      expect(() => feed(new PcapngParser(sink), chunks)).not.toThrow();
      expect(sink.frames.map((f) => [f.interfaceId, f.linkType])).toEqual([[1, 1]]);
      expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([
        ['pcapng.bad-interface-block', shortAt],
        ['pcapng.unknown-interface', b.packets[1].blockOffset],
        ['pcapng.bad-interface-block', b.blockOffsets[b.blockOffsets.length - 1]],
      ]);
    }
  });
});
