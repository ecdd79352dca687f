// `npm run fuzz -- --minutes N [--seed S]`: the fuzz tier's campaign (test/fuzz) for N minutes
// (default 10) on two vitest workers (one per file of the tier), from seed S (default: from the clock, printed, so a
// run is replayed with --seed). Prints inputs/s as it goes and the totals at the end; every
// failing input is kept, minimised, under test/fuzz/found/ with a .txt saying what failed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './ensure-deps.mjs';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`fuzz: --${name} needs a positive number\n`);
    process.exit(2);
  }
  return value;
}
const minutes = option('minutes', 10);
const seed = Math.floor(option('seed', Date.now() % 1_000_000_000));
process.stdout.write(`fuzz: ${minutes} minutes from seed ${seed} (replay with --seed ${seed})\n`);

const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/fuzz', '--reporter=default', '--maxWorkers=2'], {
  cwd: ROOT,
  env: { ...process.env, TLSLENS_FUZZ_MINUTES: String(minutes), TLSLENS_FUZZ_SEED: String(seed), FORCE_COLOR: '0', NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const finals = new Map();
let pending = '';
child.stdout.on('data', (chunk) => {
  pending += chunk.toString();
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const raw of lines) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    // progress, totals, failures and their violations (vitest's own lines are left out)
    if (/^fuzz part \d+|^ {2}(throw|counts|frames|time|json|ndjson|text|connection \d+):/.test(line)) process.stdout.write(`${line}\n`);
    const m = /^fuzz part (\d+): (\d+) inputs in ([\d.]+) s, [\d.]+ inputs\/s, (\d+) failures/.exec(line);
    if (m) finals.set(m[1], { inputs: Number(m[2]), seconds: Number(m[3]), failures: Number(m[4]) });
  }
});
child.on('close', (code) => {
  const parts = [...finals.values()];
  const inputs = parts.reduce((n, p) => n + p.inputs, 0);
  const seconds = Math.max(0, ...parts.map((p) => p.seconds));
  const failures = parts.reduce((n, p) => n + p.failures, 0);
  process.stdout.write(`fuzz: ${inputs} inputs in ${seconds.toFixed(0)} s on ${parts.length} workers, ${(inputs / Math.max(seconds, 1e-9)).toFixed(1)} inputs/s, ${failures} failures${failures ? ' (kept under test/fuzz/found/)' : ''}\n`);
  process.exitCode = code === 0 && parts.length > 0 ? 0 : 1;
});
