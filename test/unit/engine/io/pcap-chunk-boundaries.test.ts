import { describe, expect, it } from 'vitest';
import { PcapParser } from '../../../../main/engine/io/pcap';
import { buildPcap, LINK, patternBytes, seededRandom, splitIntoChunks, type BuiltCapture } from '../../../fixtures/builders';
import { bytewise, CollectingSink, feed } from '../support/collect';

function sampleFile(): BuiltCapture {
  const sizes = [54, 0, 1, 1514, 60, 333, 17];
  return buildPcap({
    byteOrder: 'be',
    precision: 'nano',
    linkType: LINK.ETHERNET,
    records: sizes.map((n, i) => ({ seconds: 1_700_000_000 + i, fraction: i * 1000, data: patternBytes(n, i) })),
  });
}

function parse(chunks: Iterable<Uint8Array>): CollectingSink {
  const sink = new CollectingSink();
  feed(new PcapParser(sink), chunks);
  return sink;
}

describe('pcap: chunk boundaries anywhere', () => {
  const file = sampleFile();
  const whole = parse([file.bytes]);

  it('a single push gives every frame with fileOffset at its packet data', () => {
    expect(whole.anomalies).toEqual([]);
    expect(whole.frames).toHaveLength(7);
    whole.frames.forEach((f, i) => {
      expect(f.fileOffset).toBe(file.dataOffsets[i]);
      expect(file.bytes.subarray(f.fileOffset, f.fileOffset + f.capturedLength)).toEqual(f.data);
    });
  });

  it('one byte at a time gives the same frames and offsets', () => {
    const sink = parse(bytewise(file.bytes));
    expect(sink.anomalies).toEqual([]);
    expect(sink.frames).toEqual(whole.frames);
  });

  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`random chunk sizes (seed ${seed}) give the same frames and offsets`, () => {
      const rnd = seededRandom(seed);
      const chunks = splitIntoChunks(file.bytes, () => 1 + rnd() * 700);
      const sink = parse(chunks);
      expect(sink.anomalies).toEqual([]);
      expect(sink.frames).toEqual(whole.frames);
    });
  }

  it('chunks that end exactly at record boundaries', () => {
    const cuts = [0, ...file.recordOffsets, file.bytes.length];
    const chunks = cuts.slice(1).map((end, i) => file.bytes.slice(cuts[i], end));
    expect(parse(chunks).frames).toEqual(whole.frames);
  });

  it('empty chunks in between change nothing', () => {
    const chunks = splitIntoChunks(file.bytes, () => 100).flatMap((c) => [new Uint8Array(0), c]);
    expect(parse(chunks).frames).toEqual(whole.frames);
  });
});
