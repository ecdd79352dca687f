// Installs what is missing on a fresh machine: Debian packages (when root and
// apt-get exists), npm packages, the native capture addon, and the build.
// Each step is skipped when already satisfied, so running it again is cheap.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT, ...opts });
  return r.status === 0;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(pkg) {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return out.includes('install ok installed');
  } catch {
    return false;
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Debian packages: libpcap-dev for live capture, chromium for browser mode and e2e tests,
 * fonts-wqy-microhei so the Chinese UI has a CJK system font (the app loads no web fonts);
 * `npm run samples` alone asks for openssl and ngtcp2-client/ngtcp2-server (the QUIC sample's
 * endpoints): the samples are committed, so tests and the app never need those.
 */
export function ensureSystemPackages(packages) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return true;
  if (!has('apt-get') || !has('dpkg-query')) {
    log(`not a Debian system; please install: ${missing.join(' ')}`);
    return false;
  }
  if (!isRoot) {
    log(`missing system packages (run as root, or: sudo apt-get install -y ${missing.join(' ')})`);
    return false;
  }
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function newer(a, b) {
  return existsSync(a) && existsSync(b) && statSync(a).mtimeMs > statSync(b).mtimeMs;
}

/** npm packages; the Electron binary download is skipped (it cannot be fetched on every machine). */
export function ensureNodeModules() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const stale = !existsSync(marker) || newer(join(ROOT, 'package.json'), marker) || newer(join(ROOT, 'package-lock.json'), marker);
  if (!stale) return true;
  log('npm install');
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return run(npm, ['install', '--no-audit', '--no-fund'], { env });
}

/** The `cap` addon builds against libpcap; rebuild it when libpcap arrived after npm install. */
export function ensureCaptureAddon() {
  const built = join(ROOT, 'node_modules', 'cap', 'build', 'Release', 'cap.node');
  if (existsSync(built) || !existsSync(join(ROOT, 'node_modules', 'cap'))) return existsSync(built);
  if (!existsSync('/usr/include/pcap.h') && !existsSync('/usr/include/pcap/pcap.h')) {
    log('live capture unavailable: libpcap headers missing (apt-get install libpcap-dev)');
    return false;
  }
  log('building the cap capture addon');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return run(npm, ['rebuild', 'cap'], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** electron-vite build when any source is newer than the output. */
export function ensureBuild({ force = false } = {}) {
  const out = join(ROOT, 'out', 'main', 'cli.js');
  const sources = ['contract', 'main', 'preload', 'renderer', 'electron.vite.config.ts'].map((p) => join(ROOT, p));
  const newestSource = Math.max(...sources.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  if (!force && existsSync(out) && statSync(out).mtimeMs >= newestSource) return true;
  log('electron-vite build');
  return run(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function ensureAll({ systemPackages = ['libpcap-dev'] } = {}) {
  ensureSystemPackages(systemPackages);
  if (!ensureNodeModules()) throw new Error('npm install failed');
  ensureCaptureAddon();
  if (!ensureBuild()) throw new Error('build failed');
}
