/**
 * Builds a large benchmark capture by replaying real flows many times with
 * rewritten IPv4 addresses, so every replay is a distinct set of connections.
 * Used by `npm run bench`; runs on plain Node. The captures are read from
 * where they are (the corpus, the samples) each time; nothing is copied.
 */
import { createWriteStream } from 'node:fs';
import { readCaptureFile } from '../engine/files/read-capture-file';
import { decodeLink } from '../engine/link/decode-link';
import { LINKTYPE } from '../engine/link/link-types';
import type { CaptureFrame } from '../engine/types';

const MAX_GAP_SECONDS = 60;

interface Template {
  /** which of the given captures the frame came from: addresses are rewritten per capture */
  source: number;
  /** seconds since that capture's first frame, gaps capped at MAX_GAP_SECONDS */
  time: number;
  data: Uint8Array;
  /** offsets of the IPv4 source and destination addresses inside data */
  srcAt: number;
  dstAt: number;
}

/** Ethernet/IPv4 frames of the given captures, kept in memory as templates (a few MB). */
export async function loadTemplates(paths: string[]): Promise<Template[]> {
  const out: Template[] = [];
  for (const [source, path] of paths.entries()) {
    const frames: Template[] = [];
    await readCaptureFile(path, {
      anomaly: () => {},
      frame: (f: CaptureFrame) => {
        if (f.linkType !== LINKTYPE.ETHERNET) return;
        const link = decodeLink(f.linkType, f.data);
        if (!link.ok || link.network !== 'ipv4' || f.data.length < link.offset + 20) return;
        frames.push({ source, time: f.time, data: f.data.slice(), srcAt: link.offset + 12, dstAt: link.offset + 16 });
      },
    });
    if (frames.length === 0) continue;
    // Some corpus captures jump by decades between frames: gaps are kept up to a minute, so
    // time moves forward through the file and replays stay within the 32-bit pcap clock.
    let previous = frames[0].time;
    let elapsed = 0;
    for (const fr of frames) {
      elapsed += Math.min(MAX_GAP_SECONDS, Math.max(0, fr.time - previous));
      previous = fr.time;
      out.push({ ...fr, time: elapsed });
    }
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
  // Every (replay, capture, address) gets its own address in 10.0.0.0/8: two captures that used
  // the same lab addresses and ports must not merge into one connection.
  let nextAddress = 1;
  while (bytes < targetBytes) {
    replay++;
    const addressMap = new Map<string, number>();
    const rewrite = (source: number, data: Uint8Array, at: number) => {
      const original = ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
      const key = `${source}/${original}`;
      let mapped = addressMap.get(key);
      if (mapped === undefined) {
        if (nextAddress >= 1 << 24) throw new Error('bench capture too large: 10.0.0.0/8 has no addresses left');
        mapped = ((10 << 24) | nextAddress++) >>> 0;
        addressMap.set(key, mapped);
      }
      data[at] = mapped >>> 24;
      data[at + 1] = (mapped >>> 16) & 0xff;
      data[at + 2] = (mapped >>> 8) & 0xff;
      data[at + 3] = mapped & 0xff;
    };
    // one capture after the other, so time only moves forward through the file
    let source = -1;
    let base = clock;
    for (const t of templates) {
      if (t.source !== source) {
        source = t.source;
        base = clock;
      }
      const data = Buffer.from(t.data);
      rewrite(t.source, data, t.srcAt);
      rewrite(t.source, data, t.dstAt);
      const time = base + t.time;
      clock = Math.max(clock, time + 0.001);
      const seconds = Math.floor(time);
      const rec = Buffer.alloc(16);
      rec.writeUInt32LE(seconds, 0);
      rec.writeUInt32LE(Math.min(999_999, Math.round((time - seconds) * 1e6)), 4);
      rec.writeUInt32LE(data.length, 8);
      rec.writeUInt32LE(data.length, 12);
      if (!out.write(rec)) await new Promise<void>((r) => out.once('drain', () => r()));
      if (!out.write(data)) await new Promise<void>((r) => out.once('drain', () => r()));
      bytes += 16 + data.length;
      frames++;
    }
    clock += 1;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { frames, bytes, replays: replay };
}
