/** `node bin/tlslens.mjs serve --port 0 [FILE]` as a child process; the URL is read from what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';

export interface ServeProcess {
  url: string;
  origin: string;
  port: number;
  pid: number;
  userDataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startServeProcess(
  extraArgs: string[] = [],
  userDataDir = mkdtempSync(join(tmpdir(), 'tlslens-e2e-user-')),
  /** extra environment (live capture: XDG_DATA_HOME for the captures folder, TLSLENS_CAPTURE_NODE) */
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'serve', '--port', '0', ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, TLSLENS_USER_DATA: userDataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s:\n${out}`)), 30_000);
    const look = () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    pid: child.pid!,
    userDataDir,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
