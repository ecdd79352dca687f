/**
 * The capture loop inside the helper: open the device with cap, stamp and
 * forward every packet, report stats, stop on request, on a count, when the
 * app's end of stdin closes (the app died: never leave a capture running) or
 * on SIGINT/SIGTERM (Ctrl+C reaches the whole process group).
 */
import { readFileSync } from 'node:fs';
import type { CapInstance, CapModule } from './cap-binding';
import { type CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import { captureErrorInfo } from '../../../contract/capture/capture-messages';
import { classifyOpenError } from '../protocol/capture-error';
import type { HelperMessage, HelperRequest, HelperStats } from '../protocol/helper-messages';
import { HelperOutput } from './helper-output';
import { linkTypeFromCap } from './link-type';
import { estimateOriginalLength } from './original-length';

type CaptureRequest = Extract<HelperRequest, { op: 'capture' }>;

/** cap fixes libpcap's snap length here; a packet this long may have been cut */
export const CAP_SNAPLEN = 65535;
export const DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
export const DEFAULT_MAX_QUEUE = 64 * 1024 * 1024;

export interface OpenedDevice {
  cap: CapInstance;
  buffer: Buffer;
  capLinkType: string;
  linkType: number;
}

/** Failed opens stay referenced until exit (see interfaces.ts: cap's destructor is unsafe after a failed open). */
const keepAlive: unknown[] = [];

/**
 * Opens the device with the filter. libpcap compiles the filter only after
 * the device opened, so a failure that is not about rights or the device is
 * checked by opening again without the filter: if that works, the filter was
 * the problem and libpcap's text says why.
 */
export function openDevice(cap: CapModule, iface: string, filter: string, bufferSize: number, snapLength: number, nodePath?: string): OpenedDevice | { error: CaptureErrorInfo } {
  const c = new cap.Cap();
  const buffer = Buffer.alloc(snapLength);
  keepAlive.push(c, buffer);
  let capLinkType: string;
  try {
    capLinkType = c.open(iface, filter, bufferSize, buffer);
  } catch (err) {
    const text = (err as Error).message;
    const classified = classifyOpenError(text, { interface: iface, nodePath });
    if (!filter || classified.code !== 'capture.open-failed') return { error: classified };
    const probe = new cap.Cap();
    const probeBuffer = Buffer.alloc(64);
    keepAlive.push(probe, probeBuffer);
    try {
      probe.open(iface, '', 512 * 1024, probeBuffer);
      probe.close();
    } catch (probeErr) {
      return { error: classifyOpenError((probeErr as Error).message, { interface: iface, nodePath }) };
    }
    return { error: captureErrorInfo('capture.bad-filter', { filter, pcapError: text, interface: iface }) };
  }
  const linkType = linkTypeFromCap(capLinkType);
  if (linkType === null) {
    c.close();
    return { error: captureErrorInfo('capture.open-failed', { interface: iface, pcapError: `unsupported link type (${capLinkType})` }) };
  }
  return { cap: c, buffer, capLinkType, linkType };
}

function readInterfaceDrops(iface: string): number | null {
  if (process.platform !== 'linux' || iface === 'any' || iface.includes('/')) return null;
  try {
    return Number(readFileSync(`/sys/class/net/${iface}/statistics/rx_dropped`, 'utf8').trim());
  } catch {
    return null;
  }
}

export function runCapture(cap: CapModule, request: CaptureRequest, output: HelperOutput, send: (m: HelperMessage) => void): Promise<void> {
  const warnings: string[] = [];
  let snapLength = Math.floor(request.snapLength ?? CAP_SNAPLEN);
  if (!(snapLength >= 1)) snapLength = CAP_SNAPLEN;
  if (snapLength > CAP_SNAPLEN) {
    warnings.push(`snap length ${snapLength} lowered to ${CAP_SNAPLEN}: the cap binding fixes libpcap's snap length at ${CAP_SNAPLEN}`);
    snapLength = CAP_SNAPLEN;
  }
  if (request.promiscuous === false) warnings.push('the cap binding always opens interfaces in promiscuous mode; it cannot be turned off');
  const bufferSize = Math.max(1024 * 1024, Math.floor(request.bufferSize ?? DEFAULT_BUFFER_SIZE));
  const filter = request.filter ?? '';
  const opened = openDevice(cap, request.interface, filter, bufferSize, snapLength);
  if ('error' in opened) {
    send({ type: 'error', error: opened.error });
    return Promise.resolve();
  }
  const { buffer, linkType } = opened;
  const device = opened.cap;
  const ifDrops0 = readInterfaceDrops(request.interface);
  let captured = 0;
  let capturedBytes = 0;
  let stopped = false;

  const stats = (): HelperStats => {
    const ifDrops = readInterfaceDrops(request.interface);
    let kernel: HelperStats['kernel'] = null;
    if (typeof device.stats === 'function') {
      const s = device.stats();
      kernel = { received: s.ps_recv ?? s.recv ?? 0, dropped: s.ps_drop ?? s.drop ?? 0, interfaceDropped: s.ps_ifdrop ?? s.ifdrop ?? 0 };
    }
    return {
      captured,
      capturedBytes,
      queueDropped: output.dropped,
      queuedBytes: output.queuedBytes,
      kernel,
      interfaceDrops: ifDrops !== null && ifDrops0 !== null ? Math.max(0, ifDrops - ifDrops0) : null,
      time: Date.now() / 1000,
    };
  };

  return new Promise<void>((resolve) => {
    const stop = (reason: 'requested' | 'count' | 'input-closed' | 'signal'): void => {
      if (stopped) return;
      stopped = true;
      device.close();
      clearInterval(timer);
      process.stdin.destroy();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      send({ type: 'stopped', reason, stats: stats() });
      resolve();
    };
    const onSignal = (): void => stop('signal');

    device.on('packet', (nbytes: number, truncated: boolean) => {
      if (stopped) return;
      // cap gives no libpcap timestamp: stamp on arrival (µs, wall clock via the monotonic clock)
      const ms = performance.timeOrigin + performance.now();
      const tsSec = Math.floor(ms / 1000);
      const tsUsec = Math.min(999_999, Math.floor((ms - tsSec * 1000) * 1000));
      captured++;
      capturedBytes += nbytes;
      // `buffer` is used here, which also keeps it alive for cap's raw pointer
      const originalLength = estimateOriginalLength(linkType, buffer, nbytes, truncated || nbytes >= CAP_SNAPLEN);
      output.packet(tsSec, tsUsec, buffer, nbytes, originalLength);
      if (request.count && captured >= request.count) stop('count');
    });

    send({
      type: 'started',
      interface: request.interface,
      linkType,
      capLinkType: opened.capLinkType,
      snapLength,
      filter,
      promiscuous: true,
      bufferSize,
      timestampSource: 'helper-clock',
      warnings,
      pid: process.pid,
    });

    const timer = setInterval(() => send({ type: 'stats', stats: stats() }), Math.max(100, request.statsIntervalMs ?? 500));
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let line = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      line += chunk;
      if (/\bstop\b/.test(line)) stop('requested');
      line = line.slice(-16);
    });
    process.stdin.on('end', () => stop('input-closed'));
    process.stdin.on('error', () => stop('input-closed'));
  });
}
