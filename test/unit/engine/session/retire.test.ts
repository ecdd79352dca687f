import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture, analyzeCaptureStreaming, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_RETIRE_AFTER_SECONDS } from '../../../../main/engine/index';
import { TcpFlow, flowToPcap, type FlowFrame } from '../../../fixtures/builders';
import { CORPUS_AVAILABLE, listCorpus } from '../../../corpus/corpus';

/**
 * The CLI's bounded-memory mode reports each connection some capture-seconds after it
 * ended, parks the report in a spool file and forgets the connection. Its output must be
 * exactly what the in-memory analysis gives, and forgetting must not invent connections.
 */
const dir = mkdtempSync(join(tmpdir(), 'tlslens-retire-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, frames: FlowFrame[]): string {
  const path = join(dir, name);
  writeFileSync(path, flowToPcap(frames).bytes);
  return path;
}

async function both(path: string, retireAfterSeconds: number, idleTimeoutSeconds?: number) {
  const inMemory = await analyzeCapture(path);
  // the CLI lists the QUIC and DTLS connections after the TCP ones
  const memory = { ...inMemory.report, connections: [...inMemory.report.connections, ...inMemory.session.udpConnectionReports()] };
  const streamed = await analyzeCaptureStreaming(path, { retireAfterSeconds, idleTimeoutSeconds });
  const lines = [...streamed.session.connectionReportJson()];
  return { memory, head: streamed.head, lines };
}

/** A closed connection every `gap` seconds, each on its own client port. */
function closedConnections(count: number, gap: number): FlowFrame[] {
  const frames: FlowFrame[] = [];
  for (let i = 0; i < count; i++) {
    const f = new TcpFlow({ client: { ip: '192.0.2.1', port: 40000 + i }, server: { ip: '192.0.2.80', port: 443 }, start: 1_700_000_000 + i * gap });
    frames.push(...f.handshake(), f.send('client', Buffer.from(`request ${i}`)), f.send('server', Buffer.from(`response ${i}`)), f.fin('client'), f.fin('server'), f.ack('client'));
  }
  return frames;
}

describe('retiring ended connections (CLI bounded memory)', () => {
  it('gives the in-memory report, in id order, when most connections were retired', async () => {
    const path = write('many.pcap', closedConnections(50, 10));
    const { memory, head, lines } = await both(path, 30);
    expect(lines.map((l) => JSON.parse(l))).toEqual(memory.connections);
    expect(head.stats).toEqual(memory.stats);
    // the spool was used and removed
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('tlslens-spool-'))).toEqual([]);
  });

  it('a straggler after retirement is counted, not taken for a new connection; a new SYN is a new connection', async () => {
    const f = new TcpFlow({ client: { ip: '192.0.2.1', port: 40000 }, server: { ip: '192.0.2.80', port: 443 } });
    const frames = [...f.handshake(), f.fin('client'), f.fin('server'), f.ack('client')];
    // other traffic moves capture time on by 120 s
    const other = new TcpFlow({ client: { ip: '192.0.2.2', port: 41000 }, server: { ip: '192.0.2.80', port: 443 }, start: 1_700_000_120 });
    frames.push(...other.handshake());
    f.at(1_700_000_121);
    frames.push(f.ack('server'));
    const again = new TcpFlow({ client: { ip: '192.0.2.1', port: 40000 }, server: { ip: '192.0.2.80', port: 443 }, start: 1_700_000_122, clientIsn: 900_000 });
    frames.push(...again.handshake());
    const path = write('straggler.pcap', frames);
    const streamed = await analyzeCaptureStreaming(path, { retireAfterSeconds: 60 });
    const reports = [...streamed.session.connectionReports()];
    expect(reports.map((r) => [r.id, r.client, r.clientDeterminedBy])).toEqual([
      [0, '192.0.2.1:40000', 'syn'],
      [1, '192.0.2.2:41000', 'syn'],
      [2, '192.0.2.1:40000', 'syn'],
    ]);
    expect(streamed.head.stats.anomalies['tcp.after-report']).toBe(1);
    expect(streamed.head.stats.connections).toBe(3);
  });

  it.skipIf(!CORPUS_AVAILABLE)('every corpus capture: same connections as the in-memory analysis (the CLI\'s defaults)', async () => {
    const differing: string[] = [];
    for (const entry of listCorpus()) {
      const { memory, head, lines } = await both(entry.capture, DEFAULT_RETIRE_AFTER_SECONDS, DEFAULT_IDLE_TIMEOUT_SECONDS);
      const same = lines.length === memory.connections.length && lines.every((l, i) => l === JSON.stringify(memory.connections[i]));
      const anomalies = { ...head.stats.anomalies };
      if (!same || head.stats.connections !== memory.stats.connections || head.stats.tlsConnections !== memory.stats.tlsConnections) differing.push(entry.name);
      // the only difference allowed in the head: stragglers counted after retirement (none expected)
      delete anomalies['tcp.after-report'];
      if (JSON.stringify(anomalies) !== JSON.stringify(memory.stats.anomalies)) differing.push(`${entry.name} (anomalies)`);
    }
    expect(differing).toEqual([]);
  }, 120_000);
});

