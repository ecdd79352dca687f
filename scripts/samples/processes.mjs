// Endpoints that are separate programs (ngtcp2's gtlsserver/gtlsclient, openssl s_server/s_client
// over DTLS): started with their output collected, waited for by what they print, and stopped.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { STEP_TIMEOUT_MS, withTimeout } from './traffic.mjs';

/** A running program: `output` is stdout and stderr interleaved as they came. */
export function startProgram(command, args, { env = process.env, cwd } = {}) {
  const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const program = { output: '', child, waiters: [] };
  const onData = (d) => {
    program.output += d.toString('latin1');
    program.waiters = program.waiters.filter((w) => !w());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const failed = new Promise((resolve) => child.once('error', (err) => resolve(err)));
  program.exited = Promise.race([
    new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    failed.then((err) => {
      throw new Error(`${command}: ${err.code === 'ENOENT' ? 'not installed' : err.message}`);
    }),
  ]);
  program.exited.catch(() => undefined);
  /** resolves with the output once `pattern` appears in it */
  program.waitFor = (pattern, what, ms = STEP_TIMEOUT_MS) =>
    withTimeout(
      new Promise((resolve, reject) => {
        const test = () => (pattern.test(program.output) ? (resolve(program.output), true) : false);
        if (!test()) program.waiters.push(test);
        program.exited.then(() => test() || reject(new Error(`${command} ended before ${what}: ${program.output.slice(-600)}`)), reject);
      }),
      `${command}: ${what}`,
      ms,
    );
  program.write = (text) => child.stdin.write(text);
  program.end = () => child.stdin.end();
  program.stop = async (signal = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return withTimeout(program.exited, `${command} stopping`);
  };
  return program;
}

/** Resolves once something listens on UDP `ip`:`port` (read from /proc/net/udp: the server printed nothing). */
export function udpListening(ip, port, what) {
  const hex = ip.split('.').map(Number).reverse().map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase() + ':' + port.toString(16).padStart(4, '0').toUpperCase();
  return withTimeout(
    new Promise((resolve) => {
      const check = () => (readFileSync('/proc/net/udp', 'latin1').includes(` ${hex} `) ? resolve() : setTimeout(check, 20));
      check();
    }),
    `${what} listening on udp ${ip}:${port}`,
  );
}
