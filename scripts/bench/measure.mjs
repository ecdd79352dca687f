// One timed run of one tool: wall seconds, CPU seconds and peak RSS, the last
// two from GNU time (the kernel's rusage of the tool's process, so nothing is
// missed between samples). The analysis worker's driver reports its own time
// from start to `finished` on stdout; that replaces the process's wall time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

const scratch = mkdtempSync(join(tmpdir(), 'tlslens-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const secondsSince = (start) => Number(process.hrtime.bigint() - start) / 1e9;

let running = null;

/** Ends the run in progress: GNU time and the tool form their own process group. */
export function stopRunning() {
  if (!running) return;
  try {
    process.kill(-running.pid, 'SIGTERM');
  } catch {}
}

/**
 * @param {{ cmd: string, args: string[], reportsOwnTime?: boolean }} tool
 * @returns {Promise<{ code: number|null, seconds: number, cpu: number, peakMB: number, reported: object|null, stderr: string }>}
 */
export function measure(tool) {
  const timeFile = join(scratch, 'time.txt');
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    // stdout goes to /dev/null unless the tool reports on it: the CLI formats write hundreds of MB
    const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, tool.cmd, ...tool.args], {
      stdio: ['ignore', tool.reportsOwnTime ? 'pipe' : 'ignore', 'pipe'],
      detached: true,
    });
    running = child;
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    child.on('close', (code) => {
      running = null;
      const seconds = secondsSince(start);
      // GNU time writes "Command exited with non-zero status N" before the figures
      let figures = [NaN, NaN, NaN];
      try {
        figures = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      } catch {}
      const [user, system, peakKB] = figures;
      let reported = null;
      if (tool.reportsOwnTime) {
        try {
          reported = JSON.parse(stdout.trim().split('\n').pop());
        } catch {
          reported = null;
        }
      }
      resolve({
        code,
        seconds: reported?.seconds ?? seconds,
        cpu: user + system,
        peakMB: peakKB / 1024,
        reported,
        stderr,
      });
    });
  });
}
