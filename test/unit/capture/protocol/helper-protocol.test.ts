import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HelperProtocolError,
  HelperStreamDecoder,
  STREAM_MAGIC,
  encodeMessage,
  encodePacket,
  type HelperPacket,
} from '../../../../main/capture/protocol/helper-protocol';
import type { HelperMessage } from '../../../../main/capture/protocol/helper-messages';
import { HelperOutput, type ByteOut } from '../../../../main/capture/helper/helper-output';
import { LiveCapture } from '../../../../main/capture/client/capture-source';
import { CaptureError } from '../../../../main/capture/protocol/capture-error';
import { readCaptureFile } from '../../../../main/engine/files/read-capture-file';
import { concatBytes } from '../../../../main/engine/util/bytes';

type Item = { kind: 'packet'; tsSec: number; tsUsec: number; data: number[]; originalLength: number } | { kind: 'message'; message: HelperMessage };


/** a small PRNG so failures replay */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function sampleStream(): { bytes: Uint8Array; items: Item[] } {
  const r = rng(7);
  const items: Item[] = [];
  const parts: Uint8Array[] = [STREAM_MAGIC];
  const started: HelperMessage = { type: 'stats', stats: { captured: 1, capturedBytes: 2, queueDropped: 0, queuedBytes: 0, kernel: null, interfaceDrops: 0, time: 1.5 } };
  items.push({ kind: 'message', message: started });
  parts.push(encodeMessage(started));
  for (let i = 0; i < 12; i++) {
    const len = i === 3 ? 0 : Math.floor(r() * 90);
    const data = Array.from({ length: len }, () => Math.floor(r() * 256));
    const item: Item = { kind: 'packet', tsSec: 1_800_000_000 + i, tsUsec: Math.floor(r() * 1e6), data, originalLength: len + (i % 3) * 10 };
    items.push(item);
    parts.push(encodePacket(item.tsSec, item.tsUsec, new Uint8Array(data), item.originalLength));
    if (i % 5 === 4) {
      const m: HelperMessage = { type: 'error', error: { code: 'capture.open-failed', messageKey: 'capture.open-failed', params: { n: i, text: 'ünïcødé 抓包' }, message: 'x' } };
      items.push({ kind: 'message', message: m });
      parts.push(encodeMessage(m));
    }
  }
  return { bytes: concatBytes(...parts), items };
}

function decodeInChunks(bytes: Uint8Array, cuts: number[]): Item[] {
  const got: Item[] = [];
  const decoder = new HelperStreamDecoder({
    // data is a view valid during the call: copy it
    packet: (p: HelperPacket) => got.push({ kind: 'packet', tsSec: p.tsSec, tsUsec: p.tsUsec, data: Array.from(p.data), originalLength: p.originalLength }),
    message: (m) => got.push({ kind: 'message', message: m }),
  });
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.push(bytes.slice(from, cut));
    from = cut;
  }
  decoder.end();
  return got;
}

