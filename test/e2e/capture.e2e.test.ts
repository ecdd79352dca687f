/**
 * Live capture in browser mode, end to end: `tlslens serve` + Chromium. The
 * UI starts a capture on `lo`; Node's tls makes a TLS 1.2 and a TLS 1.3
 * connection (certificate made by openssl here); both appear in the flow list
 * while capturing, with the versions the test negotiated; Stop; "Save capture
 * as…" downloads the pcapng; the file on disk reopens (engine and UI, from the
 * recent files) with the same connections. Also: capturing without the rights
 * shows the plain explanation (setcap / capture group), never a stack trace.
 * Needs root and libpcap on Linux; skipped with the reason otherwise.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../main/engine/index';
import { en } from '../../contract/i18n/en';
import { zhCN } from '../../contract/i18n/zh-CN';
import { makeCertificate, type TestCertificate } from '../unit/engine/tls/helpers/node-tls-session';
import { liveEnvironment } from '../unit/capture/support/live';
import { freePortRange, runClient, startServer, type TlsRun, type TlsServer } from '../unit/capture/support/tls-traffic';
import { collectProblems, launchChromium } from './support/browser';
import { CHROMIUM, ROOT, screenshotPath } from './support/paths';
import { startServeProcess, type ServeProcess } from './support/serve-process';

async function skipReason(): Promise<string | null> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')) || !existsSync(join(ROOT, 'out', 'main', 'capture-helper.js'))) return 'the app is not built (npm run build)';
  return (await liveEnvironment()).skipReason;
}
const skip = await skipReason();
if (skip) process.stderr.write(`[capture e2e skipped] ${skip}\n`);

/** Each listed connection as [server port, TLS version cell]. */
async function listedVersions(page: Page): Promise<Array<[number, string]>> {
  return page.$$eval('[data-testid=flow-row]', (rows) =>
    rows
      .map((row) => {
        const cells = Array.from(row.querySelectorAll('[role=gridcell]')).map((c) => c.textContent ?? '');
        const server = cells.map((c) => /^127\.0\.0\.1:(\d+)$/.exec(c)).filter((m) => m !== null);
        // the server is the second address column (client first)
        const port = server.length > 1 ? Number(server[1]![1]) : 0;
        return [port, cells.find((c) => /^TLS 1\.[0-3]$/.test(c)) ?? ''] as [number, string];
      })
      .sort((a, b) => a[0] - b[0]),
  );
}

async function startFromUi(page: Page, filter: string): Promise<void> {
  await page.waitForSelector('[data-testid=capture-interface][data-name=lo]');
  await page.click('[data-testid=capture-interface][data-name=lo]');
  await page.fill('[data-testid=capture-filter]', filter);
  await page.waitForSelector('[data-testid=capture-filter-check][data-state=ok]', { timeout: 20_000 });
}

