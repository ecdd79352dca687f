/** `--open`: Debian's Chromium when present (an app window), else the desktop's default browser. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

export function openInBrowser(url: string): void {
  const [command, args] = existsSync(CHROMIUM) ? [CHROMIUM, [`--app=${url}`]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`tlslens serve: could not start ${command}; open the address above yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`tlslens serve: could not start ${command}; open the address above yourself\n`);
  }
}
