/**
 * cap 0.2.1 passes only the captured length, not the length on the wire
 * (pcap_pkthdr.len). For a packet cut by the snap length we rebuild it from
 * the IP header's own length, which is what the wire carried after the link
 * header. Not IP, or too short to tell: the captured length is all we know.
 */
import { decodeLink } from '../../engine/link/decode-link';

export function estimateOriginalLength(linkType: number, data: Uint8Array, capturedLength: number, truncated: boolean): number {
  if (!truncated) return capturedLength;
  const link = decodeLink(linkType, data.subarray(0, capturedLength));
  if (!link.ok) return capturedLength;
  const at = link.offset;
  if (link.network === 'ipv4') {
    if (capturedLength < at + 4) return capturedLength;
    const total = (data[at + 2] << 8) | data[at + 3];
    return Math.max(capturedLength, at + total);
  }
  if (capturedLength < at + 6) return capturedLength;
  const payload = (data[at + 4] << 8) | data[at + 5];
  // payload length 0 is a jumbogram (RFC 2675): its length is in an option we do not chase
  return payload === 0 ? capturedLength : Math.max(capturedLength, at + 40 + payload);
}
