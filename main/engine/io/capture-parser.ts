import type { CaptureFormat, CaptureSink } from '../types';
import { PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO, PcapParser } from './pcap';
import { PCAPNG_SHB, PcapngParser } from './pcapng';
import type { ChunkedParser } from './chunked-parser';

/** Which reader understands a file, from its first four bytes; null when neither does. */
export function detectCaptureFormat(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null;
  const view = new DataView(head.buffer, head.byteOffset, 4);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  if (be === PCAPNG_SHB) return 'pcapng';
  if ([PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO].includes(be) || [PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO].includes(le)) return 'pcap';
  return null;
}

export function createCaptureParser(format: CaptureFormat, sink: CaptureSink, label: string): ChunkedParser {
  return format === 'pcapng' ? new PcapngParser(sink, label) : new PcapParser(sink, label);
}
