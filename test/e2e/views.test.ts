/**
 * The analysis views end to end, in browser mode (`tlslens serve` + Debian's
 * Chromium): the ladder of a TLS 1.2 ECDHE, a TLS 1.3 and a failed handshake
 * against the engine's own JSON, explanations in both languages, the filter
 * language, exports (SVG, PNG, CSV, JSON), certificates and timing charts,
 * with screenshots of each view in both languages. The captures are the
 * corpus's, or without the corpus the project's samples (support/paths.ts);
 * what a test expects comes from the engine's analysis of the file it opens.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { EXPLAIN_CATALOGS } from '../../renderer/src/features/explain/explain';
import { en } from '../../contract/i18n/en';
import { zhCN } from '../../contract/i18n/zh-CN';
import { openAppSession, type AppSession } from './support/app-session';
import { analyzeWithCli, pickConnection, type Reference } from './support/engine-reference';
import { CAPTURES, missingPrerequisite, screenshotPath } from './support/paths';

const { ecdhe: ECDHE, tls13: TLS13, failed: FAILED, many: MANY } = CAPTURES;

interface LadderRowInfo {
  index: number;
  source: string;
  title: string;
  frame: number;
  kind: string;
  step: number | null;
}

/** Every ladder row (the ladder is windowed: scroll through it, keep each row once). */
async function ladderRows(page: Page): Promise<LadderRowInfo[]> {
  return page.evaluate(async () => {
    const box = document.querySelector('[data-testid=ladder]') as HTMLElement;
    const seen = new Map<number, { index: number; source: string; title: string; frame: number; kind: string; step: number | null }>();
    for (let top = 0; ; top += box.clientHeight / 2) {
      box.scrollTop = top;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const g of Array.from(document.querySelectorAll<SVGGElement>('[data-testid=ladder-row]'))) {
        const d = g.dataset;
        seen.set(Number(d.index), { index: Number(d.index), source: d.source ?? '', title: d.title ?? '', frame: Number(d.frame), kind: d.kind ?? '', step: d.step ? Number(d.step) : null });
      }
      if (top + box.clientHeight >= box.scrollHeight) break;
    }
    box.scrollTop = 0;
    // let the ladder draw the top again before anyone looks
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return [...seen.values()].sort((a, b) => a.index - b.index);
  });
}

/**
 * The textbook steps (1 TCP handshake, 2 hellos, 3 certificates, 4 key exchange,
 * 5 change of keys and Finished, 6 data, 7 close_notify, 8 TCP close) that the
 * engine's events, messages and alerts of a connection reach.
 */
function textbookSteps(c: Reference['connections'][number]): Set<number> {
  const steps = new Set<number>();
  const byName: Record<string, number> = {
    client_hello: 2, server_hello: 2, hello_retry_request: 2, encrypted_extensions: 2,
    certificate: 3, certificate_request: 3, certificate_status: 3,
    server_key_exchange: 4, server_hello_done: 4, client_key_exchange: 4, certificate_verify: 4,
    finished: 5, new_session_ticket: 5,
  };
  for (const e of c.events) {
    if (e.kind === 'syn' || e.kind === 'syn-ack' || e.kind === 'ack') steps.add(1);
    if (e.kind === 'fin' || e.kind === 'fin-ack' || e.kind === 'rst') steps.add(8);
  }
  const tls = c.tls!;
  const tls13 = tls.version === '0x0304';
  const alertFrames = new Set(tls.alerts.map((a) => `${a.dir}:${a.frame}`));
  for (const m of tls.messages) {
    // TLS 1.3's ChangeCipherSpec is a middlebox dummy (RFC 8446 §D.4): it changes no keys
    if (m.kind === 'change_cipher_spec' && !tls13) steps.add(5);
    // application data: step 6, unless the record is the one an alert was read from
    if (m.kind === 'application_data' && !alertFrames.has(`${m.dir}:${m.frames[m.frames.length - 1]}`)) steps.add(6);
    if (m.kind !== 'handshake') continue;
    // without keys, TLS 1.3's encrypted server flight starts at the certificates; any other encrypted handshake message is a Finished
    if (m.type === 'encrypted') steps.add(tls13 && m.dir === 's2c' ? 3 : 5);
    else if (byName[m.name] !== undefined) steps.add(byName[m.name]);
  }
  for (const a of tls.alerts) if (a.description === 0) steps.add(7);
  return steps;
}

const camel = (snake: string) => snake.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

