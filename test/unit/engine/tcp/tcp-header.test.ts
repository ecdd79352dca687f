import { describe, expect, it } from 'vitest';
import { parseTcp } from '../../../../main/engine/tcp/segment';
import { flagsToString } from '../../../../main/engine/tcp/events';
import { concat, patternBytes, TCP, tcp } from '../../../fixtures/builders';

/** parse a segment sitting at offset 10 of a frame, the whole segment captured */
function parse(segment: Uint8Array, captured = segment.length) {
  const frame = concat(new Uint8Array(10), segment.subarray(0, captured));
  return parseTcp(frame, 10, segment.length, captured);
}

describe('TCP header', () => {
  it('ports, sequence and acknowledgement numbers (full 32-bit range), flags, window, payload position', () => {
    const seg = tcp({ srcPort: 65535, dstPort: 443, seq: 0xfffffff0, ack: 0x80000001, flags: TCP.PSH | TCP.ACK, window: 1234, payload: patternBytes(30) });
    expect(parse(seg)).toEqual({
      ok: true,
      segment: { srcPort: 65535, dstPort: 443, seq: 0xfffffff0, ack: 0x80000001, flags: 0x18, window: 1234, headerLength: 20, windowScale: null, mss: null, payloadOffset: 30, payloadLength: 30, capturedPayloadLength: 30 },
    });
  });

  it('MSS and window scale are read from a SYN, after NOPs and other options', () => {
    const seg = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.SYN, options: [{ kind: 'mss', value: 1460 }, { kind: 'sack-permitted' }, { kind: 'timestamps', value: 1, echo: 0 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }] });
    const r = parse(seg);
    expect(r).toMatchObject({ ok: true, segment: { mss: 1460, windowScale: 7, headerLength: 40, payloadLength: 0 } });
  });

  it('window scale above 14 is clamped to 14 (RFC 7323)', () => {
    const seg = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.SYN | TCP.ACK, options: [{ kind: 'wscale', shift: 20 }] });
    expect(parse(seg)).toMatchObject({ ok: true, segment: { windowScale: 14 } });
  });

  it('the same options on a non-SYN segment are not taken as MSS / window scale', () => {
    const seg = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.ACK, options: [{ kind: 'mss', value: 1460 }, { kind: 'wscale', shift: 7 }], payload: patternBytes(5) });
    expect(parse(seg)).toMatchObject({ ok: true, segment: { mss: null, windowScale: null, headerLength: 28, payloadOffset: 38, payloadLength: 5 } });
  });

  it('options after End of Option List are ignored; a malformed option length stops the walk without failing', () => {
    const afterEol = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.SYN, options: [{ kind: 'eol' }, { kind: 'mss', value: 999 }] });
    expect(parse(afterEol)).toMatchObject({ ok: true, segment: { mss: null } });
    const badLength = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.SYN, options: [{ kind: 'raw', bytes: [2, 1] }, { kind: 'mss', value: 999 }] });
    expect(parse(badLength)).toMatchObject({ ok: true, segment: { mss: null } });
    const overrun = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.SYN, options: [{ kind: 'raw', bytes: [1, 1, 1, 2] }] });
    expect(parse(overrun)).toMatchObject({ ok: true, segment: { mss: null } });
  });

  it('header length errors: below 20, beyond the IP payload, options cut by the capture', () => {
    expect(parse(tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.ACK, dataOffset: 4 }))).toMatchObject({ ok: false, reason: 'malformed' });
    const long = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.ACK, dataOffset: 15 }); // claims 60 bytes, has 20
    expect(parse(long)).toMatchObject({ ok: false, reason: 'malformed' });
    const withOptions = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.SYN, options: [{ kind: 'timestamps', value: 1, echo: 2 }] });
    const frame = concat(new Uint8Array(10), withOptions.subarray(0, 24));
    expect(parseTcp(frame, 10, withOptions.length, 24)).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parse(withOptions, 19)).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('payload cut by the snap length: claimed length from IP, captured length from the frame', () => {
    const seg = tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.ACK, payload: patternBytes(1000) });
    expect(parse(seg, 120)).toMatchObject({ ok: true, segment: { payloadLength: 1000, capturedPayloadLength: 100 } });
  });

  it('flag names for the usual combinations', () => {
    expect(flagsToString(TCP.SYN)).toBe('SYN');
    expect(flagsToString(TCP.SYN | TCP.ACK)).toBe('SYN, ACK');
    expect(flagsToString(TCP.FIN | TCP.PSH | TCP.ACK)).toBe('FIN, PSH, ACK');
    expect(flagsToString(TCP.RST | TCP.ACK)).toBe('RST, ACK');
    expect(flagsToString(0)).toBe('');
  });
});
