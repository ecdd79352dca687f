import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBytesAt, readCaptureFile } from '../../../../main/engine/files/read-capture-file';
import { detectCaptureFormat } from '../../../../main/engine/io/capture-parser';
import { ascii, buildPcap, LINK, patternBytes, PcapngBuilder } from '../../../fixtures/builders';
import { CollectingSink } from '../support/collect';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const pcap = buildPcap({
  linkType: LINK.ETHERNET,
  records: [54, 1514, 60, 700].map((n, i) => ({ seconds: 100 + i, fraction: 0, data: patternBytes(n, i) })),
});

describe('readCaptureFile', () => {
  it('a file that is not a capture: capture.unknown-format at offset 0, no throw, no frames', async () => {
    const path = write('notes.txt', ascii('these are not the packets you are looking for\n'));
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink);
    expect(result).toMatchObject({ format: null, frames: 0, halted: true, cancelled: false });
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['capture.unknown-format', 0]]);
    expect(sink.frames).toEqual([]);
  });

  it('an empty file: capture.empty, no throw', async () => {
    const path = write('empty.pcap', new Uint8Array(0));
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink);
    expect(result).toMatchObject({ format: null, frames: 0, halted: true, totalBytes: 0 });
    expect(sink.codes()).toEqual(['capture.empty']);
  });

  it('a file shorter than a magic number: capture.empty', async () => {
    const path = write('three.pcap', pcap.bytes.subarray(0, 3));
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink);
    expect(result.halted).toBe(true);
    expect(sink.codes()).toEqual(['capture.empty']);
  });

  it('small read sizes give the frames a single read gives, and readBytesAt re-reads their data', async () => {
    const path = write('four.pcap', pcap.bytes);
    for (const chunkSize of [1, 3, 7, 64, 1 << 20]) {
      const sink = new CollectingSink();
      const result = await readCaptureFile(path, sink, { chunkSize });
      expect(result).toMatchObject({ format: 'pcap', frames: 4, halted: false, bytesRead: pcap.bytes.length, totalBytes: pcap.bytes.length });
      expect(sink.anomalies).toEqual([]);
      expect(sink.frames.map((f) => f.fileOffset)).toEqual(pcap.dataOffsets);
    }
    const sink = new CollectingSink();
    await readCaptureFile(path, sink, { chunkSize: 5 });
    for (const f of sink.frames) expect(await readBytesAt(path, f.fileOffset, f.capturedLength)).toEqual(f.data);
  });

  it('records longer than the room kept before a read window (up to 16 MiB): every frame whole, at any read size', async () => {
    // snap length 16 MiB so the reader accepts the long records; sizes around the 64 KiB and
    // 1 MiB rooms the reader starts with, and one that makes it grow twice
    const sizes = [60, 70_000, 1514, (1 << 20) + 3, 54, 3 * (1 << 20) + 17, 700];
    const big = buildPcap({ linkType: LINK.ETHERNET, snapLength: 16 << 20, records: sizes.map((n, i) => ({ seconds: 10 + i, fraction: 0, data: patternBytes(n, i + 7) })) });
    const path = write('long-records.pcap', big.bytes);
    for (const chunkSize of [4096, 65_536, 1 << 20]) {
      const sink = new CollectingSink();
      const result = await readCaptureFile(path, sink, { chunkSize });
      expect(result, `chunk ${chunkSize}`).toMatchObject({ format: 'pcap', frames: sizes.length, halted: false, bytesRead: big.bytes.length });
      expect(sink.anomalies).toEqual([]);
      expect(sink.frames.map((f) => f.data.length)).toEqual(sizes);
      // Buffer.equals: a deep comparison of megabyte arrays element by element takes minutes
      sink.frames.forEach((f, i) => expect(Buffer.from(f.data).equals(patternBytes(sizes[i], i + 7)), `chunk ${chunkSize}, frame ${i + 1}`).toBe(true));
    }
  });

  it('detects pcapng by its section header', async () => {
    const ng = new PcapngBuilder().section('be').interface({ linkType: LINK.RAW }).epb({ interfaceId: 0, timestamp: 5_000_000n, data: patternBytes(40) });
    const path = write('one.pcapng', ng.build());
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink, { chunkSize: 2 });
    expect(result).toMatchObject({ format: 'pcapng', frames: 1, halted: false });
    expect(sink.frames[0]).toMatchObject({ time: 5, linkType: LINK.RAW, fileOffset: ng.packets[0].dataOffset });
  });

  it('a truncated last record: frames before it kept, anomaly with its offset, result not complete', async () => {
    const path = write('cut.pcap', pcap.bytes.subarray(0, pcap.dataOffsets[3] + 10));
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink, { chunkSize: 16 });
    expect(result.frames).toBe(3);
    expect(sink.frames).toHaveLength(3);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcap.truncated-record', pcap.recordOffsets[3]]]);
    // the report documents a truncated file as incomplete
    expect(result.halted).toBe(true);
  });

  it('a corrupt record length stops reading and says so', async () => {
    const bytes = pcap.bytes.slice();
    new DataView(bytes.buffer).setUint32(pcap.recordOffsets[2] + 8, 0xfffffff0, true);
    const path = write('absurd.pcap', bytes);
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink, { chunkSize: 32 });
    expect(result.halted).toBe(true);
    expect(result.frames).toBe(2);
    expect(sink.anomalies.map((a) => [a.code, a.fileOffset])).toEqual([['pcap.absurd-length', pcap.recordOffsets[2]]]);
  });

  it('an aborted signal cancels before reading frames', async () => {
    const path = write('cancel.pcap', pcap.bytes);
    const controller = new AbortController();
    controller.abort();
    const sink = new CollectingSink();
    const result = await readCaptureFile(path, sink, { signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(sink.frames).toEqual([]);
  });

  it('a missing file throws (the only case that does)', async () => {
    await expect(readCaptureFile(join(dir, 'does-not-exist.pcap'), new CollectingSink())).rejects.toThrow();
  });
});

describe('detectCaptureFormat', () => {
  it('knows both pcap magics in both byte orders and the pcapng section header', () => {
    expect(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0x4d, 0x3c, 0xb2, 0xa1))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d))).toBe('pcap');
    expect(detectCaptureFormat(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a))).toBe('pcapng');
    expect(detectCaptureFormat(ascii('PK\x03\x04'))).toBeNull();
    expect(detectCaptureFormat(Uint8Array.of(0xd4, 0xc3))).toBeNull();
  });
});
