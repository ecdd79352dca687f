/**
 * Browser mode under hostile clients (issue 21 items 1 and 2, issue 24):
 * malformed request targets, frames a browser would never send, and a client
 * that never reads. The server must answer or drop that one client, and keep
 * answering the next good request.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisWorkerPath } from '../../../../main/app/app-paths';
import { startServe, type RunningServer } from '../../../../main/shells/serve/serve';
import { createServices, disposeServices, type Services } from '../../../../main/app/services/index';
import { encodeFrame, OPCODE } from '../../../support/ws-frames';
import { rawRequest, rawWebSocket } from '../../../support/raw-client';

const TOKEN = 'test-token-hostile-0123456789';
let server: RunningServer;
let services: Services;
let host: string;
let origin: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-serve-hostile-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  services = createServices({ userDataDir: join(dir, 'user'), samplesDir: join(dir, 'samples'), workerPath: analysisWorkerPath() });
  server = await startServe({ port: 0, rendererDir: renderer, services, token: TOKEN, webSocket: { heartbeatMs: 1000, maxPendingBytes: 1024 * 1024 } });
  host = `127.0.0.1:${server.port}`;
  origin = `http://${host}`;
});

afterAll(async () => {
  await server.close();
  await disposeServices(services);
});

/** the server is still up: the page with the token answers 200 */
async function stillServes(): Promise<void> {
  expect((await rawRequest(server.port, `/?token=${TOKEN}`, { Host: host })).status).toBe(200);
}

const ws = (path = `/ws?token=${TOKEN}`, headers: Record<string, string> = { Host: host, Origin: origin }) => rawWebSocket(server.port, path, headers);

describe('a malformed request target', () => {
  for (const target of ['//[', '//[?token=x', 'http://a:99999/', `http://evil.example/?token=${TOKEN}`, '*', '/%']) {
    it(`answers 400 or 403 to GET ${target} and keeps serving`, async () => {
      const r = await rawRequest(server.port, target, { Host: host });
      expect([400, 403, 404]).toContain(r.status);
      if (target.startsWith('//') || target.includes('99999')) expect(r.status).toBe(400);
      await stillServes();
    });
    it(`answers 400 or 403 to an upgrade to ${target} and keeps serving`, async () => {
      const c = await ws(target);
      expect([400, 403]).toContain(c.status);
      if (target.startsWith('//') || target.includes('99999')) expect(c.status).toBe(400);
      await stillServes();
    });
  }
});

describe('frames a browser never sends', () => {
  it('closes on an unmasked client frame (RFC 6455 §5.1) and keeps serving', async () => {
    const c = await ws();
    c.sendRaw(encodeFrame(OPCODE.text, Buffer.from('{"id":1,"op":"getAnalysisState"}'), { mask: false }));
    expect(await c.next()).toMatchObject({ type: 'close', code: 1002 });
    await stillServes();
  });

  it('closes on a message over 5 MiB before reading it whole', async () => {
    const c = await ws();
    // the header alone claims 6 MiB: ws refuses it from the length, without buffering
    c.sendRaw(encodeFrame(OPCODE.binary, Buffer.alloc(16), { declaredLength: 6 * 1024 * 1024 }));
    expect(await c.next()).toMatchObject({ type: 'close', code: 1009 });
    await stillServes();
  });

  it('joins a fragmented request and answers it', async () => {
    const c = await ws();
    const text = Buffer.from(JSON.stringify({ id: 7, op: 'getAnalysisState' }));
    c.sendRaw(encodeFrame(OPCODE.text, text.subarray(0, 5), { fin: false }));
    c.sendRaw(encodeFrame(OPCODE.ping, Buffer.from('mid')));
    c.sendRaw(encodeFrame(OPCODE.continuation, text.subarray(5), { fin: true }));
    expect(await c.reply(7)).toEqual({ id: 7, result: { ok: true, value: { status: 'idle' } } });
    c.close();
  });

  it('closes on a continuation with nothing to continue, and on fragments over 5 MiB', async () => {
    const a = await ws();
    a.sendRaw(encodeFrame(OPCODE.continuation, Buffer.from('x')));
    expect(await a.next()).toMatchObject({ type: 'close', code: 1002 });
    const b = await ws();
    const MiB = Buffer.alloc(1024 * 1024);
    b.sendRaw(encodeFrame(OPCODE.binary, MiB, { fin: false }));
    for (let i = 0; i < 5; i++) b.sendRaw(encodeFrame(OPCODE.continuation, MiB, { fin: false }));
    let m = await b.next();
    while (m.type === 'ping') m = await b.next();
    expect(m).toMatchObject({ type: 'close', code: 1009 });
    await stillServes();
  });

  it('closes on invalid UTF-8 in a text frame', async () => {
    const c = await ws();
    c.sendRaw(encodeFrame(OPCODE.text, Buffer.from([0xff, 0xfe, 0x7b])));
    expect(await c.next()).toMatchObject({ type: 'close', code: 1007 });
    await stillServes();
  });
});

