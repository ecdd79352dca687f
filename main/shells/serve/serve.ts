/**
 * Browser mode (`tlslens serve`): the built renderer and the same API over a
 * WebSocket, on 127.0.0.1 only, guarded by a per-launch token and Host/Origin
 * checks. Must not import electron: it runs on plain Node.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CAPTURE_DOWNLOAD_PATH, WS_PATH } from '../../../contract/api';
import { createApiHandlers } from '../../app/api-handlers';
import { serveContentSecurityPolicy } from '../../app/security';
import { checkOrigin, checkRequest, cookieName } from './guard';
import { readStaticFile } from './static-files';
import { createBridge } from './ws-bridge';
import type { Services } from '../../app/services/index';
import { createWebSocketDoor, type WebSocketDoorOptions } from './websocket';

export interface ServeOptions {
  /** 0 picks a free port */
  port: number;
  rendererDir: string;
  services: Services;
  /** fixed token for tests; a random one otherwise */
  token?: string;
  /** heartbeat and backpressure limits (tests shorten them) */
  webSocket?: WebSocketDoorOptions;
}

export interface RunningServer {
  /** the address to open, with the token */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const handlers = createApiHandlers(options.services, { settingsInPage: true, restrictPagePaths: true });
  const sockets = new Set<Duplex>();
  let port = 0;

  const door = createWebSocketDoor(options.webSocket);

  // no request may take the server down: whatever a handler throws ends that request only
  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch {
      rejectUpgrade(socket, 500, 'Internal error');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function securityHeaders(res: ServerResponse): void {
    res.setHeader('Content-Security-Policy', serveContentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
  }

  function refuse(res: ServerResponse, status: number, text: string): void {
    securityHeaders(res);
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text + '\n');
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = checkRequest(req, { token, port });
    if (!verdict.ok && verdict.reason === 'target') return refuse(res, 400, 'Bad Request');
    if (!verdict.ok) return refuse(res, 403, verdict.reason === 'host' ? 'Forbidden: unexpected Host header' : 'Forbidden: open the address `tlslens serve` printed (it carries the access token)');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const path = verdict.path;
    if (path.startsWith(CAPTURE_DOWNLOAD_PATH)) return downloadCapture(req, res, path.slice(CAPTURE_DOWNLOAD_PATH.length));
    const file = await readStaticFile(options.rendererDir, path);
    if (!file) return refuse(res, 404, 'Not found');
    securityHeaders(res);
    if (verdict.tokenFromQuery) {
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /**
   * "Save capture as…" in a browser: the open live capture's pcapng (its whole
   * blocks so far) as a download. Same token and Host checks as the page.
   */
  async function downloadCapture(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    if (!/^[a-z0-9-]{1,64}$/.test(id)) return refuse(res, 404, 'Not found');
    let file: { path: string; bytes: number };
    try {
      file = await options.services.analysis.captureFile(id);
    } catch {
      return refuse(res, 404, 'Not found: that capture is no longer open');
    }
    const name = basename(file.path).replace(/[^A-Za-z0-9._-]/g, '_');
    securityHeaders(res);
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': file.bytes,
      'Content-Disposition': `attachment; filename="${name}"`,
    });
    if (req.method === 'HEAD' || file.bytes === 0) return void res.end();
    const stream = createReadStream(file.path, { start: 0, end: file.bytes - 1 });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** Our checks first (RFC 6455 §4.2.2 leaves who may connect to the server), then `ws` does the handshake. */
  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = checkRequest(req, { token, port });
    if (!verdict.ok && verdict.reason === 'target') return rejectUpgrade(socket, 400, 'Bad Request');
    if (!verdict.ok || !checkOrigin(req, verdict.host)) return rejectUpgrade(socket, 403, 'Forbidden');
    if (verdict.path !== WS_PATH) return rejectUpgrade(socket, 400, 'Bad Request');
    // ws answers a bad Sec-WebSocket-Key/Version with 400 itself
    door.accept(req, socket, head, (ws) => createBridge(() => ws, handlers, options.services));
  }

  function rejectUpgrade(socket: Duplex, status: number, text: string): void {
    if (socket.destroyed) return;
    socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\nConnection: close\r\n\r\n${text}\n`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        door.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
