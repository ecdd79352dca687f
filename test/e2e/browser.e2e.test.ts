/**
 * Browser mode end to end: `tlslens serve` as a child process, Debian's
 * Chromium driven by playwright-core.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { manyConnections, repeatRecords } from '../fixtures/many-connections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, FileChooser } from 'playwright-core';
import { en } from '../../contract/i18n/en';
import { collectProblems, launchChromium } from './support/browser';
import { analyzeWithCli } from './support/engine-reference';
import { CAPTURE, missingPrerequisite, screenshotPath } from './support/paths';
import { runScenario, waitForRows } from './support/scenario';
import { startServeProcess, type ServeProcess } from './support/serve-process';

const skipReason = missingPrerequisite();

describe('browser mode (tlslens serve + Chromium)', () => {
  let context: BrowserContext;
  const servers: ServeProcess[] = [];

  beforeAll(async () => {
    if (skipReason) return;
    context = await launchChromium();
  });

  afterAll(async () => {
    await context?.close();
    for (const s of servers) await s.stop();
  });

  it('opens a capture, shows connections and details, a damaged file, and Chinese', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const serve = await startServeProcess();
    servers.push(serve);
    const page = await context.newPage();
    const problems = collectProblems(page);
    const response = await page.goto(serve.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await runScenario(page, {
      label: 'browser',
      // a page cannot pass a path: the chosen file is uploaded in chunks
      openFile: (p, path) => p.setInputFiles('[data-testid=file-input]', path),
    });
    // the language choice outlives a reload (localStorage)
    await page.selectOption('[data-testid=language-select]', 'zh-CN');
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=language-select]').inputValue()).toBe('zh-CN');
    await page.selectOption('[data-testid=language-select]', 'en');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('`tlslens serve FILE` opens the file by path, and it then appears in recent files', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const serve = await startServeProcess([CAPTURE]);
    servers.push(serve);
    const page = await context.newPage();
    // Listening from the start: Playwright turns on file-chooser interception
    // asynchronously, and a wait begun just before the key press raced it (a
    // lost chooser, 1 run in 3 here, and once in CI).
    const choosers: FileChooser[] = [];
    page.on('filechooser', (c) => choosers.push(c));
    const problems = collectProblems(page);
    const n = analyzeWithCli(CAPTURE).connections.length;
    expect(n).toBeGreaterThanOrEqual(2);
    await page.goto(serve.url);
    await waitForRows(page, n);
    expect(await page.textContent('[data-testid=status-file]')).toBe(basename(CAPTURE));
    // the page's own shortcuts (no native menu in a browser)
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(() => page.getAttribute('[data-testid=flow-row][aria-selected=true]', 'data-connection-id')).toBe('0');
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(() => page.getAttribute('[data-testid=flow-row][aria-selected=true]', 'data-connection-id')).toBe('1');
    await page.keyboard.press('Control+ArrowUp');
    await expect.poll(() => page.getAttribute('[data-testid=flow-row][aria-selected=true]', 'data-connection-id')).toBe('0');
    await page.keyboard.press('Control+f');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter');
    // j/k are letters while typing in the filter
    await page.keyboard.press('j');
    expect(await page.inputValue('[data-testid=filter]')).toBe('j');
    await page.fill('[data-testid=filter]', '');
    await page.locator('[data-testid=flow-body]').focus();
    await page.keyboard.press('Control+o');
    await expect.poll(() => choosers.length).toBe(1);
    expect(choosers[0].isMultiple()).toBe(false);
    await page.click('[data-testid=toolbar-close]');
    await page.waitForSelector('[data-testid=recent-files]');
    const recent = page.locator('[data-testid=recent-files] button', { hasText: basename(CAPTURE) });
    await page.screenshot({ path: screenshotPath('browser-12-start-recent-en') });
    // the recent list re-opens by path (the path-open operation)
    await recent.click();
    await waitForRows(page, n);
    expect(JSON.parse(readFileSync(`${serve.userDataDir}/recent-files.json`, 'utf8'))[0].path).toBe(CAPTURE);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a large capture: progress bar, rows while reading, a responsive page, and cancel', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    // ~150 MB: 3000 connections whose frames repeat (later copies are retransmissions)
    const big = join(mkdtempSync(join(tmpdir(), 'tlslens-e2e-big-')), 'big.pcap');
    writeFileSync(big, repeatRecords(manyConnections(3000), 95));
    const serve = await startServeProcess([big]);
    servers.push(serve);
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(serve.url);
    await page.waitForSelector('[data-testid=progress] progress');
    await page.waitForSelector('[data-testid=toolbar-cancel]');
    // rows are listed while the file is still being read
    await page.waitForSelector('[data-testid=flow-row]');
    expect(await page.getAttribute('[data-testid=status-state]', 'data-state')).toBe('reading');
    await page.screenshot({ path: screenshotPath('browser-10-reading-en') });
    // the page answers at once while the worker reads
    const t0 = Date.now();
    await page.fill('[data-testid=filter]', '10.0.1.');
    expect(await page.inputValue('[data-testid=filter]')).toBe('10.0.1.');
    expect(Date.now() - t0).toBeLessThan(1000);
    await page.fill('[data-testid=filter]', '');
    await page.click('[data-testid=toolbar-cancel]');
    await page.waitForSelector('[data-testid=cancelled-banner]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=status-state]')).toBe(en['state.cancelled']);
    expect(await page.locator('[data-testid=flow-row]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('browser-11-cancelled-en') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses the page without the token and shows the drop overlay while a file is dragged', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    // a server this browser has not visited yet, so it holds no cookie for it
    const serve = await startServeProcess();
    servers.push(serve);
    const page = await context.newPage();
    const bare = await page.goto(`${serve.origin}/`);
    expect(bare?.status()).toBe(403);
    // a fresh browser profile has no cookie: the token is needed once
    const viaLocalhost = await page.goto(serve.url.replace('127.0.0.1', 'localhost'));
    expect(viaLocalhost?.status()).toBe(200);
    await page.waitForSelector('[data-testid=start-screen]');
    await page.dispatchEvent('body', 'dragover', { dataTransfer: await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'x.pcap'));
      return dt;
    }) });
    await page.waitForSelector('[data-testid=drop-overlay]');
    await page.close();
  });
});
