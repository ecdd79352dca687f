/** A running (or ended) LiveCapture as the API's LiveCaptureStatus: plain data for IPC and the WebSocket. */
import type { LiveCaptureStatus } from '../../contract/api';
import type { LiveCapture } from '../capture/client/capture-source';

export function liveStatus(capture: LiveCapture): LiveCaptureStatus {
  const info = capture.info;
  const stats = capture.stats();
  const result = capture.result;
  return {
    state: result ? 'stopped' : 'running',
    interface: info.interface,
    filter: info.filter,
    linkType: info.linkType,
    snapLength: info.snapLength,
    promiscuous: info.promiscuous,
    path: capture.path,
    frames: stats.frames,
    bytes: stats.bytes,
    fileBytes: stats.fileBytes,
    elapsedMs: stats.elapsedMs,
    framesPerSecond: stats.framesPerSecond,
    bytesPerSecond: stats.bytesPerSecond,
    drops: { ...stats.drops },
    stoppedBy: result?.reason ?? null,
    error: result?.error ?? null,
    warnings: [...info.warnings],
  };
}
