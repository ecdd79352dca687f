import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

describe('the same 4-tuple used again', () => {
  it('a new SYN after FIN/FIN starts a new connection with a new id and its own consumer', () => {
    const first = new TcpFlow({ clientIsn: 1000, serverIsn: 5000, start: 10 });
    const one = [...first.handshake(), first.send('client', patternBytes(10, 1)), first.fin('client'), first.fin('server'), first.ack('client')];
    const second = new TcpFlow({ clientIsn: 900_000, serverIsn: 7_000, start: 20 });
    const two = [...second.handshake(), second.send('client', patternBytes(20, 2)), second.send('server', patternBytes(5, 3))];
    const { analyzer, consumers } = analyzeFrames([...one, ...two]);
    expect(analyzer.connections.map((c) => [c.id, c.firstFrame, c.client, c.server])).toEqual([
      [0, 1, '10.0.0.1:50000', '10.0.0.2:443'],
      [1, 8, '10.0.0.1:50000', '10.0.0.2:443'],
    ]);
    expect(consumers).toHaveLength(2);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(10, 1));
    expect(consumers[1].client.bytes()).toEqual(patternBytes(20, 2));
    expect(consumers[1].server.bytes()).toEqual(patternBytes(5, 3));
    // the old connection is complete and untouched by the new one
    expect(analyzer.connections[0].counters.c2s.frames).toBe(5);
    expect(analyzer.connections[0].closeKind).toBe('four-way');
    expect(analyzer.connections[1].counters.c2s.frames).toBe(3);
    expect(analyzer.connections[1].syn?.frame).toBe(8);
    expect(analyzer.connections[1].retransmissions).toBe(0);
  });

  it('a SYN on a tuple first seen mid-stream with data starts a new connection', () => {
    const old = new TcpFlow({ clientIsn: 1, serverIsn: 2 });
    const midStream = [old.send('client', patternBytes(10)), old.send('server', patternBytes(10))];
    const fresh = new TcpFlow({ clientIsn: 50_000 });
    const { analyzer } = analyzeFrames([...midStream, ...fresh.handshake()]);
    expect(analyzer.connections.map((c) => c.id)).toEqual([0, 1]);
    expect(analyzer.connections[1].clientDeterminedBy).toBe('syn');
  });

  it('different client ports are different connections', () => {
    const a = new TcpFlow({ client: { ip: '10.0.0.1', port: 1111 } });
    const b = new TcpFlow({ client: { ip: '10.0.0.1', port: 2222 } });
    const { analyzer } = analyzeFrames([a.syn(), b.syn(), a.synAck(), b.synAck()]);
    expect(analyzer.connections.map((c) => c.client)).toEqual(['10.0.0.1:1111', '10.0.0.1:2222']);
    expect(analyzer.connections.every((c) => c.synAck !== null)).toBe(true);
  });
});
