/** One-shot helper operations for the app: list interfaces, check a capture filter. */
import { type CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import { CaptureError } from '../protocol/capture-error';
import { runHelperOnce, type LaunchOptions } from './helper-launch';
import type { CaptureInterface } from '../../../contract/capture/interfaces';

export async function listInterfaces(launch?: LaunchOptions): Promise<CaptureInterface[]> {
  const messages = await runHelperOnce({ op: 'list' }, launch);
  const found = messages.find((m) => m.type === 'interfaces');
  if (!found || found.type !== 'interfaces') throw new CaptureError('capture.protocol-error', { detail: 'no interface list in the helper\'s answer' });
  return found.interfaces;
}

export type FilterCheck = { ok: true; linkType: number } | { ok: false; error: CaptureErrorInfo };

/**
 * Compiles `filter` for `iface` the way the capture will (libpcap's
 * pcap_compile after opening the device), so the UI can show libpcap's
 * words before a capture starts. Needs the same rights as capturing.
 */
export async function checkFilter(iface: string, filter: string, launch?: LaunchOptions): Promise<FilterCheck> {
  try {
    const messages = await runHelperOnce({ op: 'check-filter', interface: iface, filter }, launch);
    const ok = messages.find((m) => m.type === 'filter-ok');
    if (!ok || ok.type !== 'filter-ok') throw new CaptureError('capture.protocol-error', { detail: 'no filter verdict in the helper\'s answer' });
    return { ok: true, linkType: ok.linkType };
  } catch (err) {
    if (err instanceof CaptureError) return { ok: false, error: err.toInfo() };
    throw err;
  }
}
