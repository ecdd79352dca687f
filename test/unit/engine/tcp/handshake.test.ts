import { describe, expect, it } from 'vitest';
import { patternBytes, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

describe('TCP handshake', () => {
  it('SYN, SYN-ACK, ACK: flags, frames and RTTs from the capture timestamps', () => {
    const flow = new TcpFlow();
    const syn = flow.at(100).syn();
    const synAck = flow.at(100.025).synAck();
    const ack = flow.at(100.0262).ack('client');
    const data = flow.at(100.03).send('client', patternBytes(10));
    const { analyzer, consumers } = analyzeFrames([syn, synAck, ack, data]);
    const conn = analyzer.connections[0];
    // each step is its frame's own reference: where the frame sits in the file comes with it
    expect(conn.syn).toEqual({ frame: 1, time: 100, fileOffset: 1000 });
    expect(conn.synAck).toEqual({ frame: 2, time: 100.025, fileOffset: 2000 });
    expect(conn.ackAfterSynAck).toEqual({ frame: 3, time: 100.0262, fileOffset: 3000 });
    expect(conn.handshakeRttMs).toBe(26.2);
    expect(conn.serverRttMs).toBe(25);
    expect(conn.clientRttMs).toBe(1.2);
    expect(conn.clientDeterminedBy).toBe('syn');
    expect(conn.events.slice(0, 3).map((e) => [e.kind, e.flags, e.frame])).toEqual([
      ['syn', 'SYN', 1],
      ['syn-ack', 'SYN, ACK', 2],
      ['ack', 'ACK', 3],
    ]);
    // the byte after the SYN is stream offset 0
    expect(consumers[0].client.dataCalls[0].offset).toBe(0);
  });

  it('no RTT without the third packet', () => {
    const flow = new TcpFlow();
    const { analyzer } = analyzeFrames([flow.at(1).syn(), flow.at(1.5).synAck()]);
    const conn = analyzer.connections[0];
    expect(conn.handshakeRttMs).toBeNull();
    expect(conn.serverRttMs).toBe(500);
    expect(conn.clientRttMs).toBeNull();
  });

  it('a retransmitted SYN (same ISN) stays in the same connection, counted, timed from the first SYN', () => {
    const flow = new TcpFlow();
    const syn1 = flow.at(10).syn();
    const syn2 = flow.at(11).syn();
    const synAck = flow.at(11.01).synAck();
    const ack = flow.at(11.02).ack('client');
    const { analyzer } = analyzeFrames([syn1, syn2, synAck, ack]);
    expect(analyzer.connections).toHaveLength(1);
    const conn = analyzer.connections[0];
    expect(conn.retransmissions).toBe(1);
    expect(conn.syn).toEqual({ frame: 1, time: 10, fileOffset: 1000 });
    expect(conn.handshakeRttMs).toBe(1020);
    expect(conn.events.map((e) => e.kind)).toEqual(['syn', 'retransmission', 'syn-ack', 'ack']);
  });

  it('a retransmitted SYN-ACK is counted', () => {
    const flow = new TcpFlow();
    const frames = [flow.syn(), flow.synAck(), flow.synAck(), flow.ack('client')];
    const { analyzer } = analyzeFrames(frames);
    expect(analyzer.connections).toHaveLength(1);
    expect(analyzer.connections[0].retransmissions).toBe(1);
  });
});
