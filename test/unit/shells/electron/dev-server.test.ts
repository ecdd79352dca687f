/**
 * Electron's dev-server door (issue 21 item 4): ELECTRON_RENDERER_URL and
 * DevTools only in an electron-vite dev build, and only for a dev server on
 * this machine. `!app.isPackaged` alone let `electron .` on a build load any
 * URL the environment named, with our preload API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devServerUrl } from '../../../../main/shells/electron/dev-server';
import { ROOT } from '../../../support/paths';

describe('devServerUrl', () => {
  it('is nothing in a production build, whatever the environment says', () => {
    expect(devServerUrl(false, 'http://localhost:5173/')).toBeUndefined();
    expect(devServerUrl(false, 'https://evil.example/')).toBeUndefined();
  });

  it('in a dev build takes only a local http(s) dev server', () => {
    expect(devServerUrl(true, 'http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(devServerUrl(true, 'http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173/');
    expect(devServerUrl(true, 'http://[::1]:5173/')).toBe('http://[::1]:5173/');
    for (const url of ['https://evil.example/', 'http://localhost.evil.example:5173/', 'http://127.0.0.1.nip.io/', 'file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@localhost:5173/', 'not a url', '']) {
      expect(devServerUrl(true, url), url).toBeUndefined();
    }
    expect(devServerUrl(true, undefined)).toBeUndefined();
  });
});

describe('the built Electron main process', () => {
  const built = join(ROOT, 'out', 'main', 'index.js');

  it('never reads ELECTRON_RENDERER_URL and never offers DevTools (the dev branch is compiled out)', () => {
    expect(existsSync(built), 'run `npx electron-vite build` first').toBe(true);
    const text = readFileSync(built, 'utf8');
    expect(text).not.toContain('ELECTRON_RENDERER_URL');
    expect(text).toMatch(/devTools: false/);
  });
});
