// `npm test`: installs what is missing, builds, runs every tier (unit, golden,
// corpus, fuzz, server, e2e) and ends with one plain line built from the real totals:
//   N passed, N failed, N skipped
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureAll, ROOT } from './ensure-deps.mjs';

const TIERS = [
  { name: 'unit', dir: 'test/unit' },
  { name: 'golden', dir: 'test/golden' },
  { name: 'corpus', dir: 'test/corpus' },
  // mutated captures through the engine: 2,400 inputs, one file per worker (vitest gives a
  // 2-core machine one worker unless told), ~40 s (test/fuzz/run-tier.ts)
  { name: 'fuzz', dir: 'test/fuzz', args: ['--maxWorkers=2'] },
  { name: 'server', dir: 'test/server', config: 'test/server/vitest.server.config.ts' },
  { name: 'e2e', dir: 'test/e2e', config: 'test/e2e/vitest.e2e.config.ts' },
];

const only = process.argv.slice(2);
let setupFailed = false;
try {
  // tshark: an independent decoder some unit tests check our certificate handling against (they
  // are skipped, with the reason, where it is missing)
  ensureAll({ systemPackages: ['libpcap-dev', 'chromium', 'fonts-wqy-microhei', 'tshark'] });
} catch (err) {
  process.stderr.write(`[setup] ${err.message}\n`);
  setupFailed = true;
}

const resultsDir = join(ROOT, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
if (setupFailed) totals.failed++;

for (const tier of TIERS) {
  if (only.length > 0 && !only.includes(tier.name)) continue;
  if (!existsSync(join(ROOT, tier.dir))) {
    summary.push(`${tier.name}: no tests`);
    continue;
  }
  const jsonFile = join(resultsDir, `${tier.name}.json`);
  rmSync(jsonFile, { force: true });
  const args = [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', tier.dir, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`, '--passWithNoTests'];
  if (tier.config) args.push('--config', tier.config);
  if (tier.args) args.push(...tier.args);
  process.stdout.write(`\n=== ${tier.name} tier ===\n`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
  if (!existsSync(jsonFile)) {
    totals.failed++;
    summary.push(`${tier.name}: crashed (exit ${r.status}) before reporting; counted as 1 failure`);
    continue;
  }
  const json = JSON.parse(readFileSync(jsonFile, 'utf8'));
  const passed = json.numPassedTests ?? 0;
  // a file that fails to load has no test results of its own: count it as one failure
  const brokenFiles = (json.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  const failed = (json.numFailedTests ?? 0) + brokenFiles;
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  summary.push(`${tier.name}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  // what was skipped, by name and file: a tier that could not run says why in its placeholder's name
  const skippedIn = new Map();
  for (const f of json.testResults ?? []) {
    for (const a of f.assertionResults ?? []) {
      if (a.status !== 'pending' && a.status !== 'skipped' && a.status !== 'todo') continue;
      skippedIn.set(a.title, [...(skippedIn.get(a.title) ?? []), relative(ROOT, f.name)]);
    }
  }
  const skippedLines = [...skippedIn].map(([title, files]) => `  skipped: ${title} (${files[0]}${files.length > 1 ? ` and ${files.length - 1} more` : ''})`);
  summary.push(...skippedLines.slice(0, 5));
  if (skippedLines.length > 5) summary.push(`  skipped: … and ${skippedLines.length - 5} more`);
}

process.stdout.write(`\n${summary.join('\n')}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = totals.failed > 0 ? 1 : 0;
