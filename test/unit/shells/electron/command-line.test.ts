import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureFromArgs } from '../../../../main/shells/electron/command-line';

describe('capture on the desktop command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-argv-'));
  writeFileSync(join(dir, 'a.pcapng'), 'x');
  writeFileSync(join(dir, 'index.js'), '');

  it('skips switches, the app folder and the app entry, and resolves against the working directory', () => {
    expect(captureFromArgs(['--inspect=0', '--remote-debugging-port=0', dir, 'a.pcapng'], dir)).toBe(join(dir, 'a.pcapng'));
    expect(captureFromArgs([join(dir, 'index.js'), join(dir, 'a.pcapng')], '/')).toBe(join(dir, 'a.pcapng'));
  });

  it('returns a missing path too (the window explains it), and null without one', () => {
    expect(captureFromArgs([dir, 'missing.pcap'], dir)).toBe(join(dir, 'missing.pcap'));
    expect(captureFromArgs([dir, '--no-sandbox'], dir)).toBeNull();
  });
});
