// Runs the app's analysis worker on one capture the way the analysis service
// does (main/app/services/analysis-service.ts: `new Worker(workerPath, { workerData: { path } })`),
// and prints one JSON line when the worker posts `finished`: seconds from
// start to finished, the process's peak RSS at that moment, rows and frames.
// Usage: node scripts/bench/run-worker.mjs CAPTURE
// Profiling: `node --cpu-prof --cpu-prof-dir DIR scripts/bench/run-worker.mjs CAPTURE`
// writes one profile for this thread and one for the worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT } from '../ensure-deps.mjs';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node scripts/bench/run-worker.mjs CAPTURE\n');
  process.exit(2);
}

const peakRssKB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);

const start = process.hrtime.bigint();
const worker = new Worker(join(ROOT, 'out', 'main', 'analysis-worker.js'), { workerData: { path } });
worker.on('message', (message) => {
  if (message.type === 'failed') {
    process.stderr.write(`worker failed: ${message.error.message}\n`);
    process.exit(1);
  }
  if (message.type !== 'finished') return;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { connections, tlsConnections, frames, complete } = message.summary;
  process.stdout.write(`${JSON.stringify({ seconds, peakMB: peakRssKB() / 1024, connections, tlsConnections, frames, complete })}\n`);
  // terminate() ends the worker so its --cpu-prof profile is written; exit follows
  void worker.terminate().then(() => process.exit(complete ? 0 : 1));
});
worker.on('error', (err) => {
  process.stderr.write(`worker error: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
