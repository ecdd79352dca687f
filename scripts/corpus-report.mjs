// `npm run corpus`: runs the corpus tier and prints the per-field agreement
// table of our TLS dissection against tshark's truth (../shared/corpus).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureAll, ROOT } from './ensure-deps.mjs';

ensureAll();
const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/corpus'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, CORPUS_TABLE: '1' },
});
process.exitCode = r.status ?? 1;
