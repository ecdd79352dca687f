import { describe, expect, it } from 'vitest';
import { PcapParser } from '../../../../main/engine/io/pcap';
import { ascii, buildPcap, concat, LINK, patternBytes, pcapRecord } from '../../../fixtures/builders';
import { bytewise, CollectingSink, feed } from '../support/collect';

const threeFrames = () =>
  buildPcap({
    linkType: LINK.ETHERNET,
    records: [
      { seconds: 1, fraction: 0, data: patternBytes(100, 1) },
      { seconds: 2, fraction: 0, data: patternBytes(200, 2) },
      { seconds: 3, fraction: 0, data: patternBytes(300, 3) },
    ],
  });

describe('pcap: truncated and corrupt files', () => {
  it('a last record cut in its data: earlier frames kept, anomaly at the record', () => {
    const file = threeFrames();
    const cut = file.bytes.subarray(0, file.dataOffsets[2] + 150);
    for (const chunks of [[cut], bytewise(cut)]) {
      const sink = new CollectingSink();
      const parser = feed(new PcapParser(sink), chunks);
      expect(sink.frames.map((f) => f.data)).toEqual([patternBytes(100, 1), patternBytes(200, 2)]);
      expect(sink.anomalies).toHaveLength(1);
      expect(sink.anomalies[0]).toMatchObject({ code: 'pcap.truncated-record', severity: 'error', fileOffset: file.recordOffsets[2] });
      expect(sink.anomalies[0].message).toContain(String(file.recordOffsets[2]));
      expect(parser.frameCount).toBe(2);
    }
  });

  it('a last record cut inside its 16-byte header', () => {
    const file = threeFrames();
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes.subarray(0, file.recordOffsets[2] + 5)]);
    expect(sink.frames).toHaveLength(2);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcap.truncated-record', file.recordOffsets[2]]]);
  });

  it('a file cut inside the 24-byte file header', () => {
    const file = threeFrames();
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes.subarray(0, 10)]);
    expect(sink.frames).toEqual([]);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcap.truncated-header', 0]]);
  });

  it('an absurd captured length halts at that record, naming its offset, without waiting for the bytes', () => {
    const good = threeFrames();
    const bad = pcapRecord({ seconds: 9, fraction: 0, data: new Uint8Array(0), capturedLengthField: 0x7fff_ff00 });
    const bytes = concat(good.bytes.subarray(0, good.recordOffsets[2]), bad, patternBytes(64));
    const badOffset = good.recordOffsets[2];
    const sink = new CollectingSink();
    const parser = new PcapParser(sink);
    // exactly the record header: a reader that trusted the length would now wait for 2 GiB
    parser.push(bytes.subarray(0, badOffset + 16));
    expect(parser.halted).toBe(true);
    expect(sink.anomalies).toHaveLength(1);
    expect(sink.anomalies[0]).toMatchObject({ code: 'pcap.absurd-length', severity: 'error', fileOffset: badOffset });
    expect(sink.anomalies[0].message).toContain(`offset ${badOffset}`);
    // later bytes are ignored and end() adds nothing
    parser.push(bytes.subarray(badOffset + 16));
    parser.end();
    expect(sink.frames).toHaveLength(2);
    expect(sink.anomalies).toHaveLength(1);
  });

  it('a length beyond 16 MiB is absurd even when the header claims a huge snap length', () => {
    const file = buildPcap({ linkType: LINK.RAW, snapLength: 0xffffffff, records: [{ seconds: 1, fraction: 0, data: new Uint8Array(0), capturedLengthField: 20 * 1024 * 1024 }] });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(sink.codes()).toEqual(['pcap.absurd-length']);
    expect(sink.anomalies[0].fileOffset).toBe(24);
  });

  it('a record longer than 256 KiB is fine when the snap length allows it', () => {
    const big = patternBytes(300_000, 5);
    const file = buildPcap({ linkType: LINK.RAW, snapLength: 300_000, records: [{ seconds: 1, fraction: 0, data: big }] });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(sink.anomalies).toEqual([]);
    expect(Buffer.from(sink.frames[0].data).equals(Buffer.from(big))).toBe(true);
  });

  it('bytes that are not a pcap file halt with capture.unknown-format at offset 0', () => {
    const sink = new CollectingSink();
    const parser = feed(new PcapParser(sink), [ascii('GET / HTTP/1.1\r\nHost: example\r\n\r\n')]);
    expect(parser.halted).toBe(true);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['capture.unknown-format', 0]]);
    expect(sink.frames).toEqual([]);
  });

  it('no bytes at all: nothing reported by the parser itself', () => {
    const sink = new CollectingSink();
    feed(new PcapParser(sink), []);
    expect(sink.frames).toEqual([]);
    expect(sink.anomalies).toEqual([]);
  });

  it('a header-only file has no frames and no anomalies', () => {
    const file = buildPcap({ linkType: LINK.ETHERNET, records: [] });
    const sink = new CollectingSink();
    feed(new PcapParser(sink), [file.bytes]);
    expect(sink.frames).toEqual([]);
    expect(sink.anomalies).toEqual([]);
    expect(sink.interfaces).toHaveLength(1);
  });
});
