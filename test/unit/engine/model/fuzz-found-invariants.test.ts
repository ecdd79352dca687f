import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../main/engine/index';
import { buildPcap, LINK, patternBytes, splitTime, TcpFlow, type FlowFrame } from '../../../fixtures/builders';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-fuzz-found-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** classic pcap records (libpcap file format: caplen, then len) with their lengths and times as given */
async function analyzeRecords(name: string, records: Array<{ frame: FlowFrame; time?: number; originalLength?: number }>) {
  const path = join(dir, name);
  writeFileSync(
    path,
    buildPcap({
      linkType: LINK.ETHERNET,
      records: records.map((r) => {
        const [seconds, fraction] = splitTime(r.time ?? r.frame.time);
        return { seconds, fraction, data: r.frame.data, originalLength: r.originalLength ?? r.frame.data.length };
      }),
    }).bytes,
  );
  return (await analyzeCapture(path)).report;
}

/** What the fuzz tier found (test/fuzz): each pinned by a capture built here. */
describe('invariants the fuzz tier found broken', () => {
  it('capture-clock-backwards: negative durations come with an anomaly saying the clock ran backwards', async () => {
    const flow = new TcpFlow({ start: 1_700_000_000 });
    const [syn, synAck, ack] = flow.handshake();
    const data = flow.send('client', patternBytes(20));
    // records swapped in the file (a merge gone wrong): the SYN-ACK is stamped 5 s before the SYN
    const report = await analyzeRecords('backwards.pcap', [{ frame: syn }, { frame: synAck, time: 1_699_999_995 }, { frame: ack }, { frame: data }]);
    const c = report.connections[0];
    expect(c.tcp.serverRttMs).toBeLessThan(0);
    expect(report.stats.anomalies['capture.time-backwards']).toBe(1);
    expect(report.anomalies.find((a) => a.code === 'capture.time-backwards')?.frame).toBe(2);
  });

  it('capture-clock-forwards-only: no such anomaly when time never goes back', async () => {
    const flow = new TcpFlow();
    const report = await analyzeRecords('forwards.pcap', [...flow.handshake(), flow.send('client', patternBytes(20))].map((frame) => ({ frame })));
    expect(report.stats.anomalies['capture.time-backwards']).toBeUndefined();
  });

  it('pcap-original-length-below-captured: a record claiming fewer wire bytes than it holds counts what it holds', async () => {
    const flow = new TcpFlow();
    const [syn, synAck, ack] = flow.handshake();
    const data = flow.send('client', patternBytes(517));
    // len 1 beside caplen 571: the record header is damaged (the reader warns pcap.caplen-over-len)
    const report = await analyzeRecords('len-below-caplen.pcap', [{ frame: syn }, { frame: synAck }, { frame: ack }, { frame: data, originalLength: 1 }]);
    const c = report.connections[0];
    expect(report.stats.anomalies['pcap.caplen-over-len']).toBe(1);
    for (const dir of ['c2s', 's2c'] as const) expect(c.payloadBytes[dir]).toBeLessThanOrEqual(c.bytes[dir]);
    expect(c.payloadBytes.c2s).toBe(517);
    expect(c.bytes.c2s).toBe(syn.data.length + ack.data.length + data.data.length);
  });
});
