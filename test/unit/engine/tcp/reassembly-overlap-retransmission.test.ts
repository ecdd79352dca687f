import { describe, expect, it } from 'vitest';
import { concat, patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

const stream = patternBytes(400, 11);

describe('reassembly: retransmissions and overlaps', () => {
  it('a partial retransmission delivers only the new bytes, from the right place in its frame', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const first = flow.send('client', stream.subarray(0, 100));
    // resent from byte 50, now carrying 150 bytes (50 old + 100 new)
    const overlap = flow.send('client', stream.subarray(50, 200), { seq: first.seq + 50 });
    const next = flow.send('client', stream.subarray(200, 300));
    const { analyzer, consumers } = analyzeFrames([...hs, first, overlap, next]);
    const sink = consumers[0].client;
    expect(sink.bytes()).toEqual(stream.subarray(0, 300));
    expect(sink.dataCalls.map((d) => [d.offset, d.bytes.length, d.frame, d.payloadOffset])).toEqual([
      [0, 100, 4, first.payloadOffset],
      [100, 100, 5, overlap.payloadOffset + 50],
      [200, 100, 6, next.payloadOffset],
    ]);
    const conn = analyzer.connections[0];
    expect(conn.retransmissions).toBe(1);
    expect(conn.overlaps).toBe(1);
  });

  it('a full retransmission is counted and not delivered again', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const a = flow.send('client', stream.subarray(0, 100));
    const b = flow.send('client', stream.subarray(100, 200));
    const aAgain = flow.send('client', stream.subarray(0, 100), { seq: a.seq, keepSeq: true });
    const bAgain = flow.send('client', stream.subarray(100, 200), { seq: b.seq, keepSeq: true });
    const c = flow.send('client', stream.subarray(200, 300));
    const { analyzer, consumers } = analyzeFrames([...hs, a, b, aAgain, bAgain, c]);
    expect(consumers[0].client.bytes()).toEqual(stream.subarray(0, 300));
    expect(consumers[0].client.dataCalls.map((d) => d.frame)).toEqual([4, 5, 8]);
    expect(analyzer.connections[0].retransmissions).toBe(2);
    expect(analyzer.connections[0].events.filter((e) => e.kind === 'retransmission').map((e) => [e.frame, e.seq, e.len])).toEqual([
      [6, 0, 100],
      [7, 100, 100],
    ]);
  });

  it('a duplicate of a segment still held for a hole is delivered once', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const a = flow.send('client', stream.subarray(0, 100));
    const b = flow.send('client', stream.subarray(100, 200));
    const c = flow.send('client', stream.subarray(200, 300));
    const { consumers } = analyzeFrames([...hs, a, c, c, b]);
    expect(consumers[0].client.bytes()).toEqual(stream.subarray(0, 300));
    expect(consumers[0].client.contractViolations()).toEqual([]);
  });

  it('a resegmented retransmission spanning two held segments fills the hole without duplicating bytes', () => {
    const flow = new TcpFlow();
    const hs = flow.handshake();
    const segs = [0, 100, 200, 300].map((from) => flow.send('client', stream.subarray(from, from + 100)));
    // segment 2 missing at first; 3 and 4 held; then 100..350 resent as one segment
    const big = flow.send('client', stream.subarray(100, 350), { seq: segs[1].seq, keepSeq: true });
    const { consumers } = analyzeFrames([...hs, segs[0], segs[2], segs[3], big]);
    const sink = consumers[0].client;
    expect(sink.bytes()).toEqual(concat(stream.subarray(0, 400)));
    expect(sink.contractViolations()).toEqual([]);
  });
});
