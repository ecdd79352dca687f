// Top functions of a V8 CPU profile (`node --cpu-prof`): self time and
// inclusive time (a function counted once per sample however deep it
// recurses), as milliseconds and shares of the profile.
// Usage: node scripts/bench/profile-top.mjs FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from '../ensure-deps.mjs';

const [file, countArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/bench/profile-top.mjs FILE.cpuprofile [N]\n');
  process.exit(2);
}
const top = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const nameOf = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
};

// time of each sample: the delta to the next one (the last sample gets the mean)
const deltas = profile.timeDeltas ?? [];
const total = (profile.endTime - profile.startTime) / 1000;
const selfMs = new Map();
const inclusiveMs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (deltas[i + 1] ?? total * 1000 / profile.samples.length) / 1000;
  let id = profile.samples[i];
  const leaf = nameOf(byId.get(id));
  selfMs.set(leaf, (selfMs.get(leaf) ?? 0) + ms);
  const seen = new Set();
  while (id !== undefined) {
    const name = nameOf(byId.get(id));
    if (!seen.has(name)) {
      seen.add(name);
      inclusiveMs.set(name, (inclusiveMs.get(name) ?? 0) + ms);
    }
    id = parent.get(id);
  }
}

const table = (title, map) => {
  process.stdout.write(`\n${title} (profile ${total.toFixed(0)} ms)\n`);
  const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, ms] of rows) process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
};
table('self time', selfMs);
table('inclusive time', inclusiveMs);