async function openCapture(page: Page, path: string, connections: number): Promise<void> {
  await page.setInputFiles('[data-testid=file-input]', path);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=flow-row]').length === n, connections, { timeout: 60_000 });
  await page.waitForSelector('[data-testid=status-state][data-state=finished]', { timeout: 60_000 });
}

/** The detail area larger than the flow list: the splitter moves by keyboard. */
async function enlargeDetails(page: Page): Promise<void> {
  await page.focus('.splitter');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
}

async function selectConnection(page: Page, id: number): Promise<void> {
  await page.click(`[data-testid=flow-row][data-connection-id="${id}"]`);
  await page.click('[data-testid=tab-ladder]');
  await page.waitForSelector('[data-testid=ladder-row]');
}

async function clickRow(page: Page, source: string): Promise<void> {
  const row = page.locator(`[data-testid=ladder-row][data-source="${source}"]`).first();
  await row.scrollIntoViewIfNeeded();
  // a sloped arrow's bounding box overlaps its neighbours: deliver the click to the row itself
  await row.dispatchEvent('click');
  await page.waitForSelector(`[data-testid=inspector][data-key]`);
}

async function setLanguage(page: Page, language: 'en' | 'zh-CN'): Promise<void> {
  await page.selectOption('[data-testid=language-select]', language);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
}

/** The ladder shows every engine event and message once, in the engine's order, in capture order. */
function checkLadderAgainstEngine(rows: LadderRowInfo[], reference: Reference): void {
  const c = reference.connections[0];
  const messages = c.tls?.messages ?? [];
  const alerts = c.tls?.alerts ?? [];
  // TCP events other than data runs: one arrow each, in the engine's order
  const events = rows.filter((r) => r.source.startsWith('event:')).map((r) => Number(r.source.slice(6)));
  expect(events.filter((i) => c.events[i].kind !== 'data')).toEqual(c.events.map((e, i) => [e, i] as const).filter(([e]) => e.kind !== 'data').map(([, i]) => i));
  // every handshake message, CCS and alert record: one arrow, in the engine's order (application
  // data only where it carried an alert: TLS 1.3's inferred close_notify)
  const listed = rows.filter((r) => r.source.startsWith('message:')).map((r) => Number(r.source.slice(8)));
  const carriesAlert = (m: (typeof messages)[number]) => alerts.some((a) => a.dir === m.dir && a.frame === m.frames[m.frames.length - 1]);
  expect(listed).toEqual(messages.map((m, i) => [m, i] as const).filter(([m]) => m.kind !== 'application_data' || carriesAlert(m)).map(([, i]) => i));
  for (const r of rows.filter((x) => x.source.startsWith('message:'))) {
    const m = messages[Number(r.source.slice(8))];
    if (m.kind === 'handshake' && typeof m.type === 'number') expect(r.title).toBe(camel(m.name));
    if (m.kind === 'change_cipher_spec') expect(r.title).toBe('ChangeCipherSpec');
  }
  // alerts carry their description (or say they were inferred)
  for (const a of alerts) {
    const row = rows.find((r) => r.frame === a.frame && (r.source.startsWith('message:') || r.source.startsWith('alert:')));
    expect(row, `alert at frame ${a.frame}`).toBeTruthy();
    expect(row!.title).toContain(a.inferred ? 'close_notify' : a.encrypted ? 'alert' : a.descriptionName);
  }
  // capture order
  for (let i = 1; i < rows.length; i++) expect(rows[i].frame).toBeGreaterThanOrEqual(rows[i - 1].frame);
}

