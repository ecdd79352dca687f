#!/usr/bin/env node
// `npm run samples [-- --out DIR] [-- NAME…]`: makes the sample captures in samples/ from real
// TLS stacks on loopback, captured by the project's own live capture (tlslens capture -i lo).
// Each sample: NAME.pcapng, NAME.keys (SSLKEYLOGFILE), NAME.json (title, description, expect),
// and NAME.key.pem (the lab server's key) where the key exchange is RSA.
// Also samples/lab-ca.pem: the lab root CA the samples' chains end at. Needs root (or capture
// rights), openssl, ngtcp2's gtlsclient/gtlsserver (apt-get installed here when root) and a
// built out/ (built here when missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './ensure-deps.mjs';
import { hasLabPki } from './samples/certs.mjs';
import { generateSamples, SAMPLE_NAMES, SAMPLE_PACKAGES } from './samples/generate.mjs';

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

// The lab PKI is kept in .lab-pki/ (not committed) for the committed samples, so that a subset
// made again chains to the same samples/lab-ca.pem. Without those keys a subset would need a new
// CA and leave the other samples' chains hanging from a CA that no longer exists.
const pkiDir = out === join(ROOT, 'samples') ? join(ROOT, '.lab-pki') : null;
if (only.length > 0 && existsSync(join(out, 'lab-ca.pem'))) {
  const sameCa = pkiDir && hasLabPki(pkiDir) && readFileSync(join(pkiDir, 'root.pem'), 'utf8') === readFileSync(join(out, 'lab-ca.pem'), 'utf8');
  if (!sameCa) {
    process.stderr.write(`samples: ${out} already holds samples made with a lab CA whose keys are not here${pkiDir ? ` (${pkiDir})` : ''}; regenerating only ${only.join(', ')} would break the others.\nRegenerate them all (npm run samples), or write the subset elsewhere (-- --out DIR ${only.join(' ')}).\n`);
    process.exit(2);
  }
}
// openssl for every sample; ngtcp2's HTTP/3 example client and server (GnuTLS) for the QUIC one
const chosen = only.length ? only : SAMPLE_NAMES;
ensureSystemPackages([...new Set(['openssl', ...chosen.flatMap((n) => SAMPLE_PACKAGES[n] ?? [])])]);
mkdirSync(out, { recursive: true });
const started = Date.now();
try {
  const written = await generateSamples({ root: ROOT, out, only, pkiDir, log: (line) => process.stderr.write(line + '\n') });
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
