import { describe, expect, it } from 'vitest';
import { HandshakeReassembler, type HandshakeMessage } from '../../../../main/engine/tls/handshake-reassembler';
import type { TlsRecord } from '../../../../main/engine/tls/record-layer';
import { shortLivedBytes } from '../../../../main/engine/util/short-lived-bytes';

/** A complete handshake record carrying `payload`, its first byte at stream offset `at` + 5. */
function record(payload: Uint8Array, at: number, index: number): TlsRecord {
  return {
    format: 'tls',
    contentType: 22,
    version: 0x0303,
    length: payload.length,
    headerLength: 5,
    streamOffset: at,
    spans: [{ frame: index + 1, time: index, fileOffset: 100 * index, payloadOffset: 0, length: payload.length + 5, streamOffset: at }],
    spansTruncated: false,
    first: { frame: index + 1, time: index, fileOffset: 100 * index },
    last: { frame: index + 1, time: index, fileOffset: 100 * index },
    payload,
    complete: true,
    damaged: false,
    index,
  };
}

function collect(): { reassembler: HandshakeReassembler; messages: HandshakeMessage[]; bodies: number[][] } {
  const messages: HandshakeMessage[] = [];
  const bodies: number[][] = [];
  const reassembler = new HandshakeReassembler({
    // what a consumer may read while the message is handled: copied here, then checked later
    onMessage: (m) => {
      messages.push(m);
      bodies.push(m.body ? [...m.body] : []);
    },
    onHandshakeAnomaly: () => undefined,
  });
  return { reassembler, messages, bodies };
}

const body = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);
const message = Uint8Array.from([11, 0, 1, 44, ...body]); // Certificate, 300-byte body

describe('HandshakeReassembler and record payload buffers', () => {
  it('a message split over three records comes out whole although each record\'s payload is overwritten once handled', () => {
    const { reassembler, messages, bodies } = collect();
    const cuts = [0, 50, 200, message.length];
    let at = 0;
    for (let i = 0; i < 3; i++) {
      const payload = shortLivedBytes(cuts[i + 1] - cuts[i]);
      payload.set(message.subarray(cuts[i], cuts[i + 1]));
      reassembler.push(record(payload, at, i));
      // the record is gone: its memory may be anyone's now
      payload.fill(0xee);
      at += 5 + payload.length;
    }
    expect(messages).toHaveLength(1);
    expect(messages[0].type).toBe(11);
    expect(messages[0].recordCount).toBe(3);
    expect(bodies[0]).toEqual([...body]);
    // and the body handed over stays right after every record went
    expect([...messages[0].body!]).toEqual([...body]);
    expect(messages[0].spans.map((s) => s.frame)).toEqual([1, 2, 3]);
  });

  it('a message whole in one record is handed over as it is (read while the record is handled)', () => {
    const { reassembler, messages, bodies } = collect();
    const payload = shortLivedBytes(message.length + 6);
    payload.set(message);
    payload.set([14, 0, 0, 0, 20, 0], message.length); // ServerHelloDone, then the header of a message cut short
    reassembler.push(record(payload, 0, 0));
    expect(messages.map((m) => m.type)).toEqual([11, 14]);
    expect(bodies[0]).toEqual([...body]);
    expect(reassembler.incomplete).toBe(true);
  });
});

describe('shortLivedBytes', () => {
  it('gives zeroed, separate buffers of the asked length; big ones have their own memory', () => {
    const seen: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const b = shortLivedBytes(1 + (i * 37) % 4000);
      expect(b.length).toBe(1 + (i * 37) % 4000);
      expect(b.every((x) => x === 0)).toBe(true);
      b.fill(i & 0xff);
      seen.push(b);
    }
    // nothing handed out twice: every buffer still holds what was written into it
    seen.forEach((b, i) => expect(b.every((x) => x === (i & 0xff))).toBe(true));
    const big = shortLivedBytes(100_000);
    expect(big.length).toBe(100_000);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(100_000);
  });
});
