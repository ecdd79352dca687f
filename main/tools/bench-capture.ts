/**
 * Builds a large benchmark capture by replaying real flows many times with
 * rewritten IPv4 addresses, so every replay is a distinct set of connections.
 * Used by `npm run bench`; runs on plain Node.
 */
import { createWriteStream } from 'node:fs';
import { readCaptureFile } from '../engine/files/read-capture-file';
import { decodeLink } from '../engine/link/decode-link';
import { LINKTYPE } from '../engine/link/link-types';
import type { CaptureFrame } from '../engine/types';

interface Template {
  time: number;
  data: Uint8Array;
  /** offsets of the IPv4 source and destination addresses inside data */
  srcAt: number;
  dstAt: number;
}

/** Ethernet/IPv4 frames of the given captures, kept in memory as templates (a few MB). */
export async function loadTemplates(paths: string[]): Promise<Template[]> {
  const out: Template[] = [];
  for (const path of paths) {
    const frames: Template[] = [];
    await readCaptureFile(path, {
      anomaly: () => {},
      frame: (f: CaptureFrame) => {
        if (f.linkType !== LINKTYPE.ETHERNET) return;
        const link = decodeLink(f.linkType, f.data);
        if (!link.ok || link.network !== 'ipv4' || f.data.length < link.offset + 20) return;
        frames.push({ time: f.time, data: f.data.slice(), srcAt: link.offset + 12, dstAt: link.offset + 16 });
      },
    });
    if (frames.length === 0) continue;
    const t0 = frames[0].time;
    for (const fr of frames) out.push({ ...fr, time: fr.time - t0 });
  }
  return out;
}

/** Writes a little-endian microsecond pcap of at least `targetBytes`. Returns frames and bytes written. */
export async function writeBenchCapture(templates: Template[], outPath: string, targetBytes: number): Promise<{ frames: number; bytes: number; replays: number }> {
  if (templates.length === 0) throw new Error('no Ethernet/IPv4 frames to replay');
  const out = createWriteStream(outPath, { highWaterMark: 4 * 1024 * 1024 });
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(LINKTYPE.ETHERNET, 20);
  out.write(header);
  let bytes = 24;
  let frames = 0;
  let replay = 0;
  let clock = 1_700_000_000;
  while (bytes < targetBytes) {
    replay++;
    const addressMap = new Map<number, number>();
    let next = 1;
    const rewrite = (data: Uint8Array, at: number) => {
      const original = ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
      let mapped = addressMap.get(original);
      if (mapped === undefined) {
        // 10.0.0.0/8 has room for 65536 replays of 256 addresses each
        mapped = (10 << 24) | ((replay & 0xffff) << 8) | (next++ & 0xff);
        addressMap.set(original, mapped);
      }
      data[at] = mapped >>> 24;
      data[at + 1] = (mapped >>> 16) & 0xff;
      data[at + 2] = (mapped >>> 8) & 0xff;
      data[at + 3] = mapped & 0xff;
    };
    let last = 0;
    for (const t of templates) {
      const data = Buffer.from(t.data);
      rewrite(data, t.srcAt);
      rewrite(data, t.dstAt);
      const time = clock + t.time;
      last = Math.max(last, t.time);
      const rec = Buffer.alloc(16);
      rec.writeUInt32LE(Math.floor(time), 0);
      rec.writeUInt32LE(Math.round((time % 1) * 1e6) % 1_000_000, 4);
      rec.writeUInt32LE(data.length, 8);
      rec.writeUInt32LE(data.length, 12);
      if (!out.write(rec)) await new Promise<void>((r) => out.once('drain', () => r()));
      if (!out.write(data)) await new Promise<void>((r) => out.once('drain', () => r()));
      bytes += 16 + data.length;
      frames++;
    }
    clock += Math.min(last, 60) + 1;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { frames, bytes, replays: replay };
}