describe('analysis views (browser mode + Chromium)', () => {
  const reason = missingPrerequisite();
  let app: AppSession | undefined;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    if (reason) return;
    app = await openAppSession();
    ({ context, page, problems } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const shot = (name: string) => page.screenshot({ path: screenshotPath(`views-${name}`) });

  it('ladders of a TLS 1.2 ECDHE, a TLS 1.3 and a failed handshake match the engine', async (ctx) => {
    if (reason) return ctx.skip(reason);
    for (const [file, name] of [
      [ECDHE, 'tls12-ecdhe'],
      [TLS13, 'tls13'],
      [FAILED, 'failed'],
    ] as const) {
      const reference = analyzeWithCli(file);
      expect(reference.connections).toHaveLength(1);
      await openCapture(page, file, 1);
      await enlargeDetails(page);
      await selectConnection(page, 0);
      const rows = await ladderRows(page);
      checkLadderAgainstEngine(rows, reference);
      // the textbook steps: the TCP handshake first, then the hellos; a complete handshake goes on to 5, its data to 6, its end to 7 and 8
      const steps = rows.map((r) => r.step).filter((x): x is number => x !== null);
      expect(steps.slice(0, 4)).toEqual([1, 1, 1, 2]);
      const expected = textbookSteps(reference.connections[0]);
      // a failed handshake never changes keys; a complete one reaches its data and its end
      if (name === 'failed') for (const k of [5, 6, 7]) expect(expected.has(k), `step ${k}`).toBe(false);
      else for (const k of [1, 2, 3, 5, 6, 7, 8]) expect(expected.has(k), `step ${k}`).toBe(true);
      expect(new Set(steps)).toEqual(expected);
      if (name === 'failed') {
        const alert = reference.connections[0].tls!.alerts[0];
        expect(rows.some((r) => r.title === `Alert (fatal): ${alert.descriptionName}`)).toBe(true);
        expect(rows.some((r) => r.kind === 'run')).toBe(false);
      }
      if (name === 'tls13') expect(rows.some((r) => r.title === 'Encrypted handshake')).toBe(true);
      await shot(`ladder-${name}-en`);
    }
    expect(problems).toEqual([]);
  });

  it('clicking an arrow explains it, in English and in Chinese, with the bytes of its fields', async (ctx) => {
    if (reason) return ctx.skip(reason);
    const reference = analyzeWithCli(ECDHE);
    const tls = reference.connections[0].tls!;
    await openCapture(page, ECDHE, 1);
    await enlargeDetails(page);
    await selectConnection(page, 0);
    const serverHello = tls.messages.findIndex((m) => m.name === 'server_hello');
    await clickRow(page, `message:${serverHello}`);
    const suite = tls.serverHellos[0].cipherSuiteName;
    const offered = tls.clientHellos[0].cipherSuites.length;
    expect(await page.textContent('[data-testid=explanation-title]')).toBe(EXPLAIN_CATALOGS.en.kinds['hs.server_hello'].title);
    expect(await page.textContent('[data-testid=explanation-facts]')).toContain(`The server chose ${suite} out of the ${offered} suites the client offered.`);
    expect(await page.textContent('[data-testid=explanation-version]')).toBe(EXPLAIN_CATALOGS.en.versions['tls12-ecdhe']);
    await shot('details-explanation-en');

    // the ClientHello: pointing at its random lights up 32 bytes in the hex dump
    const clientHello = tls.messages.findIndex((m) => m.name === 'client_hello');
    await clickRow(page, `message:${clientHello}`);
    await page.waitForSelector('[data-testid=field-row][data-field="hello.random"]');
    await page.hover('[data-testid=field-row][data-field="hello.random"]');
    await expect.poll(() => page.locator('[data-testid=hex-view] .byte.hl').count()).toBe(32);
    const random = await page.locator('[data-testid=hex-view] .byte.hl').allTextContents();
    expect(random.join('')).toBe(tls.clientHellos[0].random);
    // and the record header is where the engine says the message starts
    await page.hover('[data-testid=field-row][data-field="record0.type"]');
    expect(await page.locator('[data-testid=hex-view] .byte.hl').allTextContents()).toEqual(['16']);
    await page.locator('[data-testid=inspector]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await shot('details-fields-bytes-en');

    await setLanguage(page, 'zh-CN');
    await clickRow(page, `message:${serverHello}`);
    expect(await page.textContent('[data-testid=explanation-title]')).toBe(EXPLAIN_CATALOGS['zh-CN'].kinds['hs.server_hello'].title);
    expect(await page.textContent('[data-testid=explanation-facts]')).toContain(`服务器从客户端提供的 ${offered} 个套件中选择了 ${suite}。`);
    expect(await page.textContent('[data-testid=explanation-purpose]')).toBe(EXPLAIN_CATALOGS['zh-CN'].kinds['hs.server_hello'].purpose);
    await shot('details-explanation-zh');
    await shot('ladder-tls12-ecdhe-zh');

    // keyboard: ↓ moves to the next arrow
    await page.focus('[data-testid=ladder]');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getAttribute('[data-testid=inspector]', 'data-key')).not.toBe(`m${serverHello}`);
    await setLanguage(page, 'en');
    expect(problems).toEqual([]);
  });

  it('the filter language narrows the list; the Wireshark filter follows the selection', async (ctx) => {
    if (reason) return ctx.skip(reason);
    const reference = analyzeWithCli(MANY);
    const n = reference.connections.length;
    await openCapture(page, MANY, n);
    const count = () => page.locator('[data-testid=flow-row]').count();
    // a word of the capture's first server name ("google" of www.google.com, "lab" of www.lab.test)
    const firstSni = reference.connections.find((c) => c.tls?.sni)?.tls?.sni;
    expect(firstSni, 'a connection with a server name').toBeTruthy();
    const word = firstSni!.split('.').at(-2) ?? firstSni!;
    const withSni = reference.connections.filter((c) => c.tls?.sni?.includes(word)).length;
    await page.fill('[data-testid=filter]', `sni:${word}`);
    await expect.poll(count).toBe(withSni);
    const version = reference.connections.find((c) => c.tls?.versionName)!.tls!.versionName!;
    await page.fill('[data-testid=filter]', `-sni:${word} version:${version.replace(/^TLS /, '')}`);
    await expect.poll(count).toBe(reference.connections.filter((c) => !c.tls?.sni?.includes(word) && c.tls?.versionName === version).length);
    const complete = pickConnection(reference, 5, (c) => c.tls?.handshakeComplete === true && !c.tls.alerts.some((a) => a.level === 2));
    const port = complete.client.split(':').pop()!;
    await page.fill('[data-testid=filter]', `port:${port} status:complete`);
    await expect.poll(count).toBe(1);
    expect(await page.locator('[data-testid=flow-row]').first().getAttribute('data-connection-id')).toBe(String(complete.id));
    await page.click(`[data-testid=flow-row][data-connection-id="${complete.id}"]`);
    await expect.poll(() => page.textContent('[data-testid=wireshark-stream]')).toBe(`tcp.stream eq ${complete.id}`);
    expect(await page.textContent('[data-testid=wireshark-conversation]')).toContain(`tcp.port == ${port}`);
    await shot('flows-filter-en');
    await page.fill('[data-testid=filter]', 'port:99999');
    await page.waitForSelector('[data-testid=filter-problem]');
    await page.fill('[data-testid=filter]', `sni:${word}`);
    await expect.poll(count).toBe(withSni);
    await setLanguage(page, 'zh-CN');
    await shot('flows-filter-zh');
    await setLanguage(page, 'en');
    // ip: either end, as the CLI reports the endpoints
    const ip = reference.connections[0].server.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    await page.fill('[data-testid=filter]', `ip:${ip}`);
    await expect.poll(count).toBe(reference.connections.filter((c) => [c.client, c.server].some((e) => e.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') === ip)).length);
    await page.fill('[data-testid=filter]', '');
    await expect.poll(count).toBe(n);
    // sorting by a column: the rows come in the CLI's order of that value (duration), both ways
    const durationOf = new Map(reference.connections.map((c) => [String(c.id), c.durationMs]));
    const shownDurations = async () => (await page.$$eval('[data-testid=flow-row]', (rows) => rows.map((r) => r.getAttribute('data-connection-id')!))).map((id) => durationOf.get(id)!);
    await page.click('.header-cell:has-text("Duration")');
    await expect.poll(shownDurations).toEqual([...durationOf.values()].sort((a, b) => a - b));
    await page.click('.header-cell:has-text("Duration")');
    await expect.poll(shownDurations).toEqual([...durationOf.values()].sort((a, b) => b - a));
    // the columns right of the fold: JA4, bytes and frames each way, start, duration
    await page.evaluate(() => {
      const body = document.querySelector('[data-testid=flow-body]')!;
      body.scrollLeft = body.scrollWidth;
    });
    await shot('flows-columns-right-en');
    await page.evaluate(() => (document.querySelector('[data-testid=flow-body]')!.scrollLeft = 0));
    await page.click('.header-cell:has-text("#")');
    await expect.poll(() => page.$$eval('[data-testid=flow-row]', (rows) => rows.map((r) => Number(r.getAttribute('data-connection-id'))))).toEqual(reference.connections.map((c) => c.id));
  });

  it('exports: the ladder as SVG and PNG, the connections as CSV and JSON', async (ctx) => {
    if (reason) return ctx.skip(reason);
    const reference = analyzeWithCli(MANY);
    const n = reference.connections.length;
    const downloaded = async (click: () => Promise<void>) => {
      const [download] = await Promise.all([page.waitForEvent('download'), click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const target = pickConnection(reference, 4, (c) => c.tls !== null);
    await selectConnection(page, target.id);
    const svg = await downloaded(() => page.click('[data-testid=ladder-export-svg]'));
    expect(svg.name).toBe(`connection-${target.id}-ladder.svg`);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName, texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent) };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.texts.some((t) => t?.startsWith('ClientHello'))).toBe(true);
    expect(parsed.texts).toContain(target.client);
    const png = await downloaded(() => page.click('[data-testid=ladder-export-png]'));
    expect(png.name).toBe(`connection-${target.id}-ladder.png`);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // Copy as text: every arrow of the ladder, in its order; the Wireshark filter's Copy
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.click('[data-testid=ladder-copy-text]');
    await expect.poll(() => page.textContent('[data-testid=ladder-status]')).toBe(en['views.ladder.copied']);
    const copied = await clipboard();
    expect(copied).toContain(target.client);
    let at = 0;
    for (const row of await ladderRows(page)) {
      const found = copied.indexOf(row.title, at);
      expect(found, `${row.title} after offset ${at}`).toBeGreaterThanOrEqual(0);
      at = found + row.title.length;
    }
    await page.locator('[data-testid=wireshark-copy]').first().click();
    await expect.poll(clipboard).toBe(`tcp.stream eq ${target.id}`);

    await page.click('[data-testid=export-menu]');
    const csv = await downloaded(() => page.click('[data-testid=export-csv]'));
    expect(csv.name).toBe(`${basename(MANY, extname(MANY))}-connections.csv`);
    const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(n + 1);
    expect(lines[0].split(',')[0]).toBe('id');
    await page.click('[data-testid=export-menu]');
    const json = await downloaded(() => page.click('[data-testid=export-json]'));
    const doc = JSON.parse(json.bytes.toString('utf8'));
    expect(doc.schema).toBe('tlslens.analysis/1');
    expect(doc.connections.map((c: { id: number }) => c.id)).toEqual(reference.connections.map((c) => c.id));
    expect(doc.connections.find((c: { id: number }) => c.id === target.id).tls.sni).toBe(target.tls!.sni);
    expect(problems).toEqual([]);
  });

  it('waterfall: hovering a bar shows its connection, clicking it selects the connection', async (ctx) => {
    if (reason) return ctx.skip(reason);
    const reference = analyzeWithCli(MANY);
    await openCapture(page, MANY, reference.connections.length);
    await enlargeDetails(page);
    await page.click('[data-testid=flow-row][data-connection-id="0"]');
    await page.click('[data-testid=tab-timing]');
    await page.waitForSelector('[data-testid=waterfall] .recharts-bar-rectangle');
    const target = pickConnection(reference, 5);
    // the bar of the connection: the widest segment on the line of its axis label
    const barOf = (label: string) => page.evaluate((label) => {
      const chart = document.querySelector('[data-testid=waterfall]')!;
      const tick = Array.from(chart.querySelectorAll('.recharts-yAxis-tick-labels text')).find((t) => t.textContent?.startsWith(label));
      if (!tick) return null;
      const tr = tick.getBoundingClientRect();
      const y = tr.top + tr.height / 2;
      const bars = Array.from(chart.querySelectorAll('.recharts-bar-rectangle path'))
        .map((p) => p.getBoundingClientRect())
        .filter((r) => r.width > 1 && Math.abs(r.top + r.height / 2 - y) < r.height / 2 + 2)
        .sort((a, b) => b.width - a.width);
      return bars[0] ? { x: bars[0].left + bars[0].width / 2, y: bars[0].top + bars[0].height / 2 } : null;
    }, label);
    // Recharts shows its tooltip on a mousemove over the plot. One move, once, missed it in 1
    // full `npm test` in 3 here (never when this file ran alone), most likely landing before
    // the chart's final layout (the details pane was just enlarged), after which nothing
    // moves again. So: approach from beside the bar, measuring it again, until the tooltip
    // shows; the assertions on the tooltip are unchanged.
    let box: { x: number; y: number } | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      box = await barOf(`#${target.id} `);
      expect(box).not.toBeNull();
      await page.mouse.move(box!.x + 3, box!.y + 3);
      await page.mouse.move(box!.x, box!.y);
      if (await page.locator('[data-testid=waterfall-tooltip]').isVisible()) break;
      await page.waitForTimeout(300);
      if (await page.locator('[data-testid=waterfall-tooltip]').isVisible()) break;
    }
    await page.waitForSelector('[data-testid=waterfall-tooltip]');
    const tooltip = await page.textContent('[data-testid=waterfall-tooltip]');
    expect(tooltip).toContain(target.client);
    expect(tooltip).toContain(target.server);
    // the tooltip leaves the bar it describes in sight: above or below it (bars are at most 16 px high);
    // connection 5 of 8 is in the lower half, so above
    const tip = (await page.locator('[data-testid=waterfall-tooltip]').boundingBox())!;
    expect(tip.y + tip.height).toBeLessThan(box!.y - 8);
    await shot('timing-waterfall-tooltip-en');
    await page.mouse.click(box!.x, box!.y);
    await expect.poll(() => page.getAttribute(`[data-testid=flow-row][data-connection-id="${target.id}"]`, 'aria-selected')).toBe('true');
    await expect.poll(() => page.textContent('[data-testid=wireshark-stream]')).toBe(`tcp.stream eq ${target.id}`);
    expect(problems).toEqual([]);
  });

  it('certificates and timing charts, in both languages and the dark theme', async (ctx) => {
    if (reason) return ctx.skip(reason);
    const reference = analyzeWithCli(ECDHE);
    const tls = reference.connections[0].tls!;
    await openCapture(page, ECDHE, 1);
    await enlargeDetails(page);
    await page.click('[data-testid=flow-row][data-connection-id="0"]');
    await page.click('[data-testid=tab-certificates]');
    await page.waitForSelector('[data-testid=cert-verdict]');
    expect(await page.getAttribute('[data-testid=cert-verdict]', 'data-verdict')).toBe(tls.validation!.verdict);
    expect(await page.textContent('[data-testid=cert-verdict] h3')).toContain(en[`views.verdict.${tls.validation!.verdict}` as keyof typeof en]);
    expect(await page.locator('[data-testid=cert-card]').count()).toBe(tls.certificates.length);
    expect(await page.locator('[data-testid=cert-step]').count()).toBe(tls.validation!.steps.length);
    expect(await page.locator('[data-testid=cert-step][data-ok=false]').count()).toBe(tls.validation!.steps.filter((s) => !s.ok).length);
    await shot('certificates-en');
    await setLanguage(page, 'zh-CN');
    expect(await page.textContent('[data-testid=cert-verdict] h3')).toContain(zhCN[`views.verdict.${tls.validation!.verdict}` as keyof typeof zhCN]);
    // every step's detail is worded in Chinese (from the step's args), none left in the engine's English
    const details = await page.$$eval('[data-testid=cert-step-detail]', (els) => els.map((e) => ({ text: e.textContent ?? '', lang: e.getAttribute('lang'), localized: e.getAttribute('data-localized') })));
    expect(details).toHaveLength(tls.validation!.steps.length);
    for (const d of details) {
      expect(d, d.text).toMatchObject({ lang: 'zh-CN', localized: 'true' });
      expect(/\p{Script=Han}/u.test(d.text), d.text).toBe(true);
    }
    await shot('certificates-zh');

    await page.click('[data-testid=tab-timing]');
    await page.waitForSelector('[data-testid=waterfall] .recharts-surface');
    await page.waitForSelector('[data-testid=throughput] .recharts-surface');
    expect(await page.textContent('[data-testid=waterfall-range]')).toContain('1');
    // the capture-wide summary, against the CLI's report
    expect(await page.textContent('[data-testid=summary-connections] dd')).toBe(String(reference.connections.length));
    expect(await page.textContent('[data-testid=summary-tls] dd')).toBe(String(reference.connections.filter((c) => c.tls).length));
    expect(await page.textContent('[data-testid=summary-top-version] dd')).toContain(tls.versionName!);
    expect(await page.textContent('[data-testid=summary-top-kx] dd')).toContain(tls.keyExchange!);
    await shot('timing-zh');
    await page.locator('[data-testid=summary-charts]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid=versions] .recharts-surface');
    await shot('timing-summary-zh');
    await setLanguage(page, 'en');
    await shot('timing-summary-en');
    await page.locator('[data-testid=capture-summary]').scrollIntoViewIfNeeded();
    await shot('timing-en');
    const chart = await (async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=handshake-histogram-png]')]);
      return readFileSync((await download.path())!);
    })();
    expect([...chart.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    await page.selectOption('[data-testid=theme-select]', 'dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot('timing-en-dark');
    await page.click('[data-testid=tab-ladder]');
    await clickRow(page, `message:${tls.messages.findIndex((m) => m.name === 'server_key_exchange')}`);
    await shot('ladder-tls12-ecdhe-en-dark');
    await page.click('[data-testid=tab-certificates]');
    await shot('certificates-en-dark');
    await page.selectOption('[data-testid=theme-select]', 'light');
    expect(problems).toEqual([]);
  });
});
