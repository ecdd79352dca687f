// `npm run bench`: what a user waits for, beside tshark. Two capture profiles,
// each built (once, into bench-data/) by replaying real flows with rewritten
// addresses, read from the corpus and the samples where they are:
//   handshake: many short TLS connections (handshake-only flows: the corpus's
//              foxio-ja4/tls-handshake.pcapng and the samples);
//   mix:       every corpus capture and sample, data-heavy flows included.
// On each, tools taking turns for BENCH_RUNS rounds: the app's analysis worker
// (start to `finished`), `tlslens analyze` as text, ndjson and json, and
// `tshark -q -Y tls.handshake.type==1` and `tshark -q -z conv,tcp`; then
// medians, ranges, peak RSS, and each tool's ratio to its tshark counterpart
// of the same round, with the targets of issue 20 marked met or not.
// A script that prints figures, not a timed test.
// Env: BENCH_MB (500, per profile), BENCH_RUNS (3), BENCH_PROFILE (handshake, mix or all),
//      BENCH_TOOLS (comma list of: worker,text,ndjson,json,tshark-hello,tshark-conv).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureAll, ROOT } from './ensure-deps.mjs';
import { GNU_TIME, measure, stopRunning } from './bench/measure.mjs';
import { compare, ratioTable, toolTable } from './bench/report.mjs';

const targetMB = Number(process.env.BENCH_MB ?? 500);
const rounds = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const profileChoice = process.env.BENCH_PROFILE ?? 'all';
const out = (text) => process.stdout.write(`${text}\n`);

ensureAll({ systemPackages: ['libpcap-dev', 'tshark', 'time'] });
for (const cmd of ['tshark', GNU_TIME]) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status !== 0) {
    out(`${cmd} is not installed (apt-get install ${cmd === GNU_TIME ? 'time' : cmd}): the bench needs it`);
    process.exit(1);
  }
}
const { loadTemplates, writeBenchCapture } = await import(pathToFileURL(join(ROOT, 'out/main/bench-capture.js')).href);

function capturesUnder(dir) {
  const found = [];
  if (!existsSync(dir)) return found;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'truth' && e.name !== 'expected') found.push(...capturesUnder(p));
    else if (/\.(pcap|pcapng|cap)$/.test(e.name)) found.push(p);
  }
  return found.sort();
}

const corpus = process.env.TLSLENS_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
const samples = capturesUnder(join(ROOT, 'samples'));
const handshakeCapture = join(corpus, 'foxio-ja4', 'tls-handshake.pcapng');
const PROFILES = {
  handshake: { about: 'many short TLS connections', sources: () => [...(existsSync(handshakeCapture) ? [handshakeCapture] : []), ...samples] },
  mix: { about: "every corpus capture and sample (today's data-heavy mix)", sources: () => [...capturesUnder(corpus), ...samples] },
};
const chosen = profileChoice === 'all' ? Object.keys(PROFILES) : profileChoice.split(',');
for (const name of chosen) {
  if (!PROFILES[name]) {
    out(`unknown BENCH_PROFILE "${name}" (handshake, mix or all)`);
    process.exit(2);
  }
}

/** Bumped whenever the builder writes different bytes for the same sources, so a cached capture is rebuilt. */
const BUILDER_VERSION = 2;

