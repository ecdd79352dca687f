import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../support/paths';
import { LINK, PcapngBuilder, TcpFlow, flowToPcap } from '../../../fixtures/builders';
import { manyConnections } from '../../../fixtures/many-connections';
import { clientHelloRecord, sniExtension } from '../../engine/tls/helpers/tls-bytes';

/**
 * `tlslens analyze` as a user runs it (the real bin, a real process): the
 * three formats, the exit codes, and the messages for damaged input.
 */
const BIN = join(ROOT, 'bin', 'tlslens.mjs');
let dir: string;
let capture: string;
let captureBytes: Uint8Array;

function tlslens(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlslens-cli-'));
  const a = new TcpFlow({ client: { ip: '192.0.2.1', port: 40000 }, server: { ip: '192.0.2.80', port: 443 } });
  const b = new TcpFlow({ client: { ip: '2001:db8::1', port: 40001 }, server: { ip: '2001:db8::2', port: 8443 }, start: 1_700_000_001 });
  const frames = [...a.handshake(), a.send('client', Buffer.from('hello')), a.fin('client'), a.fin('server'), a.ack('client'), ...b.handshake(), b.rst('server')];
  captureBytes = flowToPcap(frames).bytes;
  capture = join(dir, 'two.pcap');
  writeFileSync(capture, captureBytes);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tlslens analyze', () => {
  it('json: one object in the documented schema, formatted as JSON.stringify(…, null, 2)', () => {
    const r = tlslens('analyze', capture, '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(r.stdout).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(report.schema).toBe('tlslens.analysis/1');
    expect(report.complete).toBe(true);
    expect(report.stats.frames).toBe(11);
    expect(report.connections.map((c: { client: string; server: string }) => [c.client, c.server])).toEqual([
      ['192.0.2.1:40000', '192.0.2.80:443'],
      ['[2001:db8::1]:40001', '[2001:db8::2]:8443'],
    ]);
    const [first, second] = report.connections;
    expect(first.tcp).toMatchObject({ syn: true, synAck: true, ackAfterSynAck: true, finFromClient: true, finFromServer: true, closeKind: 'four-way' });
    expect(first.events.map((e: { kind: string }) => e.kind)).toEqual(['syn', 'syn-ack', 'ack', 'data', 'fin', 'fin', 'fin-ack']);
    expect(second.tcp).toMatchObject({ rstFromServer: true, closeKind: 'rst' });
    expect(first.tls).toBeNull();
  });

  it('ndjson: a file line, one line per connection, a stats line', () => {
    const r = tlslens('analyze', capture, '--format', 'ndjson');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['file', 'connection', 'connection', 'stats']);
    expect(lines[3].stats.connections).toBe(2);
  });

  it('text: a table naming both connections', () => {
    const r = tlslens('analyze', capture, '--format', 'text');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('192.0.2.1:40000');
    expect(r.stdout).toContain('[2001:db8::2]:8443');
    expect(r.stdout).toMatch(/Connections: 2 TCP/);
  });

  it('a file that is not a capture: exit 1, the file and offset 0 named', () => {
    const notCapture = join(dir, 'notes.txt');
    writeFileSync(notCapture, 'this is not a capture file at all');
    const r = tlslens('analyze', notCapture);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(notCapture);
    expect(r.stderr).toContain('offset 0');
  });

  it('a truncated capture: exit 0, partial results, complete false, the offset named', () => {
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, captureBytes.subarray(0, captureBytes.length - 10));
    const r = tlslens('analyze', cut);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.complete).toBe(false);
    expect(report.stats.frames).toBe(10);
    expect(r.stderr).toMatch(new RegExp(`${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*offset \\d+`));
  });

  it('a damaged timestamp past what a date can hold: every format still answers, the text names the raw seconds', () => {
    const flow = new TcpFlow({ client: { ip: '192.0.2.1', port: 40000 }, server: { ip: '192.0.2.80', port: 443 } });
    const [syn, synAck] = flow.handshake();
    // microsecond units: 2^64-1 µs is ~1.8e13 s, beyond Date's ±8.64e12 s (toISOString throws there)
    const far = 0xffff_ffff_ffff_ffffn;
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: LINK.ETHERNET })
      .epb({ interfaceId: 0, timestamp: BigInt(Math.round(syn.time * 1e6)), data: syn.data })
      .epb({ interfaceId: 0, timestamp: far, data: synAck.data });
    const path = join(dir, 'far-time.pcapng');
    writeFileSync(path, b.build());
    const text = tlslens('analyze', path, '--format', 'text');
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const farSeconds = Number(far) / 1e6;
    expect(text.stdout).toContain(`… ${farSeconds} s since 1970`);
    for (const format of ['json', 'ndjson']) {
      const r = tlslens('analyze', path, '--format', format);
      expect(r.code, format).toBe(0);
      expect(r.stdout).toContain(String(farSeconds));
    }
  });

  it('text: a hostile SNI (escape sequence, line break, backslash) is printed escaped, on its own row', () => {
    const flow = new TcpFlow({ client: { ip: '192.0.2.7', port: 40007 }, server: { ip: '192.0.2.80', port: 443 } });
    const sni = 'evil\x1b]0;owned\x07\n9  10.6.6.6:1  fake row \\x41\x9b.example';
    const hello = clientHelloRecord({ cipherSuites: [0x1301], extensions: [sniExtension(sni)] });
    const path = join(dir, 'hostile-sni.pcap');
    writeFileSync(path, flowToPcap([...flow.handshake(), flow.send('client', hello)]).bytes);
    const r = tlslens('analyze', path, '--format', 'text');
    expect(r.code).toBe(0);
    // header block (4 lines, blank), column header, one row: nothing the SNI carried split it
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(lines[6].endsWith('evil\\x1b]0;owned\\x07\\x0a9  10.6.6.6:1  fake row \\\\x41\\x9b.example')).toBe(true);
    // JSON keeps the name as sent (JSON escapes it)
    expect(JSON.parse(tlslens('analyze', path, '--format', 'json').stdout).connections[0].tls.sni).toBe(sni);
  });

  it('a missing file and usage errors', () => {
    expect(tlslens('analyze', join(dir, 'missing.pcap')).code).toBe(1);
    expect(tlslens('analyze').code).toBe(2);
    expect(tlslens('analyze', capture, '--format', 'xml').code).toBe(2);
    expect(tlslens('frobnicate').code).toBe(2);
    const idle = tlslens('analyze', capture, '--idle-timeout', 'soon');
    expect(idle.code).toBe(2);
    expect(idle.stderr).toMatch(/--idle-timeout needs a number of seconds/);
    // 0 keeps idle connections to the end: accepted, same report
    const keepAll = tlslens('analyze', capture, '--format', 'ndjson', '--idle-timeout', '0');
    expect(keepAll.code).toBe(0);
    expect(keepAll.stdout).toBe(tlslens('analyze', capture, '--format', 'ndjson').stdout);
  });

  it('a reader that stops early (`| head`): the command ends at once, quietly, with 0, whichever the entry point and format', async () => {
    const many = join(dir, 'many.pcap');
    writeFileSync(many, manyConnections(3000).bytes);
    for (const entry of [BIN, join(ROOT, 'out', 'main', 'cli.js')]) {
      for (const format of ['ndjson', 'json', 'text']) {
        const child = spawn(process.execPath, [entry, 'analyze', many, '--format', format], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        // what `head -c 100` does: read a little, then close the pipe
        const first = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
        child.stdout.destroy();
        const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
        expect(first.length).toBeGreaterThan(0);
        expect({ entry, format, code, stderr }).toEqual({ entry, format, code: 0, stderr: '' });
      }
    }
  }, 60_000);
});
