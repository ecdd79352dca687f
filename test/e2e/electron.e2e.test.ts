/**
 * The desktop app end to end through Playwright's Electron driver: the same
 * story as browser mode. Runs where Electron's binary is installed; skipped
 * with the reason where it is not (it cannot be downloaded everywhere).
 */
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { collectProblems } from './support/browser';
import { missingPrerequisite, ROOT } from './support/paths';
import { runScenario } from './support/scenario';

function electronBinary(): { path: string } | { reason: string } {
  try {
    // the electron package exports its binary's path, and throws when the binary was never installed
    return { path: createRequire(join(ROOT, 'package.json'))('electron') as string };
  } catch (err) {
    return { reason: `the Electron binary is not installed (${(err as Error).message.split('\n')[0]})` };
  }
}

describe('desktop app (Electron)', () => {
  it('opens a capture, shows connections and details, a damaged file, and Chinese', async (ctx) => {
    const binary = electronBinary();
    if ('reason' in binary) return ctx.skip(binary.reason);
    const missing = missingPrerequisite();
    if (missing) return ctx.skip(missing);
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return ctx.skip('no display to open a window on (DISPLAY is unset)');
    const app = await electron.launch({
      executablePath: binary.path,
      args: [ROOT],
      env: { ...process.env, TLSLENS_USER_DATA: mkdtempSync(join(tmpdir(), 'tlslens-e2e-electron-')) } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      const problems = collectProblems(page);
      expect(await page.evaluate(() => typeof (window as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => (window as unknown as { tlslens: { mode: string } }).tlslens.mode)).toBe('electron');
      await runScenario(page, {
        label: 'electron',
        // the preload turns the chosen File into its path and opens it by path
        openFile: (p, path) => p.setInputFiles('[data-testid=file-input]', path),
      });
      expect(problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
