/**
 * The end-to-end story, shared by the browser-mode and Electron tests: open a
 * capture with several connections (the corpus's, else a sample's: see paths.ts), watch the list fill, read a connection's details (checked
 * against the engine's own JSON), open a damaged copy and see the partial
 * results, switch to Chinese, with screenshots on the way.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { contentTypeName, handshakeTypeName, sslv2MessageName } from '../../../contract/names/handshake-types';
import { en } from '../../../contract/i18n/en';
import { zhCN } from '../../../contract/i18n/zh-CN';
import { analyzeWithCli, pickConnection, type Reference } from './engine-reference';
import { CAPTURE, screenshotPath } from './paths';

export interface ScenarioOptions {
  /** "browser" or "electron": prefixes the screenshot names */
  label: string;
  /** open a local file the way a user would in this mode */
  openFile(page: Page, path: string): Promise<void>;
}

const rows = (page: Page) => page.locator('[data-testid=flow-row]');

export async function waitForRows(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=flow-row]').length === n, count, { timeout: 60_000 });
}

async function waitForState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`[data-testid=status-state][data-state=${state}]`, { timeout: 60_000 });
}

/** Every row of one layer in the selected connection's details list: [frame, event label]. */
async function listedRows(page: Page, layer: 'tcp' | 'tls'): Promise<Array<[number, string]>> {
  // the list is virtualised: scroll through it and collect each row once
  return page.evaluate(async (layer) => {
    const body = document.querySelector('.detail-list-body') as HTMLElement;
    const seen = new Map<string, [number, string]>();
    for (let top = 0; ; top += body.clientHeight / 2) {
      body.scrollTop = top;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const row of Array.from(document.querySelectorAll<HTMLElement>(`[data-testid=detail-row][data-layer=${layer}]`))) {
        const cells = row.querySelectorAll('.cell');
        seen.set(`${row.style.top}`, [Number(row.dataset.frame), cells[4].textContent ?? '']);
      }
      if (top + body.clientHeight >= body.scrollHeight) break;
    }
    body.scrollTop = 0;
    return [...seen.entries()].sort((a, b) => parseFloat(a[0]) - parseFloat(b[0])).map(([, v]) => v);
  }, layer);
}

/** Every name the engine can give a TLS message (handshake, record and SSLv2 types, known or not). */
const MESSAGE_NAMES = [...new Set(Array.from({ length: 256 }, (_, t) => [handshakeTypeName(t), contentTypeName(t), sslv2MessageName(t)]).flat())];

/**
 * The details list's Event cells that do not show their whole text: the rows on
 * screen, and any message name measured in the Event cell's font against its width.
 */
async function eventCellsCutOff(page: Page): Promise<string[]> {
  return page.evaluate((names) => {
    const cells = Array.from(document.querySelectorAll<HTMLElement>('[data-testid=detail-row] .cell.event'));
    const cut = cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => `shown: ${c.textContent}`);
    const style = getComputedStyle(cells[0]);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = cells[0].clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [...cut, ...names.filter((n) => context.measureText(n).width > room).map((n) => `name: ${n} (${Math.ceil(context.measureText(n).width)} px > ${room} px)`)];
  }, MESSAGE_NAMES);
}

