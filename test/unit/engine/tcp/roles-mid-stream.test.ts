import { describe, expect, it } from 'vitest';
import { concat, fromHex, patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/** the first bytes of a TLS handshake record carrying a ClientHello (type 1) or ServerHello (type 2) */
const helloRecord = (type: 1 | 2) => concat(fromHex('16 03 01 00 40'), [type, 0x00, 0x00, 0x3c, 0x03, 0x03], patternBytes(59, type));

describe('connection roles without a SYN (capture started mid-stream)', () => {
  it('no hint in the payload: the sender of the first packet is the client', () => {
    const flow = new TcpFlow({ clientIsn: 777_000, serverIsn: 888_000 });
    const a = flow.send('client', patternBytes(50, 1));
    const b = flow.send('server', patternBytes(60, 2));
    const { analyzer, consumers } = analyzeFrames([a, b]);
    const conn = analyzer.connections[0];
    expect([conn.client, conn.server, conn.clientDeterminedBy]).toEqual(['10.0.0.1:50000', '10.0.0.2:443', 'first-packet']);
    // the first byte seen is stream offset 0
    expect(consumers[0].client.dataCalls.map((d) => [d.offset, d.bytes.length])).toEqual([[0, 50]]);
    expect(consumers[0].server.dataCalls.map((d) => [d.offset, d.bytes.length])).toEqual([[0, 60]]);
    expect(conn.syn).toBeNull();
  });

  it('a ServerHello-looking first payload from the first sender makes the other side the client', () => {
    const flow = new TcpFlow();
    const hello = helloRecord(2);
    const first = flow.send('server', hello);
    const second = flow.send('client', patternBytes(30, 3));
    const { analyzer, consumers } = analyzeFrames([first, second]);
    const conn = analyzer.connections[0];
    expect([conn.client, conn.server, conn.clientDeterminedBy]).toEqual(['10.0.0.1:50000', '10.0.0.2:443', 'server-hello']);
    expect(consumers[0].server.bytes()).toEqual(hello);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(30, 3));
    expect(conn.counters.s2c.frames).toBe(1);
    expect(conn.counters.c2s.frames).toBe(1);
  });

  it('a ClientHello first payload sets clientDeterminedBy "client-hello" and keeps its sender as client', () => {
    const flow = new TcpFlow();
    const hello = helloRecord(1);
    const { analyzer, consumers } = analyzeFrames([flow.send('client', hello), flow.send('server', patternBytes(10))]);
    const conn = analyzer.connections[0];
    expect([conn.client, conn.clientDeterminedBy]).toEqual(['10.0.0.1:50000', 'client-hello']);
    expect(consumers[0].client.bytes()).toEqual(hello);
  });

  it('a pure ACK first, then a ClientHello from the other side: roles swap, earlier events and counters follow', () => {
    const flow = new TcpFlow();
    const serverAck = flow.ack('server');
    const hello = helloRecord(1);
    const ch = flow.send('client', hello);
    const { analyzer, consumers } = analyzeFrames([serverAck, ch]);
    const conn = analyzer.connections[0];
    expect([conn.client, conn.server, conn.clientDeterminedBy]).toEqual(['10.0.0.1:50000', '10.0.0.2:443', 'client-hello']);
    expect(conn.counters.c2s.frames).toBe(1);
    expect(conn.counters.s2c.frames).toBe(1);
    expect(consumers[0].client.bytes()).toEqual(hello);
    expect(consumers[0].client.dataCalls[0].offset).toBe(0);
  });

  it('a SYN-ACK as first frame: its receiver is the client', () => {
    const flow = new TcpFlow();
    flow.syn(); // not captured
    const frames = [flow.synAck(), flow.ack('client'), flow.send('client', patternBytes(10))];
    const { analyzer, consumers } = analyzeFrames(frames);
    const conn = analyzer.connections[0];
    expect([conn.client, conn.clientDeterminedBy]).toEqual(['10.0.0.1:50000', 'syn-ack']);
    expect(consumers[0].client.dataCalls.map((d) => d.offset)).toEqual([0]);
  });
});
