import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../../../main/engine/files/read-capture-file';
import type { CaptureFrame } from '../../../../main/engine/types';
import { CORPUS_AVAILABLE, CORPUS_DIR } from '../../../corpus/corpus';

/**
 * pcap-parser (an independent implementation) as an oracle for our classic
 * pcap reader on every microsecond pcap of the shared corpus: same frames,
 * same timestamps, same lengths, same bytes.
 */
const require = createRequire(import.meta.url);
const pcapParser = require('pcap-parser') as { parse(path: string): NodeJS.EventEmitter };

interface OracleFrame {
  seconds: number;
  micros: number;
  capturedLength: number;
  originalLength: number;
  data: Buffer;
}

function oracle(path: string): Promise<OracleFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: OracleFrame[] = [];
    const parser = pcapParser.parse(path);
    parser.on('packet', (p: { header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number }; data: Buffer }) => {
      frames.push({ seconds: p.header.timestampSeconds, micros: p.header.timestampMicroseconds, capturedLength: p.header.capturedLength, originalLength: p.header.originalLength, data: Buffer.from(p.data) });
    });
    parser.on('end', () => resolve(frames));
    parser.on('error', reject);
  });
}

function classicPcaps(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'truth' && e.name !== 'expected') out.push(...classicPcaps(p));
    else if (/\.(pcap|cap)$/.test(e.name) && statSync(p).size < 2_000_000) out.push(p);
  }
  return out.sort();
}

describe.skipIf(!CORPUS_AVAILABLE)('pcap reader agrees with pcap-parser on the corpus', () => {
  for (const path of CORPUS_AVAILABLE ? classicPcaps(CORPUS_DIR) : []) {
    it(path.slice(CORPUS_DIR.length + 1), async () => {
      const ours: CaptureFrame[] = [];
      const result = await readCaptureFile(path, { frame: (f) => ours.push({ ...f, data: f.data.slice() }), anomaly: () => {} });
      if (result.format !== 'pcap') return; // a pcapng named .pcap: not pcap-parser's format
      const theirs = await oracle(path);
      expect(ours.length).toBe(theirs.length);
      for (let i = 0; i < theirs.length; i++) {
        const t = theirs[i];
        const o = ours[i];
        expect(o.frame).toBe(i + 1);
        expect(Math.round(o.time * 1e6)).toBe(t.seconds * 1e6 + t.micros);
        expect(o.capturedLength).toBe(t.capturedLength);
        expect(o.originalLength).toBe(t.originalLength);
        expect(Buffer.from(o.data).equals(t.data)).toBe(true);
      }
    });
  }
});
