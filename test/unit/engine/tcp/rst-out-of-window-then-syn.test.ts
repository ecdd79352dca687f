import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../main/engine/index';
import { CONTENT, flowToPcap, TCP, TcpFlow, tls12Flights, tlsRecord, type FlowFrame } from '../../../fixtures/builders';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-rst-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyze(name: string, frames: FlowFrame[]) {
  const path = join(dir, name);
  writeFileSync(path, flowToPcap(frames).bytes);
  return (await analyzeCapture(path)).report;
}

/** After the TCP handshake: a TLS 1.2 handshake, one record of data each way, FIN, FIN, ACK. */
function tlsAndClose(flow: TcpFlow): FlowFrame[] {
  const t = tls12Flights('rst.example');
  return [
    flow.send('client', t.clientHello),
    flow.send('server', t.serverFlight),
    flow.send('client', t.clientFinish),
    flow.send('server', t.serverFinish),
    flow.send('client', tlsRecord(CONTENT.APPLICATION_DATA, new Array(30).fill(7))),
    flow.send('server', tlsRecord(CONTENT.APPLICATION_DATA, new Array(50).fill(9))),
    flow.fin('client'),
    flow.fin('server'),
    flow.ack('client'),
  ];
}

describe('RST outside the window, then the SYN again (RFC 5961 §3, RFC 9293 §3.10.7)', () => {
  it('tcp-rst-out-of-window-then-syn: the RST ends nothing; the handshake and TLS that follow are read', async () => {
    const flow = new TcpFlow({ clientIsn: 1000, serverIsn: 5000 });
    const frames = [
      flow.syn(),
      // the server still holds an older connection on this 4-tuple: it answers the SYN with a
      // challenge ACK of that connection's numbers (RFC 5961 §4.2, RFC 9293 §3.10.7.4)
      flow.segment('server', { flags: TCP.ACK, seq: 3_000_000_000, ack: 2_000_000_000, keepSeq: true }),
      // the client in SYN-SENT resets it with <SEQ=SEG.ACK> (RFC 9293 §3.10.7.3): a sequence
      // number far outside its own connection's window
      flow.segment('client', { flags: TCP.RST, seq: 2_000_000_000, ack: 0, keepSeq: true }),
      flow.syn(), // retransmitted, same ISN
      flow.synAck(),
      flow.ack('client'),
      ...tlsAndClose(flow),
    ];
    const report = await analyze('challenge-ack.pcap', frames);
    expect(report.connections).toHaveLength(1);
    const c = report.connections[0];
    expect(c.frames.c2s + c.frames.s2c).toBe(frames.length);
    expect(c.tcp).toMatchObject({ syn: true, synAck: true, ackAfterSynAck: true, rstFromClient: false, closeKind: 'four-way', retransmissions: 1, gaps: 0 });
    expect(c.events.filter((e) => e.kind === 'rst').map((e) => e.frame)).toEqual([3]);
    expect(c.tls?.sni).toBe('rst.example');
    expect(c.tls?.versionName).toBe('TLS 1.2');
    expect(c.tls?.recordCounts).toEqual({ c2s: { 22: 3, 20: 1, 23: 1 }, s2c: { 22: 3, 20: 1, 23: 1 } });
    expect(c.payloadBytes.c2s).toBeLessThanOrEqual(c.bytes.c2s);
  });

  it('tcp-syn-after-rst-new-connection: after a RST that ends the attempt, the SYN again opens a new connection', async () => {
    const flow = new TcpFlow({ clientIsn: 1000, serverIsn: 5000 });
    const frames = [
      flow.syn(),
      // refused: a RST acknowledging the SYN is acceptable in SYN-SENT (RFC 9293 §3.10.7.3)
      flow.segment('server', { flags: TCP.RST | TCP.ACK, seq: 0, ack: 1001, keepSeq: true }),
      flow.syn(), // the client tries again with the same ISN
      flow.synAck(),
      flow.ack('client'),
      ...tlsAndClose(flow),
    ];
    const report = await analyze('refused-then-accepted.pcap', frames);
    expect(report.connections.map((c) => [c.id, c.firstFrame, c.frames.c2s + c.frames.s2c, c.tcp.closeKind])).toEqual([
      [0, 1, 2, 'rst'],
      [1, 3, frames.length - 2, 'four-way'],
    ]);
    expect(report.connections[1].tls?.sni).toBe('rst.example');
    expect(report.connections[1].tcp.retransmissions).toBe(0);
  });
});
