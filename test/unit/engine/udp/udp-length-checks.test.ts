import { describe, expect, it } from 'vitest';
import { newUdpDatagram, readUdp, type UdpNote } from '../../../../main/engine/udp/datagram';

/** A UDP header (RFC 768) from 1234 to 443 with the given length field, then `payload` bytes. */
function datagram(lengthField: number, payload: number): Uint8Array {
  const b = new Uint8Array(8 + payload);
  b.set([0x04, 0xd2, 0x01, 0xbb, lengthField >> 8, lengthField & 0xff, 0, 0]);
  for (let i = 0; i < payload; i++) b[8 + i] = i + 1;
  return b;
}

function read(bytes: Uint8Array, ipPayloadLength: number, captured = bytes.length) {
  const out = newUdpDatagram();
  const notes: UdpNote[] = [];
  const failure = readUdp(bytes, 0, ipPayloadLength, captured, out, notes);
  return { out, notes, failure };
}

describe('UDP header lengths', () => {
  it('agreeing lengths hand on the whole payload with no note', () => {
    const r = read(datagram(20, 12), 20);
    expect(r.failure).toBeNull();
    expect(r.out).toMatchObject({ srcPort: 1234, dstPort: 443, length: 20, payloadOffset: 8, payloadLength: 12, truncated: false });
    expect(r.notes).toEqual([]);
  });

  it('a UDP length beyond the IP payload is cut to the IP payload and noted', () => {
    const r = read(datagram(400, 12), 20);
    expect(r.out.payloadLength).toBe(12);
    expect(r.notes.map((n) => n.reason)).toEqual(['length-exceeds-ip']);
  });

  it('a UDP length below the IP payload ignores the trailing bytes and notes them', () => {
    const r = read(datagram(10, 12), 20);
    expect(r.out.payloadLength).toBe(2);
    expect(r.notes.map((n) => n.reason)).toEqual(['length-below-ip']);
  });

  it('a length shorter than the header itself is malformed', () => {
    expect(read(datagram(5, 12), 20).failure?.reason).toBe('malformed');
  });

  it('a header cut by the snap length is truncated, not read past the frame', () => {
    expect(read(datagram(20, 12).subarray(0, 6), 20, 6).failure?.reason).toBe('truncated');
  });

  it('a payload cut by the snap length hands on what was captured and says so', () => {
    const r = read(datagram(20, 12), 20, 14);
    expect(r.out.payloadLength).toBe(6);
    expect(r.out.truncated).toBe(true);
    expect(r.notes.map((n) => n.reason)).toEqual(['snap-truncated']);
  });

  it('length 0 (an IPv6 jumbogram, RFC 2675) falls back to the IP payload length', () => {
    const r = read(datagram(0, 12), 20);
    expect(r.out.payloadLength).toBe(12);
    expect(r.notes.map((n) => n.reason)).toEqual(['zero-length']);
  });
});
