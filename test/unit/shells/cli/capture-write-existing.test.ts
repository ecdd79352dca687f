/** `tlslens capture -w FILE` (issue 21 item 5): an existing FILE is refused, untouched, unless --force. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../support/paths';

const BIN = join(ROOT, 'bin', 'tlslens.mjs');
const tlslens = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('tlslens capture -w FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-capture-w-'));

  it('refuses a file that exists and leaves it as it was', () => {
    const file = join(dir, 'thesis.txt');
    writeFileSync(file, 'three years of work');
    const r = tlslens('capture', '-i', 'lo', '-w', file, '--count', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file} already exists; add --force to overwrite it`);
    expect(readFileSync(file, 'utf8')).toBe('three years of work');
  });

  it('refuses a dangling symbolic link too (writing would create its target)', () => {
    const link = join(dir, 'link.pcapng');
    symlinkSync(join(dir, 'elsewhere.pcapng'), link);
    const r = tlslens('capture', '-i', 'lo', '-w', link, '--count', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already exists');
  });

  it('with --force goes on to start the capture (whatever the capture rights here)', () => {
    const file = join(dir, 'old.pcapng');
    writeFileSync(file, 'old');
    const r = tlslens('capture', '-i', 'no-such-interface0', '-w', file, '--force', '--count', '1');
    expect(r.stderr).not.toContain('already exists');
  });
});
