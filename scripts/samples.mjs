#!/usr/bin/env node
// `npm run samples [-- --out DIR] [-- NAME…]`: makes the sample captures in samples/ from real
// TLS stacks on loopback, captured by the project's own live capture (tlslens capture -i lo).
// Each sample: NAME.pcapng, NAME.keys (SSLKEYLOGFILE), NAME.json (title, description, expect).
// Also samples/lab-ca.pem: the lab root CA the samples' chains end at. Needs root (or capture
// rights), openssl and a built out/ (built here when missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeLabPki } from './samples/certs.mjs';
import { generateSamples } from './samples/generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let out = join(ROOT, 'samples');
const only = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = resolve(args[++i] ?? '');
  else if (args[i].startsWith('-')) {
    process.stderr.write(`samples: unknown option ${args[i]}\nusage: npm run samples [-- --out DIR] [-- NAME…]\n`);
    process.exit(2);
  } else only.push(args[i]);
}

if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
  process.stderr.write('samples: building out/ (electron-vite build)…\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write('samples: the build failed; run `npm install` then `npm run build`\n');
    process.exit(1);
  }
}

// Each run makes a new lab PKI (its keys are not kept): a subset written beside older samples
// would replace lab-ca.pem and leave their chains hanging from a CA that no longer exists.
if (only.length > 0 && existsSync(join(out, 'lab-ca.pem'))) {
  process.stderr.write(`samples: ${out} already holds samples made with another lab CA; regenerating only ${only.join(', ')} would break the others.\nRegenerate them all (npm run samples), or write the subset elsewhere (-- --out DIR ${only.join(' ')}).\n`);
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const started = Date.now();
try {
  const written = await generateSamples({ root: ROOT, out, only, log: (line) => process.stderr.write(line + '\n') });
  let total = 0;
  for (const file of written) {
    const size = statSync(file).size;
    total += size;
    process.stdout.write(`${String(size).padStart(8)}  ${file}\n`);
  }
  process.stdout.write(`${written.length} files, ${total} bytes, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} catch (err) {
  process.stderr.write(`samples: ${err.message}\n`);
  process.exitCode = 1;
}