describe.skipIf(!!skip)('live capture in browser mode (lo, root)', () => {
  let context: BrowserContext;
  let serve: ServeProcess;
  let cert: TestCertificate;
  let tls12: TlsServer;
  let tls13: TlsServer;
  let base: number;
  const dataHome = mkdtempSync(join(tmpdir(), 'tlslens-e2e-data-'));

  beforeAll(async () => {
    cert = makeCertificate('localhost');
    base = await freePortRange(2);
    tls12 = await startServer(cert, base, { maxVersion: 'TLSv1.2' });
    tls13 = await startServer(cert, base + 1, { minVersion: 'TLSv1.3' });
    serve = await startServeProcess([], undefined, { XDG_DATA_HOME: dataHome });
    context = await launchChromium();
  });

  afterAll(async () => {
    await context?.close();
    await serve?.stop();
    await tls12?.close();
    await tls13?.close();
  });

  it('captures TLS 1.2 and 1.3 on lo from the UI, live, then stops, saves and reopens the same connections', async () => {
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(serve.url);

    // start screen → Capture live traffic…
    await page.click('[data-testid=start-capture]');
    await startFromUi(page, `tcp portrange ${base}-${base + 1}`);
    // a bad filter gets libpcap's own words, and Start is refused
    await page.fill('[data-testid=capture-filter]', 'tcp port');
    await page.waitForSelector('[data-testid=capture-filter-check][data-state=bad]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid=capture-filter-check]')).toContain('The capture filter "tcp port" is not valid');
    expect(await page.isDisabled('[data-testid=capture-start]')).toBe(true);
    await page.fill('[data-testid=capture-filter]', `tcp portrange ${base}-${base + 1}`);
    await page.waitForSelector('[data-testid=capture-filter-check][data-state=ok]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid=capture-interface][data-name=lo]')).toContain(en['live.loopback']);
    await page.screenshot({ path: screenshotPath('capture-setup-en') });

    await page.click('[data-testid=capture-start]');
    await page.waitForSelector('[data-testid=status-state][data-state=capturing]', { timeout: 30_000 });
    const path = await page.getAttribute('[data-testid=status-file]', 'title');
    expect(path).toMatch(new RegExp(`^${dataHome}/tlslens/captures/lo-.*\\.pcapng$`));

    // real traffic, while the page watches
    const runs: TlsRun[] = [await runClient(cert, tls12), await runClient(cert, tls13)];
    expect(runs.map((r) => r.protocol)).toEqual(['TLSv1.2', 'TLSv1.3']);
    await expect.poll(() => listedVersions(page), { timeout: 20_000 }).toEqual([
      [base, 'TLS 1.2'],
      [base + 1, 'TLS 1.3'],
    ]);
    // the status bar counts while capturing; the kernel's drops are unknown with cap 0.2.1, and say so
    await expect.poll(async () => Number((await page.textContent('[data-testid=status-frames]'))!.replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThanOrEqual(18);
    expect(await page.getAttribute('[data-testid=status-drops]', 'data-kernel')).toBe('unknown');
    expect(await page.textContent('[data-testid=status-drops]')).toContain(en['live.unknown']);
    expect(await page.textContent('[data-testid=status-rate]')).toMatch(/frames\/s/);
    await page.click('[data-testid=flow-row][data-connection-id="1"]');
    await page.screenshot({ path: screenshotPath('capture-running-en') });

    // Stop: the capture stays open, complete
    await page.click('[data-testid=capture-stop]');
    await page.waitForSelector('[data-testid=status-state][data-state=stopped]', { timeout: 30_000 });
    expect(await listedVersions(page)).toEqual([
      [base, 'TLS 1.2'],
      [base + 1, 'TLS 1.3'],
    ]);
    await page.screenshot({ path: screenshotPath('capture-stopped-en') });

    // Save capture as…: a download of the very file on disk
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=capture-save]')]);
    expect(download.suggestedFilename()).toMatch(/^lo-.*\.pcapng$/);
    const saved = join(dataHome, 'downloaded.pcapng');
    await download.saveAs(saved);
    expect(readFileSync(saved)).toEqual(readFileSync(path!));

    // the pcapng on disk gives the same connections to the engine…
    const { report } = await analyzeCapture(path!);
    const fromFile = report.connections
      .map((c) => [Number(c.server.split(':').at(-1)), c.tls?.versionName ?? ''] as [number, string])
      .sort((a, b) => a[0] - b[0]);
    expect(fromFile).toEqual([
      [base, 'TLS 1.2'],
      [base + 1, 'TLS 1.3'],
    ]);
    expect(report.connections.map((c) => c.tcp.closeKind === 'open')).toEqual([false, false]);

    // …and reopens in the app from the recent files
    await page.click('[data-testid=toolbar-close]');
    await page.waitForSelector('[data-testid=recent-files]');
    const name = path!.split('/').at(-1)!;
    await page.click(`[data-testid=recent-files] button[title="${path}"]`);
    await page.waitForSelector('[data-testid=status-state][data-state=finished]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=status-file]')).toBe(name);
    await expect.poll(() => listedVersions(page)).toEqual([
      [base, 'TLS 1.2'],
      [base + 1, 'TLS 1.3'],
    ]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('in Chinese: the capture view, a live capture, and the status bar', async () => {
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(serve.url);
    await page.selectOption('[data-testid=language-select]', 'zh-CN');
    await page.click('[data-testid=toolbar-capture]');
    await startFromUi(page, `tcp port ${base + 1}`);
    expect(await page.textContent('[data-testid=capture-setup] h1')).toBe(zhCN['live.title']);
    await page.screenshot({ path: screenshotPath('capture-setup-zh') });
    await page.click('[data-testid=capture-start]');
    await page.waitForSelector('[data-testid=status-state][data-state=capturing]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid=status-state]')).toBe(zhCN['live.state.capturing'].replace('{interface}', 'lo'));
    const run = await runClient(cert, tls13);
    expect(run.protocol).toBe('TLSv1.3');
    await expect.poll(() => listedVersions(page), { timeout: 20_000 }).toEqual([[base + 1, 'TLS 1.3']]);
    await expect.poll(async () => Number((await page.textContent('[data-testid=status-frames]'))!.replace(/\D/g, '')), { timeout: 10_000 }).toBeGreaterThanOrEqual(9);
    expect(await page.textContent('[data-testid=status-drops]')).toContain(zhCN['live.unknown']);
    await page.click('[data-testid=flow-row][data-connection-id="0"]');
    await page.screenshot({ path: screenshotPath('capture-running-zh') });
    await page.keyboard.press('Control+e');
    await page.waitForSelector('[data-testid=status-state][data-state=stopped]', { timeout: 30_000 });
    await page.selectOption('[data-testid=language-select]', 'en');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('without capture rights: the plain explanation of what to do, in both languages, never a stack trace', async () => {
    // the helper runs as nobody, with no capabilities: what an ordinary user gets
    const wrapper = join(dataHome, 'node-as-nobody.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all ${process.execPath} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const unprivileged = await startServeProcess([], undefined, { XDG_DATA_HOME: join(dataHome, 'nobody'), TLSLENS_CAPTURE_NODE: wrapper });
    const page = await context.newPage();
    const problems = collectProblems(page);
    try {
      await page.goto(unprivileged.url);
      await page.click('[data-testid=start-capture]');
      await page.waitForSelector('[data-testid=capture-interface][data-name=lo]');
      await page.click('[data-testid=capture-interface][data-name=lo]');
      // the interface list already says so (libpcap could not open any device to learn its link type)…
      await page.waitForSelector('[data-testid=capture-permission]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=capture-interface][data-name=lo]')).toContain(en['live.ifState.permission-denied']);
      // …and Start on lo is refused with the explanation for lo
      await page.click('[data-testid=capture-start]');
      await expect.poll(() => page.textContent('[data-testid=capture-permission]'), { timeout: 30_000 }).toContain('Not permitted to capture on lo');
      const text = (await page.textContent('[data-testid=capture-permission]'))!;
      expect(text).toContain(en['live.notPermitted']);
      expect(text).toContain('Not permitted to capture on lo');
      expect(text).toContain('sudo setcap cap_net_raw,cap_net_admin=eip');
      expect(text).toContain('sudo groupadd -f pcap');
      expect(text).not.toMatch(/\n\s+at |Error:/);
      // nothing started: still the set-up view, no capture open
      expect(await page.isVisible('[data-testid=capture-setup]')).toBe(true);
      await page.screenshot({ path: screenshotPath('capture-permission-en') });
      await page.selectOption('[data-testid=language-select]', 'zh-CN');
      expect(await page.textContent('[data-testid=capture-permission]')).toContain('没有在 lo 上抓包的权限');
      await page.screenshot({ path: screenshotPath('capture-permission-zh') });
      await page.selectOption('[data-testid=language-select]', 'en');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await unprivileged.stop();
    }
  });
});
