import { describe, expect, it } from 'vitest';
import { patternBytes, TCP, TcpFlow } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

function opened() {
  const flow = new TcpFlow();
  const frames = [...flow.handshake(), flow.send('client', patternBytes(20, 1)), flow.send('server', patternBytes(30, 2))];
  return { flow, frames };
}

describe('TCP teardown', () => {
  it('RST from the server ends both directions at once; later data is not delivered', () => {
    const { flow, frames } = opened();
    const rst = flow.rst('server');
    const late = flow.send('client', patternBytes(10, 3));
    const { analyzer, consumers } = analyzeFrames([...frames, rst, late], { finish: false });
    const conn = analyzer.connections[0];
    expect(consumers[0].client.endCount).toBe(1);
    expect(consumers[0].server.endCount).toBe(1);
    expect(consumers[0].client.bytes()).toEqual(patternBytes(20, 1));
    expect(conn.rstFromServer).toEqual({ frame: 6, time: rst.time, fileOffset: 6000 });
    expect(conn.rstFromClient).toBeNull();
    expect(conn.closeKind).toBe('rst');
    expect(conn.closed).toBe(true);
    analyzer.finish();
    expect([consumers[0].client.endCount, consumers[0].server.endCount]).toEqual([1, 1]);
  });

  it('four-way close: FIN, ACK, FIN, ACK', () => {
    const { flow, frames } = opened();
    const close = [flow.fin('client'), flow.ack('server'), flow.fin('server'), flow.ack('client')];
    const { analyzer, consumers } = analyzeFrames([...frames, ...close], { finish: false });
    const conn = analyzer.connections[0];
    expect(conn.closeKind).toBe('four-way');
    expect(conn.finFromClient?.frame).toBe(6);
    expect(conn.finFromServer?.frame).toBe(8);
    expect(conn.finAckedByServer?.frame).toBe(7);
    expect(conn.finAckedByClient?.frame).toBe(9);
    // each FIN ends its direction without waiting for the end of the capture
    expect([consumers[0].client.endCount, consumers[0].server.endCount]).toEqual([1, 1]);
  });

  it('the common three-segment close (FIN, FIN-ACK that acknowledges it, ACK) is an orderly close, not simultaneous', () => {
    const { flow, frames } = opened();
    const close = [flow.fin('client'), flow.fin('server'), flow.ack('client')];
    const { analyzer } = analyzeFrames([...frames, ...close]);
    const conn = analyzer.connections[0];
    expect(close[1].ack).toBe(close[0].seq + 1); // the server's FIN acknowledges the client's
    expect(conn.closeKind).toBe('four-way');
    expect(conn.finAckedByServer?.frame).toBe(7);
  });

  it('server sends data after the client FIN, then closes: not simultaneous', () => {
    const { flow, frames } = opened();
    const close = [flow.fin('client'), flow.send('server', patternBytes(40, 5)), flow.fin('server'), flow.ack('client')];
    const { analyzer, consumers } = analyzeFrames([...frames, ...close]);
    expect(analyzer.connections[0].closeKind).toBe('four-way');
    expect(consumers[0].server.bytes().length).toBe(70);
  });

  it('simultaneous close: each FIN sent before the other side saw the peer FIN', () => {
    const { flow, frames } = opened();
    const clientFin = flow.fin('client');
    // the server has not seen the client's FIN: its ACK field stops before it
    const serverFin = flow.fin('server', { ack: clientFin.seq });
    const close = [clientFin, serverFin, flow.ack('client'), flow.ack('server')];
    const { analyzer } = analyzeFrames([...frames, ...close]);
    const conn = analyzer.connections[0];
    expect(conn.closeKind).toBe('simultaneous');
    expect(conn.finAckedByServer?.frame).toBe(9);
  });

  it('half-closed: only the client sent FIN, the server keeps sending', () => {
    const { flow, frames } = opened();
    const rest = [flow.fin('client'), flow.ack('server'), flow.send('server', patternBytes(100, 7))];
    const { analyzer, consumers } = analyzeFrames([...frames, ...rest], { finish: false });
    const conn = analyzer.connections[0];
    expect(conn.closeKind).toBe('half-closed');
    expect(conn.closed).toBe(false);
    expect(consumers[0].client.endCount).toBe(1);
    expect(consumers[0].server.endCount).toBe(0);
    analyzer.finish();
    expect(consumers[0].server.endCount).toBe(1);
  });

  it('no FIN, no RST: open', () => {
    const { frames } = opened();
    expect(analyzeFrames(frames).analyzer.connections[0].closeKind).toBe('open');
  });

  it('FIN with data in the same segment delivers the data then ends', () => {
    const { flow, frames } = opened();
    const finData = flow.segment('client', { flags: TCP.FIN | TCP.ACK | TCP.PSH }, patternBytes(15, 8));
    const { consumers } = analyzeFrames([...frames, finData], { finish: false });
    expect(consumers[0].client.bytes().length).toBe(35);
    expect(consumers[0].client.calls[consumers[0].client.calls.length - 1]).toEqual({ kind: 'end' });
  });
});