export async function runScenario(page: Page, options: ScenarioOptions): Promise<void> {
  const shot = (name: string) => page.screenshot({ path: screenshotPath(`${options.label}-${name}`) });
  const reference = analyzeWithCli(CAPTURE);
  const n = reference.connections.length;
  expect(n).toBeGreaterThanOrEqual(2);

  // start screen, in English
  await page.waitForSelector('[data-testid=start-screen]');
  await expect.poll(() => page.locator('[data-testid=language-select]').inputValue()).toBe('en');
  expect(await page.textContent('[data-testid=start-open]')).toBe(en['start.open']);
  await shot('01-start-en');

  // open the capture: the list fills with the engine's connections
  await options.openFile(page, CAPTURE);
  await waitForRows(page, n);
  await waitForState(page, 'finished');
  const shown = await rows(page).evaluateAll((els) => els.map((e) => Array.from(e.querySelectorAll('.cell'), (c) => c.textContent)));
  expect(shown.map((cells) => [Number(cells[0]), cells[1], cells[2]])).toEqual(reference.connections.map((c) => [c.id, c.client, c.server]));
  for (const [i, c] of reference.connections.entries()) {
    if (c.tls?.sni) expect(shown[i][3]).toBe(c.tls.sni);
    if (c.tls?.versionName) expect(shown[i][4]).toBe(c.tls.versionName);
  }
  expect(await page.textContent('[data-testid=status-connections]')).toContain(String(n));
  expect(await page.textContent('[data-testid=status-frames]')).toContain(String(reference.stats.frames));

  // select a (TLS) connection: its events, as the engine lists them
  const target = pickConnection(reference, 2, (c) => c.tls !== null);
  await page.click(`[data-testid=flow-row][data-connection-id="${target.id}"]`);
  await page.click('[data-testid=tab-details]');
  await page.waitForSelector('[data-testid=detail-row]');
  expect(await page.textContent('[data-testid=detail-heading]')).toBe(`Connection ${target.id}: ${target.client} → ${target.server}`);
  expect(await listedRows(page, 'tcp')).toEqual(target.events.map((e) => [e.frame, en[`event.${e.kind}` as keyof typeof en]]));
  // TLS messages are listed at the frame that completed them, in the engine's order within a frame
  expect(target.tls!.messages.length).toBeGreaterThan(0);
  const messages = (target.tls?.messages ?? []).map((m, i) => ({ frame: m.frames[m.frames.length - 1], name: m.name, i }));
  messages.sort((a, b) => a.frame - b.frame || a.i - b.i);
  expect(await listedRows(page, 'tls')).toEqual(messages.map((m) => [m.frame, m.name]));
  // the Event column fits the longest message names (server_key_exchange, client_certificate_request …)
  expect(await eventCellsCutOff(page)).toEqual([]);

  // a row's frame bytes come from the file, at the engine's offset
  const syn = target.events[0];
  await page.click(`[data-testid=detail-row][data-layer=tcp][data-frame="${syn.frame}"]`);
  const dump = page.locator('[data-testid=hex-dump]');
  await dump.waitFor();
  expect(Number(await dump.getAttribute('data-file-offset'))).toBe(syn.fileOffset);
  const fileBytes = readFileSync(CAPTURE).subarray(syn.fileOffset, syn.fileOffset + 8);
  const firstLine = (await dump.textContent())!.split('\n')[0];
  expect(firstLine.slice(6, 29)).toBe(Array.from(fileBytes, (b) => b.toString(16).padStart(2, '0')).join(' '));
  await shot('02-details-en');

  // keyboard: j moves to the next connection (k to the previous one, when this is the last)
  await page.locator('[data-testid=flow-body]').focus();
  const at = reference.connections.indexOf(target);
  const next = reference.connections[at + 1 < n ? at + 1 : at - 1];
  await page.keyboard.press(at + 1 < n ? 'j' : 'k');
  await expect.poll(() => page.textContent('[data-testid=detail-heading]')).toBe(`Connection ${next.id}: ${next.client} → ${next.server}`);

  // the filter box narrows the list (in the worker): a client port picks one connection
  const byPort = pickConnection(reference, 5);
  const port = byPort.client.split(':').pop()!;
  await page.fill('[data-testid=filter]', port);
  await waitForRows(page, 1);
  expect(await rows(page).first().getAttribute('data-connection-id')).toBe(String(byPort.id));
  await page.fill('[data-testid=filter]', '');
  await waitForRows(page, n);

  // a damaged copy: the error view with the partial results
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-e2e-damaged-'));
  const bytes = readFileSync(CAPTURE);
  const ext = extname(CAPTURE);
  const damagedName = `${basename(CAPTURE, ext)}-truncated${ext}`;
  const damaged = join(dir, damagedName);
  writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.55)));
  const partial = analyzeWithCli(damaged);
  expect(partial.complete).toBe(false);
  await options.openFile(page, damaged);
  await page.waitForSelector('[data-testid=damaged-banner]', { timeout: 60_000 });
  await waitForRows(page, partial.connections.length);
  const errors = await page.locator('[data-testid=damaged-error]').allTextContents();
  const reported = partial.anomalies.filter((a) => a.severity === 'error');
  expect(errors).toHaveLength(reported.length);
  // the message names the file (an upload by its own name, not the server's temp path) and the offset
  expect(errors[0]).toContain(`${damagedName}${reported[0].message.slice(reported[0].message.indexOf(': '))}`);
  expect(errors[0]).not.toContain('tlslens-upload-');
  expect(errors[0]).toContain(reported[0].fileOffset!.toLocaleString('en-US'));
  expect(await page.textContent('[data-testid=damaged-banner]')).toContain(en['errorView.damagedTitle']);
  expect(await page.textContent('[data-testid=status-state]')).toBe(en['state.incomplete']);
  await shot('03-damaged-en');

  // switch to Chinese: the same view, in Chinese
  await page.selectOption('[data-testid=language-select]', 'zh-CN');
  await expect.poll(() => page.textContent('[data-testid=damaged-banner] strong')).toBe(zhCN['errorView.damagedTitle']);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  expect(await page.textContent('[data-testid=status-connections]')).toContain(zhCN['statusbar.connections']);
  expect(await page.textContent('[data-testid=status-state]')).toBe(zhCN['state.incomplete']);
  await shot('04-damaged-zh');

  // the good file again, in Chinese, then the dark theme
  await options.openFile(page, CAPTURE);
  await waitForRows(page, n);
  await waitForState(page, 'finished');
  const again = pickConnection(reference, 4);
  await page.click(`[data-testid=flow-row][data-connection-id="${again.id}"]`);
  await page.click('[data-testid=tab-details]');
  await page.waitForSelector('[data-testid=detail-row]');
  expect(await page.textContent('[data-testid=detail-heading]')).toBe(`连接 ${again.id}：${again.client} → ${again.server}`);
  expect(await page.textContent('[data-testid=tab-details]')).toBe(zhCN['detail.tab.details']);
  await page.click(`[data-testid=detail-row][data-layer=tcp][data-frame="${again.events[0].frame}"]`);
  await page.locator('[data-testid=hex-dump]').waitFor();
  expect(await eventCellsCutOff(page)).toEqual([]);
  await shot('05-details-zh');
  await page.selectOption('[data-testid=theme-select]', 'dark');
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await shot('06-details-zh-dark');

  // not a capture at all: the error view
  const text = join(dir, 'notes.pcap');
  writeFileSync(text, 'these are my notes, not packets\n');
  await options.openFile(page, text);
  await page.waitForSelector('[data-testid=error-view]', { timeout: 60_000 });
  expect(await page.textContent('[data-testid=error-view] h1')).toBe(zhCN['errorView.failedTitle']);
  expect(await page.textContent('[data-testid=error-detail]')).toContain('not a pcap or pcapng capture');
  await shot('07-not-a-capture-zh-dark');
  await page.selectOption('[data-testid=theme-select]', 'light');
  await page.selectOption('[data-testid=language-select]', 'en');
  await shot('08-not-a-capture-en');
  await page.getByText(en['errorView.back']).click();
  await page.waitForSelector('[data-testid=start-screen]');
  await page.selectOption('[data-testid=language-select]', 'zh-CN');
  await expect.poll(() => page.textContent('[data-testid=start-open]')).toBe(zhCN['start.open']);
  expect(await page.textContent('[data-testid=status-bar]')).toBe(zhCN['statusbar.noFile']);
  await shot('09-start-zh');
  await page.selectOption('[data-testid=language-select]', 'en');
}

export type { Reference };