/** Writes `frame` `count` times without reading anything back; resolves with how many went out before the server hung up. */
async function floodWithoutReading(frame: Buffer, count: number): Promise<{ sent: number; closed: boolean }> {
  const c = await ws();
  c.socket.pause();
  let closed = false;
  c.socket.on('close', () => (closed = true));
  c.socket.on('error', () => undefined);
  let sent = 0;
  const BATCH = 500;
  while (!closed && sent < count) {
    const drained = c.socket.write(Buffer.concat(Array.from({ length: BATCH }, () => frame)));
    sent += BATCH;
    if (!drained) await new Promise((r) => { c.socket.once('drain', r); c.socket.once('close', r); });
  }
  if (!closed) await new Promise((r) => { c.socket.once('close', r); setTimeout(r, 30_000); });
  return { sent, closed };
}

describe('a client that never reads', () => {
  it('is dropped once its unread replies pass the limit, and the server keeps serving', async () => {
    // each reply is ~60 bytes: 200,000 requests would queue ~12 MB for a client that reads none
    const request = encodeFrame(OPCODE.text, Buffer.from(JSON.stringify({ id: 1, op: 'getAnalysisState' })));
    const { sent, closed } = await floodWithoutReading(request, 200_000);
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(200_000);
    await stillServes();
  }, 180_000);

  it('is dropped when it floods pings it never reads the pongs of', async () => {
    const { sent, closed } = await floodWithoutReading(encodeFrame(OPCODE.ping, Buffer.alloc(125, 0x61)), 200_000);
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(200_000);
    await stillServes();
  }, 180_000);

  it('is dropped by the heartbeat when it stops answering pings', async () => {
    // our raw client answers nothing by itself
    const c = await ws();
    const closed = new Promise<void>((r) => c.socket.once('close', () => r()));
    let pings = 0;
    c.socket.on('data', (d: Buffer) => {
      if (d[0] === 0x89) pings++;
    });
    await closed;
    expect(pings).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

describe('a ping flood from a client that reads', () => {
  it('ends that client or answers it, and the next client is served', async () => {
    const c = await ws();
    const ping = encodeFrame(OPCODE.ping, Buffer.from('p'));
    c.sendRaw(Buffer.concat(Array.from({ length: 20_000 }, () => ping)));
    let pongs = 0;
    for (;;) {
      const m = await c.next();
      if (m.type === 'pong') pongs++;
      if (m.type === 'close' || pongs === 20_000) break;
    }
    c.close();
    const next = await ws();
    next.send(JSON.stringify({ id: 1, op: 'getAnalysisState' }));
    expect((await next.reply(1)).result.ok).toBe(true);
    next.close();
    await stillServes();
  }, 120_000);
});

it('keeps a slowloris upgrade from blocking others', async () => {
  const s = connect(server.port, '127.0.0.1');
  s.write(`GET /ws?token=${TOKEN} HTTP/1.1\r\nHost: ${host}\r\n`);
  await stillServes();
  s.destroy();
});
