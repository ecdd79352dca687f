// `npm run bench`: builds a large capture (default 600 MB) by replaying real
// flows with rewritten addresses, then prints throughput and peak memory of
// `tlslens analyze`, and of `tshark -r FILE -q -z conv,tcp` when tshark is
// installed, side by side. A script that prints figures, not a timed test.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureAll, ROOT } from './ensure-deps.mjs';

const targetMB = Number(process.env.BENCH_MB ?? 600);
ensureAll();
const { loadTemplates, writeBenchCapture } = await import(pathToFileURL(join(ROOT, 'out/main/bench-capture.js')).href);

function capturesUnder(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'truth' && e.name !== 'expected') out.push(...capturesUnder(p));
    else if (/\.(pcap|pcapng|cap)$/.test(e.name)) out.push(p);
  }
  return out;
}

const corpus = join(ROOT, '..', 'shared', 'corpus');
const sources = [...capturesUnder(process.env.TLSLENS_CORPUS ?? corpus), ...capturesUnder(join(ROOT, 'samples'))];
const dataDir = join(ROOT, 'bench-data');
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, `bench-${targetMB}mb.pcap`);
const metaFile = `${file}.json`;
if (!existsSync(file) || !existsSync(metaFile)) {
  process.stdout.write(`building ${file} from ${sources.length} captures…\n`);
  const templates = await loadTemplates(sources);
  const r = await writeBenchCapture(templates, file, targetMB * 1024 * 1024);
  writeFileSync(metaFile, JSON.stringify(r));
  process.stdout.write(`wrote ${r.frames} frames, ${(r.bytes / 1048576).toFixed(1)} MB, ${r.replays} replays\n`);
}
const { frames } = JSON.parse(readFileSync(metaFile, 'utf8'));
const sizeMB = statSync(file).size / 1048576;

/** Runs a command, sampling its peak RSS from /proc (VmHWM). */
function measure(cmd, args) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peakKB = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKB = Math.max(peakKB, Number(m[1]));
      } catch {}
    };
    const timer = setInterval(sample, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      resolve({ code, seconds, peakMB: peakKB / 1024, stderr });
    });
  });
}

const rows = [];
// text: a table of connections, as tshark's conv table is; ndjson: every connection's full
// report (events, TLS, certificate validation), about as many bytes out as the capture has in
const oursText = await measure(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'analyze', file, '--format', 'text']);
rows.push(['tlslens analyze --format text', oursText]);
const ours = await measure(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'analyze', file, '--format', 'ndjson']);
rows.push(['tlslens analyze --format ndjson', ours]);
const hasTshark = await new Promise((r) => spawn('sh', ['-c', 'command -v tshark'], { stdio: 'ignore' }).on('exit', (c) => r(c === 0)));
let theirs = null;
if (hasTshark) {
  theirs = await measure('tshark', ['-n', '-r', file, '-q', '-z', 'conv,tcp']);
  rows.push(['tshark -q -z conv,tcp', theirs]);
} else {
  process.stdout.write('tshark not installed: comparison skipped (apt-get install tshark)\n');
}
process.stdout.write(`\ncapture: ${file} (${sizeMB.toFixed(1)} MB, ${frames} frames)\n`);
process.stdout.write(`${'tool'.padEnd(34)} ${'seconds'.padStart(8)} ${'MB/s'.padStart(8)} ${'frames/s'.padStart(10)} ${'peak RSS MB'.padStart(12)} exit\n`);
for (const [name, r] of rows) {
  process.stdout.write(`${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(8)} ${(sizeMB / r.seconds).toFixed(1).padStart(8)} ${Math.round(frames / r.seconds).toString().padStart(10)} ${r.peakMB.toFixed(1).padStart(12)} ${r.code}\n`);
}
if (theirs) {
  for (const [name, r] of [['text', oursText], ['ndjson', ours]]) {
    process.stdout.write(`\n${name}: throughput ratio (tlslens / tshark) ${(theirs.seconds / r.seconds).toFixed(2)}x (target ≥ 5x)\n`);
    process.stdout.write(`${name}: peak memory ratio (tshark / tlslens) ${(theirs.peakMB / r.peakMB).toFixed(2)}x (target ≥ 5x)\n`);
  }
}
