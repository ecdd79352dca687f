/**
 * Before a worker starts: is this path a capture at all? A missing file, a
 * folder or a file that is not pcap/pcapng gets a clear error naming it
 * instead of an empty analysis.
 */
import { promises as fsp } from 'node:fs';
import { detectCaptureFormat } from '../../engine/io/capture-parser';
import { ApiError } from './api-error';

export interface CheckedCapture {
  size: number;
}

export async function checkCaptureFile(path: string): Promise<CheckedCapture> {
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('not-found', `${path}: no such file`, path);
    throw new ApiError('unreadable', `${path}: cannot be read (${code ?? (err as Error).message})`, path);
  }
  if (!stat.isFile()) throw new ApiError('not-a-file', `${path}: not a regular file`, path);
  const head = new Uint8Array(4);
  let got = 0;
  try {
    const handle = await fsp.open(path, 'r');
    try {
      got = (await handle.read(head, 0, 4, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new ApiError('unreadable', `${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path);
  }
  // the file's bytes are not echoed: an error must not become a way to read files (issue 21 item 3)
  if (got < 4 || !detectCaptureFormat(head)) {
    throw new ApiError('not-a-capture', `${path}: not a pcap or pcapng capture (${got < 4 ? `only ${got} bytes` : 'no pcap or pcapng magic number at offset 0'})`, path);
  }
  return { size: stat.size };
}
