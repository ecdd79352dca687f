/**
 * `tlslens capture.pcapng`: the desktop app with that file, or browser mode
 * where Electron cannot run. Finds Electron's binary the way its package does
 * (node_modules/electron/path.txt) without importing electron.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../app/app-paths';
import { serveCommand } from './serve-command';

export function electronBinary(): string | null {
  const dir = join(projectRoot(), 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const binary = join(dir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export async function openDesktop(file: string, usage: string): Promise<number> {
  const binary = electronBinary();
  const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (binary && display) {
    const child = spawn(binary, [projectRoot(), resolve(file)], { stdio: 'inherit' });
    return new Promise((done) => child.on('exit', (code) => done(code ?? 0)));
  }
  const why = binary ? 'there is no display' : 'the Electron binary is not installed';
  process.stderr.write(`tlslens: the desktop app cannot start here (${why}); opening ${file} in browser mode instead.\n`);
  return serveCommand(['--open', resolve(file)], usage);
}