describe('capture helper framing', () => {
  const { bytes, items } = sampleStream();

  it('round-trips packets and messages in one chunk', () => {
    expect(decodeInChunks(bytes, [])).toEqual(items);
  });

  it('round-trips with a chunk boundary at every byte position', () => {
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeInChunks(bytes, [cut])).toEqual(items);
  });

  it('round-trips byte by byte and with random chunk sizes', () => {
    expect(decodeInChunks(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(items);
    const r = rng(99);
    for (let trial = 0; trial < 50; trial++) {
      const cuts = Array.from({ length: 1 + Math.floor(r() * 20) }, () => 1 + Math.floor(r() * (bytes.length - 1))).sort((a, b) => a - b);
      expect(decodeInChunks(bytes, [...new Set(cuts)])).toEqual(items);
    }
  });

  const corrupt = (mutate: (b: Uint8Array) => Uint8Array, pattern: RegExp) => () => {
    const decoder = new HelperStreamDecoder({ packet: () => undefined, message: () => undefined });
    expect(() => {
      decoder.push(mutate(bytes.slice()));
      decoder.end();
    }).toThrow(pattern);
    expect(decoder.error).toBeInstanceOf(HelperProtocolError);
    // stays failed
    expect(() => decoder.push(new Uint8Array([1]))).toThrow(HelperProtocolError);
  };
  const firstPacketAt = STREAM_MAGIC.length + encodeMessage(items[0].kind === 'message' ? items[0].message : ({} as HelperMessage)).length;

  it('rejects a stream without the magic', corrupt((b) => ((b[0] = 0x58), b), /bad magic/));
  it('rejects an unknown record type', corrupt((b) => ((b[firstPacketAt] = 9), b), /unknown record type 9/));
  it('rejects non-zero reserved bytes', corrupt((b) => ((b[firstPacketAt + 2] = 1), b), /reserved/));
  it('rejects an absurd length at once, without waiting for the bytes', () => {
    const decoder = new HelperStreamDecoder({ packet: () => undefined, message: () => undefined });
    const header = new Uint8Array([1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]);
    expect(() => decoder.push(concatBytes(STREAM_MAGIC, header))).toThrow(/impossible packet record length/);
  });
  it('rejects a caplen that disagrees with the record length', corrupt((b) => ((b[firstPacketAt + 8 + 8] ^= 0x01), b), /captured bytes/));
  it('rejects a message that is not JSON', () => {
    const decoder = new HelperStreamDecoder({ packet: () => undefined, message: () => undefined });
    expect(() => decoder.push(concatBytes(STREAM_MAGIC, new Uint8Array([2, 0, 0, 0, 3, 0, 0, 0]), new TextEncoder().encode('{x}')))).toThrow(/not JSON/);
  });
  it('reports a stream cut inside a record at its end', corrupt((b) => b.subarray(0, b.length - 3), /ended inside a record/));
});

describe('helper output queue', () => {
  class FakeOut implements ByteOut {
    chunks: Uint8Array[] = [];
    writableLength = 0;
    write(chunk: Uint8Array): boolean {
      this.chunks.push(chunk.slice());
      return true;
    }
    end(cb?: () => void): void {
      cb?.();
    }
    on(): this {
      return this;
    }
  }

  it('batches packets into one write and keeps messages in order', () => {
    const out = new FakeOut();
    const output = new HelperOutput(out, 1 << 20);
    output.start();
    for (let i = 0; i < 5; i++) output.packet(1, i, new Uint8Array([i, i]), 2, 2);
    output.message({ type: 'filter-ok', interface: 'lo', filter: '', linkType: 1 });
    // magic, one batch of five packets, the message
    expect(out.chunks.length).toBe(3);
    const got = decodeInChunks(concatBytes(...out.chunks), []);
    expect(got.map((g) => g.kind)).toEqual(['packet', 'packet', 'packet', 'packet', 'packet', 'message']);
  });

  it('drops and counts packets when the app does not read, never messages', () => {
    const out = new FakeOut();
    const output = new HelperOutput(out, 1000);
    output.start();
    out.writableLength = 990; // the app stopped reading
    let accepted = 0;
    for (let i = 0; i < 10; i++) if (output.packet(1, 0, new Uint8Array(100), 100, 100)) accepted++;
    expect(accepted).toBe(0);
    expect(output.dropped).toBe(10);
    output.message({ type: 'filter-ok', interface: 'lo', filter: '', linkType: 1 });
    expect(decodeInChunks(concatBytes(...out.chunks), []).map((g) => g.kind)).toEqual(['message']);
  });
});

describe('LiveCapture against a misbehaving helper (no capture rights needed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-fake-helper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };
  const started = JSON.stringify({ type: 'started', interface: 'fake0', linkType: 1, capLinkType: 'ETHERNET', snapLength: 65535, filter: '', promiscuous: true, bufferSize: 1, timestampSource: 'helper-clock', warnings: [], pid: 1 });
  const prelude = `
    const rec = (type, body) => { const h = Buffer.alloc(8); h[0] = type; h.writeUInt32LE(body.length, 4); return Buffer.concat([h, body]); };
    const msg = (o) => rec(2, Buffer.from(JSON.stringify(o)));
    const pkt = (data) => { const h = Buffer.alloc(16); h.writeUInt32LE(1800000000, 0); h.writeUInt32LE(5, 4); h.writeUInt32LE(data.length, 8); h.writeUInt32LE(data.length, 12); return rec(1, Buffer.concat([h, data])); };
    process.stdout.write('TLSLCAP1');
  `;

  it('a corrupt stream is an error, not a hang', async () => {
    const helperPath = fake('garbage.js', `${prelude} process.stdout.write(Buffer.from([7,7,7,7,7,7,7,7,7,7])); setInterval(() => {}, 1000);`);
    const err = await LiveCapture.start({ interface: 'fake0', captureDir: dir, launch: { helperPath } }).catch((e) => e);
    expect(err).toBeInstanceOf(CaptureError);
    expect((err as CaptureError).code).toBe('capture.protocol-error');
  });

  it('a helper that dies mid-capture ends it with a plain error and a readable file', async () => {
    const frame = Buffer.alloc(60, 0xab);
    const helperPath = fake('crash.js', `${prelude} process.stdout.write(msg(${started})); process.stdout.write(pkt(Buffer.from('${frame.toString('hex')}', 'hex')), () => process.exit(3));`);
    const capture = await LiveCapture.start({ interface: 'fake0', captureDir: dir, launch: { helperPath } });
    const result = await capture.done;
    expect(result.error?.code).toBe('capture.helper-failed');
    expect(result.error?.message).toMatch(/exit code 3/);
    expect(result.stats.frames).toBe(1);
    const frames: number[] = [];
    const read = await readCaptureFile(result.path, { frame: (f) => frames.push(f.capturedLength), anomaly: () => undefined });
    expect(read.halted).toBe(false);
    expect(frames).toEqual([60]);
  });

  it('an error before the start rejects with the helper\'s code and removes the reserved file', async () => {
    const error = { code: 'capture.permission-denied', messageKey: 'capture.permission-denied', params: { interface: 'fake0', pcapError: 'socket: Operation not permitted', platform: 'linux', nodePath: '/usr/bin/node' }, message: '' };
    const helperPath = fake('denied.js', `${prelude} process.stdout.write(msg({ type: 'error', error: ${JSON.stringify(error)} }), () => process.exit(1));`);
    const err = (await LiveCapture.start({ interface: 'fake0', captureDir: join(dir, 'denied'), launch: { helperPath } }).catch((e) => e)) as CaptureError;
    expect(err.code).toBe('capture.permission-denied');
    expect(err.message).toContain('sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which node))');
    expect(err.stack).toBeDefined();
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(dir, 'denied'))).toEqual([]);
  });
});
