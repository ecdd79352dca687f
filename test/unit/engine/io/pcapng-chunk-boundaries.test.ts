import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { ascii, LINK, patternBytes, PcapngBuilder, seededRandom, SECRETS_TLS_KEY_LOG, splitIntoChunks } from '../../../fixtures/builders';
import { bytewise, CollectingSink, feed } from '../support/collect';

function mixedFile(): PcapngBuilder {
  const b = new PcapngBuilder()
    .section('le')
    .interface({ linkType: LINK.ETHERNET, name: 'eth0' })
    .interface({ linkType: LINK.RAW, tsresol: 9 })
    .epb({ interfaceId: 0, timestamp: 10n, data: patternBytes(1514, 1) })
    .dsb(SECRETS_TLS_KEY_LOG, ascii('CLIENT_RANDOM aa bb\n'))
    .epb({ interfaceId: 1, timestamp: 20n, data: patternBytes(3, 2) })
    .block(0x0badcafe, patternBytes(5))
    .spb({ data: patternBytes(66, 3) })
    .section('be')
    .interface({ linkType: LINK.LINUX_SLL })
    .opb({ interfaceId: 0, timestamp: 30n, data: patternBytes(100, 4) })
    .epb({ interfaceId: 0, timestamp: 40n, data: patternBytes(0, 5) });
  return b;
}

function parse(chunks: Iterable<Uint8Array>): CollectingSink {
  const sink = new CollectingSink();
  feed(new PcapngParser(sink), chunks);
  return sink;
}

describe('pcapng: chunk boundaries anywhere', () => {
  const b = mixedFile();
  const bytes = b.build();
  const whole = parse([bytes]);

  it('a single push: frames at the offsets the builder recorded', () => {
    expect(whole.frames.map((f) => f.fileOffset)).toEqual(b.packets.map((p) => p.dataOffset));
    expect(whole.codes()).toEqual(['pcapng.skipped-block']);
    expect(whole.secretsBlocks).toHaveLength(1);
    whole.frames.forEach((f) => expect(bytes.subarray(f.fileOffset, f.fileOffset + f.capturedLength)).toEqual(f.data));
  });

  it('one byte at a time: same frames, interfaces, secrets and anomalies', () => {
    const sink = parse(bytewise(bytes));
    expect(sink.frames).toEqual(whole.frames);
    expect(sink.interfaces).toEqual(whole.interfaces);
    expect(sink.secretsBlocks).toEqual(whole.secretsBlocks);
    expect(sink.anomalies).toEqual(whole.anomalies);
  });

  for (const seed of [7, 8, 9, 10]) {
    it(`random chunk sizes (seed ${seed})`, () => {
      const rnd = seededRandom(seed);
      const sink = parse(splitIntoChunks(bytes, () => 1 + rnd() * 200));
      expect(sink.frames).toEqual(whole.frames);
      expect(sink.secretsBlocks).toEqual(whole.secretsBlocks);
      expect(sink.anomalies).toEqual(whole.anomalies);
    });
  }
});
