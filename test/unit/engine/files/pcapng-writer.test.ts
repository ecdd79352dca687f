import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapngFileWriter } from '../../../../main/engine/files/pcapng-writer';
import { readCaptureFile } from '../../../../main/engine/files/read-capture-file';
import type { CaptureFrame, CaptureInterfaceInfo } from '../../../../main/engine/types';

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'tlslens-pcapng-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Written {
  seconds: number;
  fraction: number;
  data: Uint8Array;
  originalLength: number;
  offset: number;
}

function frames(n: number): Array<Omit<Written, 'offset'>> {
  const out: Array<Omit<Written, 'offset'>> = [];
  for (let i = 0; i < n; i++) {
    // lengths cover 0, every padding remainder, a full snap length
    const len = i === 0 ? 0 : i === n - 1 ? 65535 : (i * 37) % 1600;
    const data = new Uint8Array(len).map((_, k) => (k * 7 + i) & 0xff);
    out.push({ seconds: 1_795_000_000 + i * 13, fraction: (i * 123_457) % 1_000_000, data, originalLength: len + (i % 4 === 1 ? 100 : 0) });
  }
  return out;
}

async function readBack(path: string): Promise<{ frames: CaptureFrame[]; interfaces: CaptureInterfaceInfo[]; halted: boolean; anomalies: string[] }> {
  const got: CaptureFrame[] = [];
  const interfaces: CaptureInterfaceInfo[] = [];
  const anomalies: string[] = [];
  const read = await readCaptureFile(path, {
    frame: (f) => got.push({ ...f, data: f.data.slice() }),
    interface: (i) => interfaces.push(i),
    anomaly: (a) => anomalies.push(a.code),
  });
  return { frames: got, interfaces, halted: read.halted, anomalies };
}

describe('pcapng writer', () => {
  for (const tsResolution of [6, 9] as const) {
    it(`writes SHB, IDB (if_tsresol ${tsResolution}) and EPBs that the production reader reads back exactly`, async () => {
      const path = join(dir, `resol-${tsResolution}.pcapng`);
      const writer = await PcapngFileWriter.create(path, {
        section: { application: 'TLS Lens test', os: 'Linux' },
        interface: { linkType: 1, snapLength: 65535, name: 'lo', filter: 'tcp port 443', tsResolution },
      });
      const input = frames(40).map((f) => ({
        ...f,
        fraction: tsResolution === 9 ? f.fraction * 1000 + 789 : f.fraction,
      }));
      const written: Written[] = input.map((f) => ({ ...f, offset: writer.writePacket(f.seconds, f.fraction, f.data, f.data.length, f.originalLength) }));
      await writer.close();

      const back = await readBack(path);
      expect(back.halted).toBe(false);
      expect(back.anomalies).toEqual([]);
      expect(back.interfaces).toEqual([{ id: 0, linkType: 1, snapLength: 65535, name: 'lo', unitsPerSecond: tsResolution === 9 ? 1e9 : 1e6 }]);
      expect(back.frames.length).toBe(written.length);
      const units = tsResolution === 9 ? 1e9 : 1e6;
      back.frames.forEach((f, i) => {
        const w = written[i];
        expect(f.frame).toBe(i + 1);
        expect(f.capturedLength).toBe(w.data.length);
        expect(f.originalLength).toBe(w.originalLength);
        expect(Array.from(f.data)).toEqual(Array.from(w.data));
        // the offset the writer returned is where the reader found the bytes: the engine re-reads by it
        expect(f.fileOffset).toBe(w.offset);
        expect(f.time).toBe((w.seconds * units + w.fraction) / units);
      });

      if (!hasTshark) return;
      const out = execFileSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.time_epoch'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const lines = out.trim().split('\n').map((l) => l.split('\t'));
      expect(lines.length).toBe(written.length);
      lines.forEach(([len, capLen, epoch], i) => {
        const w = written[i];
        expect(Number(len)).toBe(w.originalLength);
        expect(Number(capLen)).toBe(w.data.length);
        const fraction = tsResolution === 9 ? String(w.fraction).padStart(9, '0') : String(w.fraction).padStart(6, '0') + '000';
        expect(epoch).toBe(`${w.seconds}.${fraction}`);
      });
      const info = execFileSync('tshark', ['-r', path, '-c', '1', '-T', 'fields', '-e', 'frame.interface_name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(info.trim()).toBe('lo');
    });
  }

  it('leaves a readable file at every flush, before it is closed (a crash loses only the last moments)', async () => {
    const path = join(dir, 'open.pcapng');
    const writer = await PcapngFileWriter.create(path, { interface: { linkType: 1, snapLength: 262144, name: 'eth0' }, flushIntervalMs: 50 });
    for (const f of frames(10)) writer.writePacket(f.seconds, f.fraction, f.data, f.data.length, f.originalLength);
    await writer.flush();
    let back = await readBack(path);
    expect(back.halted).toBe(false);
    expect(back.frames.length).toBe(10);
    // without an explicit flush: the timer hands the blocks over
    for (const f of frames(5)) writer.writePacket(f.seconds, f.fraction, f.data, f.data.length, f.originalLength);
    await new Promise((r) => setTimeout(r, 200));
    back = await readBack(path);
    expect(back.frames.length).toBe(15);
    expect(writer.pendingBytes).toBe(0);
    expect(writer.flushedBytes).toBe(writer.size);
    await writer.close();
  });

  it('never overwrites an existing capture', async () => {
    const path = join(dir, 'exists.pcapng');
    const w = await PcapngFileWriter.create(path, { interface: { linkType: 1, snapLength: 65535 } });
    await w.close();
    await expect(PcapngFileWriter.create(path, { interface: { linkType: 1, snapLength: 65535 } })).rejects.toThrow(/EEXIST/);
  });
});
