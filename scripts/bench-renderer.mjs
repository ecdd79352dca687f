// `npm run bench:renderer`: how fast the views draw, in Debian's Chromium
// against browser mode (the real app, the real worker). Builds two synthetic
// captures: 100,000 short TCP connections (the flow list) and one connection
// of 10,000 alternating data segments (a ladder of 10,000 events), then
// prints timings. A script that prints figures, not a timed test.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureBuild, ROOT } from './ensure-deps.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// ---------------------------------------------------------------- synthetic captures (pcap, Ethernet/IPv4/TCP)

function checksum(bytes, from, to) {
  let sum = 0;
  for (let i = from; i < to; i += 2) sum += (bytes[i] << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One Ethernet frame: IPv4 + TCP with the given flags and payload length (payload bytes are zero). */
function frame({ src, dst, sport, dport, seq, ack, flags, payload = 0 }) {
  const b = Buffer.alloc(14 + 20 + 20 + payload);
  b.writeUInt16BE(0x0800, 12);
  b[14] = 0x45;
  b.writeUInt16BE(40 + payload, 16);
  b[22] = 64;
  b[23] = 6;
  b.writeUInt32BE(src >>> 0, 26);
  b.writeUInt32BE(dst >>> 0, 30);
  b.writeUInt16BE(checksum(b, 14, 34), 24);
  b.writeUInt16BE(sport, 34);
  b.writeUInt16BE(dport, 36);
  b.writeUInt32BE(seq >>> 0, 38);
  b.writeUInt32BE(ack >>> 0, 42);
  b[46] = 0x50;
  b[47] = flags;
  b.writeUInt16BE(65535, 48);
  return b;
}

class PcapWriter {
  parts = [];
  constructor() {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeUInt32LE(65535, 16);
    h.writeUInt32LE(1, 20);
    this.parts.push(h);
  }
  add(time, data) {
    const r = Buffer.alloc(16);
    const s = Math.floor(time);
    r.writeUInt32LE(s, 0);
    r.writeUInt32LE(Math.round((time - s) * 1e6), 4);
    r.writeUInt32LE(data.length, 8);
    r.writeUInt32LE(data.length, 12);
    this.parts.push(r, data);
  }
  save(path) {
    writeFileSync(path, Buffer.concat(this.parts));
  }
}

const SYN = 0x02;
const ACK = 0x10;
const PSH_ACK = 0x18;
const FIN_ACK = 0x11;

function manyConnections(path, count) {
  const w = new PcapWriter();
  const server = (192 << 24) | (0 << 16) | (2 << 8) | 1;
  let t = 1_700_000_000;
  for (let i = 0; i < count; i++) {
    const client = (10 << 24) | ((i >> 16) & 255) << 16 | ((i >> 8) & 255) << 8 | (i & 255);
    const sport = 1024 + (i % 60000);
    const c = { src: client, dst: server, sport, dport: 443 };
    const s = { src: server, dst: client, sport: 443, dport: sport };
    w.add((t += 0.0001), frame({ ...c, seq: 1000, ack: 0, flags: SYN }));
    w.add((t += 0.0002), frame({ ...s, seq: 5000, ack: 1001, flags: SYN | ACK }));
    w.add((t += 0.0001), frame({ ...c, seq: 1001, ack: 5001, flags: ACK }));
    w.add((t += 0.0001), frame({ ...c, seq: 1001, ack: 5001, flags: PSH_ACK, payload: 10 + (i % 50) }));
    w.add((t += 0.0002), frame({ ...c, seq: 1011 + (i % 50), ack: 5001, flags: FIN_ACK }));
  }
  w.save(path);
}

function pingPong(path, events) {
  const w = new PcapWriter();
  const client = (10 << 24) | 1;
  const server = (192 << 24) | (2 << 8) | 1;
  const c = { src: client, dst: server, sport: 40000, dport: 443 };
  const s = { src: server, dst: client, sport: 443, dport: 40000 };
  let t = 1_700_000_000;
  let cs = 1000;
  let ss = 5000;
  w.add((t += 0.001), frame({ ...c, seq: cs, ack: 0, flags: SYN }));
  w.add((t += 0.01), frame({ ...s, seq: ss, ack: cs + 1, flags: SYN | ACK }));
  cs++;
  ss++;
  w.add((t += 0.0001), frame({ ...c, seq: cs, ack: ss, flags: ACK }));
  // alternating directions: each segment is its own data event
  for (let i = 0; i < events; i++) {
    const len = 100 + (i % 400);
    if (i % 2 === 0) {
      w.add((t += 0.0005), frame({ ...c, seq: cs, ack: ss, flags: PSH_ACK, payload: len }));
      cs += len;
    } else {
      w.add((t += 0.002), frame({ ...s, seq: ss, ack: cs, flags: PSH_ACK, payload: len }));
      ss += len;
    }
  }
  w.add((t += 0.001), frame({ ...c, seq: cs, ack: ss, flags: FIN_ACK }));
  w.add((t += 0.01), frame({ ...s, seq: ss, ack: cs + 1, flags: FIN_ACK }));
  w.add((t += 0.0001), frame({ ...c, seq: cs + 1, ack: ss + 1, flags: ACK }));
  w.save(path);
}

// ---------------------------------------------------------------- browser mode

async function serve(file) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'serve', '--port', '0', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TLSLENS_USER_DATA: join(ROOT, 'bench-data', 'user') } });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${out}`)), 30_000);
    const look = (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (d) => (out += d));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const ms = (t0) => (performance.now() - t0).toFixed(1);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function benchFlowList(browser, file) {
  const server = await serve(file);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let t0 = performance.now();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=status-state][data-state=finished]', { timeout: 600_000 });
  const analysed = ms(t0);
  t0 = performance.now();
  await page.waitForFunction((n) => document.querySelector('[data-testid=flow-table]')?.getAttribute('aria-rowcount') === String(n + 1), CONNECTIONS, { timeout: 120_000 });
  await page.waitForSelector('[data-testid=flow-row]');
  const firstRows = ms(t0);
  // jump-scrolls: time until the rows at the new position are drawn (the page fetches them from the worker)
  const jumps = [];
  for (let k = 1; k <= 20; k++) {
    const target = Math.floor((k / 21) * CONNECTIONS);
    const t = performance.now();
    await page.evaluate((top) => (document.querySelector('[data-testid=flow-body]').scrollTop = top), target * 26);
    await page.waitForFunction((id) => !!document.querySelector(`[data-testid=flow-row][data-connection-id="${id}"]`), target + 2, { timeout: 30_000 });
    jumps.push(performance.now() - t);
  }
  // smooth scrolling: 120 frames of 40 px
  const smooth = await page.evaluate(async () => {
    const body = document.querySelector('[data-testid=flow-body]');
    body.scrollTop = 0;
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      body.scrollTop += 40;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    times.sort((a, b) => a - b);
    return { median: times[60], p95: times[114], domRows: document.querySelectorAll('[data-testid=flow-row]').length };
  });
  // sort by bytes (service-side, 100,000 rows) until the first row changes
  t0 = performance.now();
  const before = await page.getAttribute('[data-testid=flow-row]', 'data-connection-id');
  await page.click('.header-cell:has-text("Bytes →")');
  await page.waitForFunction((id) => document.querySelector('[data-testid=flow-row]')?.getAttribute('data-connection-id') !== id, before, { timeout: 60_000 });
  const sorted = ms(t0);
  const unfiltered = await page.textContent('[data-testid=flow-count]');
  t0 = performance.now();
  await page.fill('[data-testid=filter]', 'port:1024-1100 status:notls');
  // the filter box waits 150 ms for typing to pause: that is in the figure
  await page.waitForFunction((old) => document.querySelector('[data-testid=flow-count]')?.textContent !== old, unfiltered, { timeout: 60_000 });
  const filtered = ms(t0);
  const count = await page.textContent('[data-testid=flow-count]');
  await page.close();
  server.stop();
  return { analysed, firstRows, jumpMedian: median(jumps).toFixed(1), jumpMax: Math.max(...jumps).toFixed(1), smooth, sorted, filtered, count };
}

async function benchLadder(browser, file) {
  const server = await serve(file);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=status-state][data-state=finished]', { timeout: 120_000 });
  await page.click('[data-testid=flow-row]');
  let t0 = performance.now();
  await page.waitForSelector('[data-testid=ladder-row]', { timeout: 60_000 });
  await settle(page);
  const collapsed = ms(t0);
  const runRows = await page.locator('[data-testid=ladder-row]').count();
  // expand the run: every one of the events becomes its own arrow
  t0 = performance.now();
  await page.locator('[data-testid=ladder-row][data-kind=run]').first().dispatchEvent('click');
  await page.click('[data-testid=run-toggle]');
  await page.waitForFunction((n) => Number(document.querySelector('.ladder-svg')?.getAttribute('data-rows')) > n, EVENTS, { timeout: 60_000 });
  await settle(page);
  const expanded = ms(t0);
  const totalRows = Number(await page.getAttribute('.ladder-svg', 'data-rows'));
  const height = Number(await page.getAttribute('.ladder-svg', 'height'));
  const jumps = [];
  for (let k = 1; k <= 20; k++) {
    const t = performance.now();
    await page.evaluate((top) => (document.querySelector('[data-testid=ladder]').scrollTop = top), (k / 21) * height);
    await settle(page);
    jumps.push(performance.now() - t);
  }
  const domRows = await page.locator('[data-testid=ladder-row]').count();
  // keyboard: 200 × ↓ through the arrows
  await page.focus('[data-testid=ladder]');
  t0 = performance.now();
  for (let i = 0; i < 200; i++) await page.keyboard.press('ArrowDown');
  await settle(page);
  const keys = ((performance.now() - t0) / 200).toFixed(2);
  // Save SVG of the whole ladder (serialised from the layout)
  t0 = performance.now();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=ladder-export-svg]')]);
  await download.path();
  const svg = ms(t0);
  await page.close();
  server.stop();
  return { collapsed, runRows, expanded, totalRows, domRows, jumpMedian: median(jumps).toFixed(1), keys, svg };
}

// ---------------------------------------------------------------- main

ensureBuild();
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`bench:renderer: ${CHROMIUM} is not installed\n`);
  process.exit(2);
}
const dataDir = join(ROOT, 'bench-data');
mkdirSync(dataDir, { recursive: true });
const listFile = join(dataDir, `renderer-${CONNECTIONS}-connections.pcap`);
const ladderFile = join(dataDir, `renderer-${EVENTS}-events.pcap`);
if (!existsSync(listFile)) manyConnections(listFile, CONNECTIONS);
if (!existsSync(ladderFile)) pingPong(ladderFile, EVENTS);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const list = await benchFlowList(browser, listFile);
  process.stdout.write(`flow list, ${CONNECTIONS.toLocaleString('en-US')} connections (Chromium, browser mode):\n`);
  process.stdout.write(`  analysis until "finished"                ${list.analysed} ms\n`);
  process.stdout.write(`  first rows drawn after that              ${list.firstRows} ms\n`);
  process.stdout.write(`  jump-scroll to a new position → rows     median ${list.jumpMedian} ms, max ${list.jumpMax} ms (20 jumps)\n`);
  process.stdout.write(`  smooth scroll, frame time                median ${list.smooth.median.toFixed(1)} ms, p95 ${list.smooth.p95.toFixed(1)} ms; ${list.smooth.domRows} rows in the DOM\n`);
  process.stdout.write(`  sort by "Bytes →" (in the worker)        ${list.sorted} ms\n`);
  process.stdout.write(`  filter "port:1024-1100 status:notls"     ${list.filtered} ms (${list.count})\n`);
  const ladder = await benchLadder(browser, ladderFile);
  process.stdout.write(`ladder, one connection of ${EVENTS.toLocaleString('en-US')} data events:\n`);
  process.stdout.write(`  select → ladder drawn (runs collapsed)   ${ladder.collapsed} ms (${ladder.runRows} rows)\n`);
  process.stdout.write(`  expand the run → drawn                   ${ladder.expanded} ms (${ladder.totalRows.toLocaleString('en-US')} rows laid out, ${ladder.domRows} in the DOM)\n`);
  process.stdout.write(`  jump-scroll → drawn                      median ${ladder.jumpMedian} ms (20 jumps)\n`);
  process.stdout.write(`  ↓ to the next arrow                      ${ladder.keys} ms per key\n`);
  process.stdout.write(`  Save SVG of the whole ladder             ${ladder.svg} ms\n`);
} finally {
  await browser.close();
}
