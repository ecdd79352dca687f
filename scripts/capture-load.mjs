// `npm run bench:capture`: a load test of live capture on `lo`, bounded in time and count.
// A generator process floods UDP datagrams to one port on 127.0.0.1 while
// `tlslens capture -i lo -f "udp dst port P"` captures them (helper → pipe →
// pcapng writer → engine). Prints frames/s handled and what was dropped, by
// the kernel and by the app.
//
// Kernel drops: cap 0.2.1 has no pcap_stats binding, so they are measured here
// as datagrams sent minus frames the helper saw (captured + dropped by the app).
// Env: CAPTURE_LOAD_SECONDS (10), CAPTURE_LOAD_MAX_PACKETS (3000000), CAPTURE_LOAD_SIZE (200 bytes of payload).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, ROOT } from './ensure-deps.mjs';

const seconds = Number(process.env.CAPTURE_LOAD_SECONDS ?? 10);
const maxPackets = Number(process.env.CAPTURE_LOAD_MAX_PACKETS ?? 3_000_000);
const size = Number(process.env.CAPTURE_LOAD_SIZE ?? 200);
const log = (m) => process.stderr.write(`[bench:capture] ${m}\n`);

if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  log('needs Linux and root (or a Node with cap_net_raw): skipped');
  process.exit(0);
}
if (!ensureBuild()) {
  log('build failed');
  process.exit(1);
}
const cli = join(ROOT, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  log(`missing ${cli}`);
  process.exit(1);
}

const port = 40000 + Math.floor(Math.random() * 20000);
const dir = mkdtempSync(join(tmpdir(), 'tlslens-capture-load-'));
const pcapng = join(dir, 'load.pcapng');

// the generator: as fast as it can, in batches (so it can be told to stop), bounded by count and time
const GENERATOR = `
const dgram = require('node:dgram');
const [port, size, max, ms] = process.argv.slice(1).map(Number);
const sink = dgram.createSocket('udp4');
sink.on('message', () => {});
sink.bind(port, '127.0.0.1', () => {
  const s = dgram.createSocket('udp4');
  s.connect(port, '127.0.0.1', () => {
    const payload = Buffer.alloc(size, 0x61);
    let sent = 0, inFlight = 0, failed = 0;
    const t0 = Date.now();
    const done = () => { process.stdout.write(JSON.stringify({ sent: sent - failed, ms: Date.now() - t0 }) + '\\n'); s.close(); sink.close(); };
    (function burst() {
      if (sent >= max || Date.now() - t0 >= ms) return inFlight === 0 ? done() : setTimeout(burst, 10);
      for (let i = 0; i < 256 && sent < max; i++) { sent++; inFlight++; s.send(payload, (e) => { inFlight--; if (e) failed++; }); }
      setImmediate(burst);
    })();
  });
});`;

const capture = spawn(process.execPath, [cli, 'capture', '-i', 'lo', '-f', `udp dst port ${port}`, '-w', pcapng, '--duration', String(seconds), '--count', String(maxPackets), '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
let err = '';
capture.stdout.on('data', (d) => (out += d));
let generator = null;
let generated = null;
capture.stderr.on('data', (d) => {
  err += d;
  if (!generator && err.includes('Capturing on')) {
    // leave the last second for the capture to drain
    generator = spawn(process.execPath, ['-e', GENERATOR, String(port), String(size), String(maxPackets), String(Math.max(1000, (seconds - 1) * 1000))], { stdio: ['ignore', 'pipe', 'inherit'] });
    let g = '';
    generator.stdout.on('data', (x) => (g += x));
    generator.on('close', () => (generated = JSON.parse(g || '{"sent":0,"ms":0}')));
  }
});
// peak resident memory of the app (CLI) and of the helper: both must stay flat for hours
const peak = { app: 0, helper: 0 };
const rss = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
};
const sampler = setInterval(() => {
  peak.app = Math.max(peak.app, rss(capture.pid));
  let children = [];
  try {
    children = readFileSync(`/proc/${capture.pid}/task/${capture.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {}
  for (const c of children) peak.helper = Math.max(peak.helper, rss(c));
}, 200);
const code = await new Promise((r) => capture.on('close', r));
clearInterval(sampler);
while (generator && generated === null) await new Promise((r) => setTimeout(r, 50));
if (code !== 0) {
  log(`capture failed (exit ${code}):\n${err}`);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
const report = JSON.parse(out);
const c = report.capture;
const seen = c.frames + c.drops.app;
const kernelDropped = Math.max(0, (generated?.sent ?? 0) - seen);
const secs = c.durationMs / 1000;
const rows = [
  ['duration', `${secs.toFixed(1)} s (generator ${(generated.ms / 1000).toFixed(1)} s, ${size}-byte payloads)`],
  ['sent', `${generated.sent} datagrams (${Math.round(generated.sent / (generated.ms / 1000))}/s offered)`],
  ['handled', `${c.frames} frames written and analysed: ${Math.round(c.frames / secs)} frames/s over the capture, ${Math.round(c.frames / (generated.ms / 1000))}/s while loaded`],
  ['dropped by the kernel', `${kernelDropped} (${pct(kernelDropped, generated.sent)}; sent − seen by the helper; pcap_stats: ${c.drops.kernel ?? 'not available in cap 0.2.1'})`],
  ['dropped by the app', `${c.drops.app} (${pct(c.drops.app, generated.sent)}; helper queue full)`],
  ['interface drops', `${c.drops.interface ?? 'n/a'}`],
  ['file', `${report.file.size} bytes pcapng, ${report.stats.udp} UDP frames in the report`],
  ['peak RSS', `app ${mb(peak.app)}, helper ${mb(peak.helper)}`],
];
const w = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n');
rmSync(dir, { recursive: true, force: true });

function mb(n) {
  return `${(n / 1048576).toFixed(0)} MiB`;
}

function pct(n, of) {
  return of > 0 ? `${((100 * n) / of).toFixed(2)}%` : '-';
}
