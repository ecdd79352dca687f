/**
 * The UDP header (RFC 768): ports and a length that counts the 8-byte header. The length
 * is checked against what the IP header claims and against what was captured; a datagram
 * whose lengths disagree is still handed on, cut to the bytes both agree on, with a note.
 */

export const UDP_HEADER_LENGTH = 8;

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  /** the length field (header included) */
  length: number;
  /** where the payload starts in the frame */
  payloadOffset: number;
  /** payload bytes handed on: the smallest of what the UDP header, the IP header and the capture say */
  payloadLength: number;
  /** the capture (snap length) cut the payload short */
  truncated: boolean;
}

export interface UdpNote {
  reason: 'length-exceeds-ip' | 'length-below-ip' | 'snap-truncated' | 'zero-length';
  detail: string;
}

export type UdpFailure = { reason: 'truncated' | 'malformed'; detail: string };

export function newUdpDatagram(): UdpDatagram {
  return { srcPort: 0, dstPort: 0, length: 0, payloadOffset: 0, payloadLength: 0, truncated: false };
}

/**
 * Reads the header at `offset` into `out`. `ipPayloadLength`: the bytes the IP header gives
 * the datagram; `capturedLength`: those present in the frame. Returns a failure when no
 * datagram can be read, else null; `notes` receives what disagrees.
 */
export function readUdp(data: Uint8Array, offset: number, ipPayloadLength: number, capturedLength: number, out: UdpDatagram, notes: UdpNote[]): UdpFailure | null {
  if (capturedLength < UDP_HEADER_LENGTH || data.length < offset + UDP_HEADER_LENGTH) {
    return { reason: 'truncated', detail: `UDP header truncated (${Math.max(0, Math.min(capturedLength, data.length - offset))} of 8 bytes captured)` };
  }
  if (ipPayloadLength < UDP_HEADER_LENGTH) return { reason: 'malformed', detail: `IP payload of ${ipPayloadLength} bytes is too short for a UDP header` };
  out.srcPort = (data[offset] << 8) | data[offset + 1];
  out.dstPort = (data[offset + 2] << 8) | data[offset + 3];
  let length = (data[offset + 4] << 8) | data[offset + 5];
  out.length = length;
  if (length === 0) {
    // RFC 2675 §4: a jumbogram's UDP length is 0 and the IPv6 length rules; anything else is wrong
    notes.push({ reason: 'zero-length', detail: 'UDP length 0: the IP payload length is used' });
    length = ipPayloadLength;
  } else if (length < UDP_HEADER_LENGTH) {
    return { reason: 'malformed', detail: `UDP length ${length} is shorter than its own header` };
  } else if (length > ipPayloadLength) {
    notes.push({ reason: 'length-exceeds-ip', detail: `UDP length ${length} exceeds the ${ipPayloadLength} bytes the IP header gives it: only those are read` });
    length = ipPayloadLength;
  } else if (length < ipPayloadLength) {
    notes.push({ reason: 'length-below-ip', detail: `UDP length ${length} is shorter than the IP payload (${ipPayloadLength} bytes): ${ipPayloadLength - length} trailing bytes ignored` });
  }
  const available = Math.min(capturedLength, data.length - offset);
  out.truncated = available < length;
  if (out.truncated) notes.push({ reason: 'snap-truncated', detail: `UDP datagram of ${length} bytes, ${available} captured` });
  out.payloadOffset = offset + UDP_HEADER_LENGTH;
  out.payloadLength = Math.max(0, Math.min(length, available) - UDP_HEADER_LENGTH);
  return null;
}
