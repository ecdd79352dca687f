/**
 * How the app starts the capture helper: which Node, which script.
 *
 * The helper must run on plain Node, never inside Electron: `cap` is built by
 * npm against the Node that installed it, and Electron's ABI differs. So:
 *   1. TLSLENS_CAPTURE_NODE (a dedicated Node copy given capture rights), else
 *   2. outside Electron, this very Node (process.execPath), else
 *   3. in Electron, the `node` on PATH (what npm built cap for), else
 *   4. Electron's own binary with ELECTRON_RUN_AS_NODE=1: plain-Node mode, which
 *      works only where cap was rebuilt for Electron's ABI (the error says so).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../app/app-paths';
import { CaptureError } from '../protocol/capture-error';
import type { HelperMessage, HelperRequest } from '../protocol/helper-messages';
import { HelperStreamDecoder } from '../protocol/helper-protocol';

export interface LaunchOptions {
  /** the built helper (out/main/capture-helper.js) */
  helperPath?: string;
  /** the Node binary to run it on */
  nodePath?: string;
  /** a command the helper runs under, e.g. ['setpriv', '--reuid=nobody', …] (tests) */
  wrapper?: string[];
}

export interface HelperLaunch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  nodePath: string;
  helperPath: string;
}

export function resolveNode(explicit?: string): { nodePath: string; env: NodeJS.ProcessEnv } {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (explicit) return { nodePath: explicit, env };
  if (process.env.TLSLENS_CAPTURE_NODE) return { nodePath: process.env.TLSLENS_CAPTURE_NODE, env };
  if (!process.versions.electron) return { nodePath: process.execPath, env };
  const onPath = findOnPath(process.platform === 'win32' ? 'node.exe' : 'node');
  if (onPath) return { nodePath: onPath, env };
  return { nodePath: process.execPath, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } };
}

export function resolveHelperPath(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.TLSLENS_CAPTURE_HELPER) return process.env.TLSLENS_CAPTURE_HELPER;
  // this module may sit in out/main/x.js, in out/main/chunks/, or be the TypeScript source
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'capture-helper.js'), join(here, '..', 'capture-helper.js')];
  try {
    candidates.push(join(projectRoot(), 'out', 'main', 'capture-helper.js'));
  } catch {
    // not inside the project folder (packaged): the first candidates are all there is
  }
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1];
}

export function resolveHelperLaunch(request: HelperRequest, options: LaunchOptions = {}): HelperLaunch {
  const helperPath = resolveHelperPath(options.helperPath);
  if (!existsSync(helperPath)) throw new CaptureError('capture.helper-missing', { path: helperPath });
  const { nodePath, env } = resolveNode(options.nodePath);
  const argv = [nodePath, helperPath, JSON.stringify(request)];
  const full = [...(options.wrapper ?? []), ...argv];
  return { command: full[0], args: full.slice(1), env, nodePath, helperPath };
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Last lines of the helper's stderr, for a crash report (libpcap's warnings go there too). */
export class StderrTail {
  private text = '';
  constructor(private readonly limit = 4000) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }
  get value(): string {
    return this.text.trim();
  }
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

/**
 * Runs a short helper operation (list, check-filter) and returns its messages.
 * An error message from the helper becomes a CaptureError; so does a crash.
 */
export function runHelperOnce(request: HelperRequest, options: LaunchOptions = {}, timeoutMs = 30_000): Promise<HelperMessage[]> {
  return new Promise((resolve, reject) => {
    let launch: HelperLaunch;
    try {
      launch = resolveHelperLaunch(request, options);
    } catch (err) {
      reject(err);
      return;
    }
    const messages: HelperMessage[] = [];
    const stderr = new StderrTail();
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const child = spawn(launch.command, launch.args, { env: launch.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => reject(new CaptureError('capture.helper-failed', { how: `no answer within ${timeoutMs / 1000} s`, stderr: stderr.value })));
    }, timeoutMs);
    const decoder = new HelperStreamDecoder({ packet: () => undefined, message: (m) => messages.push(m) });
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch (err) {
        child.kill('SIGKILL');
        settle(() => reject(new CaptureError('capture.protocol-error', { detail: (err as Error).message })));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => settle(() => reject(new CaptureError('capture.unavailable', { reason: `cannot start ${launch.command}: ${err.message}` }))));
    child.on('close', (code, signal) => {
      const failure = messages.find((m) => m.type === 'error');
      if (failure && failure.type === 'error') return settle(() => reject(CaptureError.from(failure.error)));
      if (code !== 0) return settle(() => reject(new CaptureError('capture.helper-failed', { how: describeExit(code, signal), stderr: stderr.value })));
      try {
        decoder.end();
      } catch (err) {
        return settle(() => reject(new CaptureError('capture.protocol-error', { detail: (err as Error).message })));
      }
      settle(() => resolve(messages));
    });
  });
}
