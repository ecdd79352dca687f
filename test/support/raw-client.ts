/**
 * Raw HTTP and WebSocket requests for the browser-mode tests: every header is
 * ours to set (Host, Origin, Cookie), which fetch() would not allow.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameReader, OPCODE, type Message } from './ws-frames';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseHead(text: string): { status: number; headers: Record<string, string> } {
  const [statusLine, ...lines] = text.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers };
}

/** One HTTP/1.1 request with exactly these headers; resolves when the server closes or the body is complete. */
export function rawRequest(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('error', reject);
    socket.on('data', (d) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = parseHead(all.subarray(0, end).toString('latin1'));
      const length = Number(head.headers['content-length'] ?? NaN);
      if (!Number.isNaN(length) && all.length >= end + 4 + length) {
        socket.destroy();
        resolve({ ...head, body: all.subarray(end + 4, end + 4 + length).toString('utf8') });
      }
    });
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error('no response'));
      resolve({ ...parseHead(all.subarray(0, end).toString('latin1')), body: all.subarray(end + 4).toString('utf8') });
    });
    const lines = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
    socket.write(lines.join('\r\n'));
  });
}

export interface WsTestClient {
  status: number;
  socket: Socket;
  send(text: string): void;
  sendBinary(data: Uint8Array): void;
  /** bytes as they are: any frame, well-formed or not */
  sendRaw(bytes: Uint8Array): void;
  /** the next message from the server (skipping none) */
  next(): Promise<Message>;
  /** the next text message that parses to an object with this `id` */
  reply(id: number): Promise<{ id: number; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }>;
  close(): void;
}

/** A WebSocket upgrade with these headers. status is 101 when accepted. */
export function rawWebSocket(port: number, path: string, headers: Record<string, string>): Promise<WsTestClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const decoder = new FrameReader();
    const queue: Message[] = [];
    const waiters: Array<(m: Message) => void> = [];
    let head = Buffer.alloc(0);
    let upgraded = false;
    const deliver = (m: Message) => {
      const w = waiters.shift();
      if (w) w(m);
      else queue.push(m);
    };
    const next = () => new Promise<Message>((r) => (queue.length ? r(queue.shift()!) : waiters.push(r)));
    const client = (status: number): WsTestClient => ({
      status,
      socket,
      send: (text) => socket.write(encodeFrame(OPCODE.text, Buffer.from(text), { mask: true })),
      sendBinary: (data) => socket.write(encodeFrame(OPCODE.binary, data, { mask: true })),
      sendRaw: (bytes) => socket.write(bytes),
      next,
      async reply(id) {
        for (;;) {
          const m = await next();
          if (m.type === 'close') throw new Error(`socket closed (${m.code} ${m.reason}) while waiting for reply ${id}`);
          if (m.type !== 'text') continue;
          const parsed = JSON.parse(m.data);
          if (parsed.id === id) return parsed;
        }
      },
      close: () => socket.destroy(),
    });
    socket.on('error', reject);
    socket.on('data', (d) => {
      if (upgraded) {
        for (const m of decoder.push(d)) deliver(m);
        return;
      }
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const { status } = parseHead(head.subarray(0, end).toString('latin1'));
      const rest = head.subarray(end + 4);
      if (status === 101) {
        upgraded = true;
        if (rest.length) for (const m of decoder.push(rest)) deliver(m);
      } else {
        socket.destroy();
      }
      resolve(client(status));
    });
    socket.on('close', () => deliver({ type: 'close', code: null, reason: 'socket closed' }));
    const key = randomBytes(16).toString('base64');
    const all = { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, ...headers };
    const lines = [`GET ${path} HTTP/1.1`, ...Object.entries(all).map(([k, v]) => `${k}: ${v}`), '', ''];
    socket.write(lines.join('\r\n'));
  });
}