async function benchCapture(name) {
  const dir = join(ROOT, 'bench-data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${name}-${targetMB}mb.pcap`);
  const metaFile = `${file}.json`;
  const cached = existsSync(file) && existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : null;
  if (cached?.builderVersion === BUILDER_VERSION) return { file, ...cached };
  const sources = PROFILES[name].sources();
  out(`building ${file} from ${sources.length} captures…`);
  const templates = await loadTemplates(sources);
  const written = await writeBenchCapture(templates, file, targetMB * 1024 * 1024);
  const meta = { builderVersion: BUILDER_VERSION, ...written, sources: sources.length };
  writeFileSync(metaFile, JSON.stringify(meta));
  return { file, ...meta };
}

const node = process.execPath;
const cli = join(ROOT, 'bin', 'tlslens.mjs');
/** key, label, command; `against` names the tshark run it is compared with, `target` the issue's */
const TOOLS = [
  { key: 'worker', label: 'analysis worker (start to finished)', args: (f) => [node, join(ROOT, 'scripts', 'bench', 'run-worker.mjs'), f], reportsOwnTime: true, against: 'tshark-hello', target: { throughput: 2, maxMemory: 1 / 3 } },
  { key: 'text', label: 'tlslens analyze --format text (table)', args: (f) => [node, cli, 'analyze', f, '--format', 'text'], against: 'tshark-conv', target: { throughput: 5 } },
  { key: 'ndjson', label: 'tlslens analyze --format ndjson', args: (f) => [node, cli, 'analyze', f, '--format', 'ndjson'], against: 'tshark-hello', target: { throughput: 1 } },
  { key: 'json', label: 'tlslens analyze --format json', args: (f) => [node, cli, 'analyze', f, '--format', 'json'], against: 'tshark-hello', target: null },
  { key: 'tshark-hello', label: 'tshark -q -Y tls.handshake.type==1', args: (f) => ['tshark', '-n', '-r', f, '-q', '-Y', 'tls.handshake.type==1'] },
  { key: 'tshark-conv', label: 'tshark -q -z conv,tcp', args: (f) => ['tshark', '-n', '-r', f, '-q', '-z', 'conv,tcp'] },
];
const wanted = process.env.BENCH_TOOLS ? process.env.BENCH_TOOLS.split(',') : TOOLS.map((t) => t.key);
const tools = TOOLS.filter((t) => wanted.includes(t.key));
if (tools.length === 0) {
  out(`BENCH_TOOLS names none of: ${TOOLS.map((t) => t.key).join(', ')}`);
  process.exit(2);
}

const warmCache = (file) =>
  new Promise((resolve, reject) => createReadStream(file, { highWaterMark: 4 << 20 }).on('data', () => {}).on('end', resolve).on('error', reject));

// Ctrl-C (or SIGTERM) ends the run in progress and prints the figures of the rounds so far.
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopRunning();
    if (current) {
      out(`\ninterrupted: figures of the runs finished so far`);
      printFigures(...current);
    }
    process.exit(130);
  });
}

for (const name of chosen) {
  const capture = await benchCapture(name);
  const sizeMB = statSync(capture.file).size / 1048576;
  out(`\n== profile ${name}: ${PROFILES[name].about}`);
  out(`capture: ${capture.file} (${sizeMB.toFixed(1)} MB, ${capture.frames} frames, ${capture.replays} replays of ${capture.sources} captures)`);
  // Read once, unmeasured: otherwise the first tool reads from disk and the others from the page cache.
  await warmCache(capture.file);
  const results = new Map(tools.map((t) => [t.key, []]));
  let connections = null;
  current = [name, capture, sizeMB, results, null];
  const benchStart = process.hrtime.bigint();
  for (let round = 1; round <= rounds; round++) {
    for (const tool of tools) {
      const [cmd, ...args] = tool.args(capture.file);
      const r = await measure({ cmd, args, reportsOwnTime: tool.reportsOwnTime });
      results.get(tool.key).push(r);
      if (r.reported?.connections !== undefined) current[4] = connections = r.reported;
      const failure = r.code === 0 ? '' : ` exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`;
      out(`round ${round}/${rounds}: ${tool.label}: ${r.seconds.toFixed(2)} s, CPU ${r.cpu.toFixed(1)} s, peak ${r.peakMB.toFixed(0)} MiB${failure}`);
    }
    if (round === 1 && rounds > 1) {
      const spent = Number(process.hrtime.bigint() - benchStart) / 1e9;
      out(`(a round takes ${spent.toFixed(0)} s here: about ${((spent * (rounds - 1)) / 60).toFixed(0)} min to go for this profile)`);
    }
  }
  printFigures(name, capture, sizeMB, results, connections);
}

function printFigures(name, capture, sizeMB, results, connections) {
  const done = Math.min(...[...results.values()].map((runs) => runs.length));
  out(`\nprofile ${name}: ${sizeMB.toFixed(1)} MB, ${capture.frames} frames${connections ? `, ${connections.connections} connections (${connections.tlsConnections} TLS) as the worker counted them` : ''}; medians of ${done} round${done === 1 ? '' : 's'}, tools taking turns`);
  const measured = tools.filter((t) => results.get(t.key).length > 0);
  out(toolTable(measured.map((t) => ({ label: t.label, runs: results.get(t.key) })), sizeMB));
  const comparisons = measured
    .filter((t) => t.against && results.get(t.against)?.length > 0)
    .map((t) => ({ label: `${t.key} vs ${TOOLS.find((x) => x.key === t.against).label.replace('tshark ', '')}`, result: compare(results.get(t.key), results.get(t.against), t.target), target: t.target }));
  if (comparisons.length > 0) {
    out('');
    out(ratioTable(comparisons));
    out('throughput: tshark wall seconds / ours per round, median (range); CPU: the same for CPU seconds; peak RSS: our highest / tshark median');
  }
}
