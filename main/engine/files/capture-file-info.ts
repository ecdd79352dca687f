/** What the report says of the capture file itself, and the peek that tells a pcapng before reading. */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import type { AnalysisReport } from '../model/report';
import type { ReadCaptureResult } from './read-capture-file';

/** Whether the file starts with a pcapng Section Header Block (block type 0x0A0D0D0A, pcapng §4.1). */
export async function isPcapngFile(path: string): Promise<boolean> {
  try {
    const fh = await fsp.open(path, 'r');
    try {
      const head = new Uint8Array(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      return bytesRead === 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a;
    } finally {
      await fh.close();
    }
  } catch {
    return false; // readCaptureFile reports why the file cannot be read
  }
}

export function captureFileInfo(path: string, read: ReadCaptureResult): AnalysisReport['file'] {
  return { path, name: basename(path), size: read.totalBytes, format: read.format };
}
