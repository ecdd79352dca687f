import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../main/engine/index';
import { REPORT_SCHEMA } from '../../../../main/engine/model/report';
import { ascii, flowToPcap, patternBytes, TcpFlow } from '../../../fixtures/builders';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sessionPcap() {
  const flow = new TcpFlow({ client: { ip: '198.51.100.7', port: 51515 }, server: { ip: '203.0.113.9', port: 8443 } });
  const frames = [
    flow.at(50).syn(),
    flow.at(50.01).synAck(),
    flow.at(50.011).ack('client'),
    flow.at(50.02).send('client', patternBytes(300, 1)),
    flow.at(50.03).send('server', patternBytes(1200, 2)),
    flow.at(50.04).fin('client'),
    flow.at(50.05).fin('server'),
    flow.at(50.06).ack('client'),
  ];
  return { frames, file: flowToPcap(frames) };
}

describe('analyzeCapture → report', () => {
  it('one connection, described from the bytes that were written', async () => {
    const { frames, file } = sessionPcap();
    const path = join(dir, 'session.pcap');
    writeFileSync(path, file.bytes);
    const { report } = await analyzeCapture(path, { chunkSize: 13 });
    expect(report.schema).toBe(REPORT_SCHEMA);
    expect(report.file).toEqual({ path, name: 'session.pcap', size: file.bytes.length, format: 'pcap' });
    expect(report.complete).toBe(true);
    expect(report.stats).toMatchObject({ frames: 8, tcp: 8, ipv4: 8, connections: 1, anomalyCount: 0, linkTypes: { ether: 8 } });
    const c = report.connections[0];
    expect(c).toMatchObject({
      id: 0,
      transport: 'tcp',
      client: '198.51.100.7:51515',
      server: '203.0.113.9:8443',
      clientDeterminedBy: 'syn',
      firstFrame: 1,
      frames: { c2s: 5, s2c: 3 },
      payloadBytes: { c2s: 300, s2c: 1200 },
      bytes: { c2s: [0, 2, 3, 5, 7].reduce((n, i) => n + frames[i].data.length, 0), s2c: [1, 4, 6].reduce((n, i) => n + frames[i].data.length, 0) },
    });
    expect(c.durationMs).toBeCloseTo(60, 6);
    expect(c.tcp).toMatchObject({ syn: true, synAck: true, ackAfterSynAck: true, finFromClient: true, finFromServer: true, rstFromClient: false, rstFromServer: false, closeKind: 'four-way', gaps: 0, retransmissions: 0 });
    expect(c.tcp.handshakeRttMs).toBeCloseTo(11, 3);
    expect(c.tcp.times.syn).toBe(50);
    expect(c.events[0]).toMatchObject({ kind: 'syn', frame: 1, fileOffset: file.dataOffsets[0] });
  });

  it('a file cut inside its last record: the frames before it, an anomaly, complete = false', async () => {
    const { file } = sessionPcap();
    const path = join(dir, 'cut.pcap');
    writeFileSync(path, file.bytes.subarray(0, file.dataOffsets[7] + 3));
    const { report } = await analyzeCapture(path);
    expect(report.stats.frames).toBe(7);
    expect(report.complete).toBe(false);
    expect(report.stats.anomalies).toEqual({ 'pcap.truncated-record': 1 });
    expect(report.anomalies[0].fileOffset).toBe(file.recordOffsets[7]);
  });

  it('not a capture: no throw, complete = false, capture.unknown-format', async () => {
    const path = join(dir, 'readme.txt');
    writeFileSync(path, ascii('hello, this is text\n'));
    const { report } = await analyzeCapture(path);
    expect(report.complete).toBe(false);
    expect(report.file.format).toBeNull();
    expect(report.stats.frames).toBe(0);
    expect(report.stats.anomalies).toEqual({ 'capture.unknown-format': 1 });
  });
});
