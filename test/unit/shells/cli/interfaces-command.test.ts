import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../support/paths';

/** `tlslens interfaces`: the interfaces the capture helper sees, as an aligned table (or JSON). */
const BIN = join(ROOT, 'bin', 'tlslens.mjs');

function tlslens(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tlslens interfaces', () => {
  it('text: a header and one row per interface, each column starting where its header does', (ctx) => {
    const json = tlslens('interfaces', '--format', 'json');
    if (json.code !== 0) return ctx.skip(`the capture helper cannot list interfaces here: ${json.stderr.trim().split('\n')[0]}`);
    const names = (JSON.parse(json.stdout) as { interfaces: Array<{ name: string; loopback?: boolean }> }).interfaces.map((i) => i.name + (i.loopback ? ' (loopback)' : ''));
    const r = tlslens('interfaces');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').slice(0, names.length + 1);
    const header = lines[0];
    expect(header).toMatch(/^Name +Link type +Addresses +Status$/);
    const linkType = header.indexOf('Link type');
    const status = header.indexOf('Status');
    lines.slice(1).forEach((line, i) => {
      expect(line.startsWith(names[i] + ' ')).toBe(true);
      // the link type and status cells (never empty) start exactly under their headers
      for (const at of [linkType, status]) expect([line[at - 1], line[at] !== ' '], line).toEqual([' ', true]);
    });
  });
});