/** A connection that never closes, quiet from t0 + 1 s, then one more request at `resumeAt`; `busy` frames of other traffic between. */
function quietThenResumed(busy: Array<{ time: number }>, resumeAt: number): FlowFrame[] {
  const quiet = new TcpFlow({ client: { ip: '192.0.2.1', port: 40000 }, server: { ip: '192.0.2.80', port: 443 } });
  const frames = [...quiet.handshake(), quiet.send('client', Buffer.from('first request')), quiet.send('server', Buffer.from('first response'))];
  const other = new TcpFlow({ client: { ip: '192.0.2.2', port: 41000 }, server: { ip: '192.0.2.80', port: 443 }, start: busy[0].time });
  frames.push(...other.handshake());
  for (const b of busy) frames.push(other.at(b.time).send('client', Buffer.from('tick')));
  frames.push(quiet.at(resumeAt).send('client', Buffer.from('second request')));
  return frames;
}

describe('retiring idle connections that never closed (--idle-timeout)', () => {
  const t0 = 1_700_000_000;

  it('a connection silent past the timeout is reported with what it had; its later frames are counted, not lost silently', async () => {
    // 1,200 frames of other traffic over 700 s, then the quiet connection speaks again
    const busy = Array.from({ length: 1200 }, (_, i) => ({ time: t0 + 2 + i * (700 / 1200) }));
    const path = write('idle.pcap', quietThenResumed(busy, t0 + 710));
    const inMemory = await analyzeCapture(path);
  // the CLI lists the QUIC and DTLS connections after the TCP ones
  const memory = { ...inMemory.report, connections: [...inMemory.report.connections, ...inMemory.session.udpConnectionReports()] };
    const streamed = await analyzeCaptureStreaming(path, { retireAfterSeconds: 60, idleTimeoutSeconds: 600 });
    const reports = [...streamed.session.connectionReports()];
    // in memory the quiet connection carries both requests; retired at 600 s idle it carries the first
    expect(memory.connections[0].payloadBytes.c2s).toBe('first request'.length + 'second request'.length);
    expect(reports[0].payloadBytes.c2s).toBe('first request'.length);
    expect(reports[0].payloadBytes.s2c).toBe('first response'.length);
    expect(reports[0].end).toBeLessThan(t0 + 1);
    expect(reports[1]).toEqual(memory.connections[1]);
    expect(streamed.head.stats.connections).toBe(2);
    expect(streamed.head.stats.anomalies['tcp.after-report']).toBe(1);
    expect(streamed.head.anomalies.find((a) => a.code === 'tcp.after-report')?.message).toMatch(/connection 0, which had been idle/);
  });

  it('without an idle timeout, or when the silence is shorter, the report is the in-memory one', async () => {
    const busy = Array.from({ length: 1200 }, (_, i) => ({ time: t0 + 2 + i * (500 / 1200) }));
    const short = write('short-idle.pcap', quietThenResumed(busy, t0 + 510));
    const a = await both(short, 60, 600);
    expect(a.lines.map((l) => JSON.parse(l))).toEqual(a.memory.connections);
    const long = write('long-idle.pcap', quietThenResumed(busy.map((b) => ({ time: b.time + 1000 })), t0 + 1600));
    const b = await both(long, 60, 0);
    expect(b.lines.map((l) => JSON.parse(l))).toEqual(b.memory.connections);
    expect(b.head.stats.anomalies['tcp.after-report']).toBeUndefined();
  });

  it('one frame with a wild clock does not end connections that spoke a few frames before', async () => {
    // 20 frames of other traffic, one of them stamped 30 years on, then the quiet connection again
    const busy = Array.from({ length: 20 }, (_, i) => ({ time: i === 10 ? t0 + 1e9 : t0 + 2 + i }));
    const path = write('wild-clock.pcap', quietThenResumed(busy, t0 + 30));
    const { memory, lines, head } = await both(path, 60, 600);
    expect(lines.map((l) => JSON.parse(l))).toEqual(memory.connections);
    expect(head.stats.anomalies['tcp.after-report']).toBeUndefined();
  });
});
