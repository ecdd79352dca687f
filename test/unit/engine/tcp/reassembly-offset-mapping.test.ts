import { describe, expect, it } from 'vitest';
import { flowToPcap, patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzePcapBytes } from '../support/drive';

describe('reassembly: every delivered byte maps back to its frame and file offset', () => {
  for (const family of ['ipv4', 'ipv6'] as const) {
    it(`${family}: data(bytes, offset, origin, payloadOffset) points at those very bytes in the file`, () => {
      const flow =
        family === 'ipv4'
          ? new TcpFlow()
          : new TcpFlow({ client: { ip: '2001:db8::10', port: 40000 }, server: { ip: '2001:db8::443', port: 443 } });
      const stream = patternBytes(900, 3);
      const hs = flow.handshake();
      const a = flow.send('client', stream.subarray(0, 300));
      const b = flow.send('client', stream.subarray(300, 600));
      const c = flow.send('client', stream.subarray(600, 900));
      const overlap = flow.send('client', stream.subarray(200, 400), { seq: a.seq + 200, keepSeq: true });
      const reply = flow.send('server', patternBytes(123, 9));
      const order = [...hs, a, c, overlap, b, reply];
      const file = flowToPcap(order);
      const { consumers } = analyzePcapBytes(file.bytes);
      const calls = [...consumers[0].client.dataCalls, ...consumers[0].server.dataCalls];
      expect(calls.length).toBeGreaterThan(3);
      for (const call of calls) {
        // the frame number is the record number in the file, the file offset that record's data
        expect(call.fileOffset).toBe(file.dataOffsets[call.frame - 1]);
        const at = call.fileOffset + call.payloadOffset;
        expect(file.bytes.subarray(at, at + call.bytes.length)).toEqual(call.bytes);
      }
      expect(consumers[0].client.bytes()).toEqual(stream);
      // overlap (frame 6) supplied 300..400 from 100 bytes into its payload; b (frame 7) only the rest
      expect(consumers[0].client.dataCalls.map((d) => [d.offset, d.frame, d.payloadOffset])).toEqual([
        [0, 4, a.payloadOffset],
        [300, 6, overlap.payloadOffset + 100],
        [400, 7, b.payloadOffset + 100],
        [600, 5, c.payloadOffset],
      ]);
    });
  }
});
