/**
 * The app's side of live capture, shared by Electron IPC and browser mode:
 * start (remembered in the recent files, so a capture is reopenable even if
 * the app dies), and copying a capture's pcapng for "Save capture as…".
 * Listing interfaces and checking filters ask a short-lived capture helper.
 */
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { OpenedCapture, StartCaptureRequest } from '../../../contract/api';
import { CaptureError } from '../../capture/protocol/capture-error';
import type { Services } from './index';

export async function startLiveCapture(services: Services, request: StartCaptureRequest): Promise<OpenedCapture> {
  const opened = await services.analysis.openLive(request, services.captureDir);
  if (opened.file.path) services.recent.add(opened.file.path, 0);
  return opened;
}

/**
 * Copies the first `bytes` bytes of a capture (its whole blocks while it is
 * still written) to `destination`: always a valid pcapng.
 */
export async function copyCaptureFile(source: string, destination: string, bytes: number): Promise<void> {
  if (resolvePath(destination) === resolvePath(source)) return;
  try {
    if (bytes === 0) await fsp.writeFile(destination, new Uint8Array(0));
    else await pipeline(createReadStream(source, { start: 0, end: bytes - 1 }), createWriteStream(destination));
  } catch (err) {
    throw new CaptureError('capture.write-failed', { path: destination, error: (err as Error).message });
  }
}
