// Captures with the project's own live capture: `tlslens capture -i lo -f FILTER -w FILE`
// (the capture helper over libpcap), started before the traffic and stopped with SIGINT after it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const START_TIMEOUT_MS = 25_000;
const STOP_TIMEOUT_MS = 15_000;

export class CaptureFailed extends Error {}

/** Resolves once the helper has opened the device; `stop()` ends it and resolves with the frame count. */
export async function startCapture(root, { iface = 'lo', filter, path }) {
  const cli = join(root, 'bin', 'tlslens.mjs');
  const child = spawn(process.execPath, [cli, 'capture', '-i', iface, '-f', filter, '-w', path, '--format', 'ndjson'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stderr.setEncoding('utf8');
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CaptureFailed(`the capture did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim() || 'no output'}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/Capturing on /.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new CaptureFailed(`the capture could not start (exit ${code}): ${stderr.trim() || 'no output'}`));
    });
  });
  let stopping = null;
  return {
    path,
    /** Stops the capture (idempotent); resolves with the number of frames written. */
    stop() {
      stopping ??= (async () => {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        const { code, signal } = await exited;
        clearTimeout(timer);
        const m = /tlslens capture: (\d+) frames/.exec(stderr);
        if (signal === 'SIGKILL' || !m || !existsSync(path)) throw new CaptureFailed(`the capture did not stop cleanly (exit ${code ?? signal}): ${stderr.trim()}`);
        return Number(m[1]);
      })();
      return stopping;
    },
  };
}

/** Why a live capture cannot work here, or null. */
export function capturePrerequisite(root) {
  if (!existsSync(join(root, 'node_modules', 'cap'))) return 'the optional "cap" addon is not installed (npm install; needs libpcap-dev)';
  if (typeof process.getuid === 'function' && process.getuid() !== 0 && !process.env.TLSLENS_CAPTURE_NODE) {
    return 'capturing needs root or capture rights (run as root, or see README "Live capture" for setcap / TLSLENS_CAPTURE_NODE)';
  }
  return null;
}
