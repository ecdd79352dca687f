// `npm start`: installs what is missing (apt packages too when root), builds,
// then runs the desktop app where the Electron binary exists, or says why it
// can't and starts browser mode (`tlslens serve`) instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAll, ROOT } from './ensure-deps.mjs';

ensureAll({ systemPackages: ['libpcap-dev', 'chromium', 'fonts-wqy-microhei'] });
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const p = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

let electron = electronBinary();
if (!electron && !process.env.CI) {
  // the binary is downloaded by electron's own installer; try once, it fails quickly offline
  spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], { cwd: ROOT, stdio: 'ignore', timeout: 60_000 });
  electron = electronBinary();
}

if (electron && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux')) {
  const child = spawn(electron, [ROOT, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = electron
    ? 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)'
    : 'the Electron binary is not installed (it could not be downloaded on this machine)';
  process.stdout.write(`TLS Lens desktop app cannot start here: ${why}.\nStarting browser mode instead (the same app in a browser, on 127.0.0.1 only).\n\n`);
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'serve', '--open', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
