/**
 * Browser mode's gate, tested with raw requests against an in-process server
 * on port 0: token, Host and Origin, for HTTP and for the WebSocket.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisWorkerPath } from '../../../../main/app/app-paths';
import { startServe, type RunningServer } from '../../../../main/shells/serve/serve';
import { cookieName } from '../../../../main/shells/serve/guard';
import { createServices, disposeServices, type Services } from '../../../../main/app/services/index';
import { rawRequest, rawWebSocket } from '../../../support/raw-client';

const TOKEN = 'test-token-0123456789abcdef';
let server: RunningServer;
let services: Services;
let host: string;
let origin: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-serve-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  services = createServices({ userDataDir: join(dir, 'user'), samplesDir: join(dir, 'samples'), workerPath: analysisWorkerPath() });
  server = await startServe({ port: 0, rendererDir: renderer, services, token: TOKEN });
  host = `127.0.0.1:${server.port}`;
  origin = `http://${host}`;
});

afterAll(async () => {
  await server.close();
  await disposeServices(services);
});

describe('browser mode HTTP', () => {
  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('serves the page with the token, with CSP and a cookie for the assets', async () => {
    const r = await rawRequest(server.port, `/?token=${TOKEN}`, { Host: host });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>t</title>');
    expect(r.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(r.headers['set-cookie']).toContain(`${cookieName(server.port)}=${TOKEN}`);
    expect(r.headers['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await rawRequest(server.port, '/assets/app.js', { Host: host, Cookie: `${cookieName(server.port)}=${TOKEN}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses a request without the token', async () => {
    expect((await rawRequest(server.port, '/', { Host: host })).status).toBe(403);
    expect((await rawRequest(server.port, '/assets/app.js', { Host: host })).status).toBe(403);
  });

  it('refuses a wrong token, in the URL or the cookie', async () => {
    expect((await rawRequest(server.port, '/?token=wrong', { Host: host })).status).toBe(403);
    expect((await rawRequest(server.port, `/?token=${TOKEN}x`, { Host: host })).status).toBe(403);
    expect((await rawRequest(server.port, '/', { Host: host, Cookie: `${cookieName(server.port)}=nope` })).status).toBe(403);
  });

  it('refuses a wrong Host even with the right token (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${server.port}`, `127.0.0.1:${server.port + 1}`, `127.0.0.1.evil.example:${server.port}`]) {
      expect((await rawRequest(server.port, `/?token=${TOKEN}`, { Host: h })).status).toBe(403);
    }
    expect((await rawRequest(server.port, `/?token=${TOKEN}`, { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves nothing outside the renderer folder and only GET/HEAD', async () => {
    const cookie = { Host: host, Cookie: `${cookieName(server.port)}=${TOKEN}` };
    expect((await rawRequest(server.port, '/../secret.txt', cookie)).status).toBe(404);
    expect((await rawRequest(server.port, '/%2e%2e/secret.txt', cookie)).status).toBe(404);
    expect((await rawRequest(server.port, '/', cookie, 'POST')).status).toBe(405);
  });
});

describe('browser mode WebSocket', () => {
  const ws = (headers: Record<string, string>, path = `/ws?token=${TOKEN}`) => rawWebSocket(server.port, path, headers);

  it('accepts the right token, Host and Origin, and answers requests', async () => {
    const c = await ws({ Host: host, Origin: origin });
    expect(c.status).toBe(101);
    c.send(JSON.stringify({ id: 1, op: 'getAnalysisState' }));
    expect(await c.reply(1)).toEqual({ id: 1, result: { ok: true, value: { status: 'idle' } } });
    c.send(JSON.stringify({ id: 2, op: 'openCapture', arg: { path: 'relative.pcap' } }));
    expect((await c.reply(2)).result.error?.code).toBe('invalid-argument');
    c.send(JSON.stringify({ id: 3, op: 'showOpenDialog' }));
    expect((await c.reply(3)).result.error?.code).toBe('unsupported');
    c.close();
  });

  it('accepts the cookie instead of the URL token', async () => {
    const c = await ws({ Host: host, Origin: origin, Cookie: `${cookieName(server.port)}=${TOKEN}` }, '/ws');
    expect(c.status).toBe(101);
    c.close();
  });

  it('refuses a missing or wrong token', async () => {
    expect((await ws({ Host: host, Origin: origin }, '/ws')).status).toBe(403);
    expect((await ws({ Host: host, Origin: origin }, '/ws?token=wrong')).status).toBe(403);
  });

  it('refuses a wrong Host', async () => {
    expect((await ws({ Host: `evil.example:${server.port}`, Origin: origin })).status).toBe(403);
  });

  it('refuses a wrong or missing Origin', async () => {
    expect((await ws({ Host: host, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await ws({ Host: host, Origin: `http://localhost:${server.port}` })).status).toBe(403);
    expect((await ws({ Host: host, Origin: 'null' })).status).toBe(403);
    expect((await ws({ Host: host })).status).toBe(403);
  });

  it('closes the socket on a malformed request', async () => {
    const c = await ws({ Host: host, Origin: origin });
    c.send('not json');
    const m = await c.next();
    expect(m).toMatchObject({ type: 'close', code: 1003 });
  });

  it('uploads a file in binary chunks and analyses it', async () => {
    const c = await ws({ Host: host, Origin: origin });
    const bytes = new TextEncoder().encode('this is not a capture at all');
    c.send(JSON.stringify({ id: 1, op: 'uploadBegin', arg: { name: '../../evil name.pcap', size: bytes.length } }));
    const begun = await c.reply(1);
    expect(begun.result.ok).toBe(true);
    const uploadId = (begun.result.value as { uploadId: string }).uploadId;
    const header = new TextEncoder().encode(JSON.stringify({ id: 2, op: 'uploadChunk', uploadId, offset: 0 }));
    const frame = new Uint8Array(4 + header.length + bytes.length);
    new DataView(frame.buffer).setUint32(0, header.length);
    frame.set(header, 4);
    frame.set(bytes, 4 + header.length);
    c.sendBinary(frame);
    expect((await c.reply(2)).result).toEqual({ ok: true, value: { received: bytes.length } });
    c.send(JSON.stringify({ id: 3, op: 'uploadFinish', arg: { uploadId } }));
    const finished = await c.reply(3);
    // the upload arrived whole; it is simply not a capture, and the error names the user's file, not a temp path
    expect(finished.result.error?.code).toBe('not-a-capture');
    expect(finished.result.error?.message).toContain('evil name.pcap');
    expect(finished.result.error?.message).not.toContain('tlslens-upload-');
    c.close();
  });
});
