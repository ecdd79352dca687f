// Building blocks of the sample traffic: a tiny HTTP/1.1 exchange over Node's tls (or plain net),
// key logging from Node's 'keylog' events, OpenSSL's s_client for clients that must send an alert,
// and what each endpoint saw (protocol, cipher, group, resumption, errors) for the descriptions.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

export const STEP_TIMEOUT_MS = 10_000;

export function request(path, host) {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: tlslens-samples/1\r\nAccept: text/plain\r\nConnection: close\r\n\r\n`;
}

export function response(body) {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Secrets of every connection of one sample, in SSLKEYLOGFILE format, each line once. */
export class KeyLog {
  lines = [];
  add(line) {
    const text = line.toString('latin1').trim();
    if (text && !this.lines.includes(text)) this.lines.push(text);
  }
  addFile(path) {
    if (existsSync(path)) for (const l of readFileSync(path, 'latin1').split('\n')) if (/^[A-Z0-9_]+ [0-9a-f]+ [0-9a-f]+$/i.test(l.trim())) this.add(l);
  }
  text() {
    return this.lines.join('\n') + (this.lines.length ? '\n' : '');
  }
}

export function withTimeout(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Reads one HTTP message head (+ Content-Length body) from a socket. */
function readHttpMessage(socket, wantBody) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = wantBody ? Number(/content-length: *(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0) : 0;
      if (buf.length - end - 4 < len) return;
      socket.off('data', onData);
      resolve(buf);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('end', () => resolve(buf));
  });
}

/**
 * A server that answers one request per connection with `body`. `close`: 'end' closes after the
 * response (Connection: close, as HTTP servers do); 'keep' leaves the connection to the client.
 */
export async function startServer({ host, port, plain = false, tlsOptions = {}, body, close = 'end', keylog, setup }) {
  const observed = { connections: [], clientErrors: [] };
  const onSocket = (socket) => {
    const seen = { closed: false };
    observed.connections.push(seen);
    socket.on('error', (err) => (seen.error = err.code ?? err.message));
    socket.on('close', () => (seen.closed = true));
    void readHttpMessage(socket, false).then((req) => {
      if (!req) return;
      seen.request = req;
      if (!plain) seen.peerCertificate = socket.getPeerCertificate()?.subject?.CN ?? null;
      if (close === 'end') socket.end(response(body));
      else socket.write(response(body));
    }, () => undefined);
  };
  const server = plain ? net.createServer(onSocket) : tls.createServer(tlsOptions, onSocket);
  if (!plain) {
    server.on('keylog', (line) => keylog.add(line));
    server.on('tlsClientError', (err) => observed.clientErrors.push(err.code ?? err.message));
  }
  setup?.(server);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, resolve);
  });
  return {
    observed,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    /** resolves once every connection the server accepted is closed */
    idle: () => withTimeout(new Promise((resolve) => {
      const check = () => (observed.connections.every((c) => c.closed) ? resolve() : setTimeout(check, 20));
      check();
    }), 'server connections closing'),
  };
}

/** What a TLS client socket negotiated, in the words the analysis uses. */
export function negotiated(socket) {
  const cipher = socket.getCipher();
  const protocol = socket.getProtocol();
  const version = { TLSv1: 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' }[protocol] ?? protocol;
  const eph = socket.getEphemeralKeyInfo?.() ?? {};
  const groupName = { X25519: 'x25519', X448: 'x448', prime256v1: 'secp256r1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' }[eph.name] ?? eph.name ?? null;
  const std = cipher.standardName ?? cipher.name;
  const keyExchange = version === 'TLS 1.3' ? 'TLS1.3-ECDHE' : std.startsWith('TLS_ECDHE_') ? 'ECDHE' : std.startsWith('TLS_DHE_') ? 'DHE' : std.startsWith('TLS_RSA_') ? 'RSA' : null;
  return { version, cipherSuite: std, keyExchange, group: keyExchange === 'RSA' ? null : groupName, resumed: socket.isSessionReused() };
}

/**
 * One client connection with Node's tls: handshake, one request, the whole response, then it
 * answers the server's close (or, with `reset`, aborts with a TCP RST once the response is in).
 */
export function tlsClient({ host, port, localAddress, servername, tlsOptions = {}, path, keylog, reset = false, onSession }) {
  return withTimeout(new Promise((resolve, reject) => {
    const raw = net.connect({ host, port, localAddress });
    const socket = tls.connect({ socket: raw, servername, ...tlsOptions });
    const result = { sessions: [] };
    socket.on('keylog', (line) => keylog.add(line));
    socket.on('session', (s) => {
      result.sessions.push(s);
      onSession?.(s);
    });
    socket.once('error', (err) => {
      result.error = err.code ?? err.message;
      raw.destroy();
    });
    socket.once('secureConnect', async () => {
      result.negotiated = negotiated(socket);
      result.ticket = socket.getTLSTicket?.() ?? null;
      const req = request(path, servername);
      result.request = req;
      socket.write(req);
      result.response = await readHttpMessage(socket, true).catch(() => '');
      if (reset) {
        // give late post-handshake messages (TLS 1.3 tickets) time to arrive and be read
        setTimeout(() => raw.resetAndDestroy(), 100);
      }
    });
    raw.once('close', () => resolve(result));
  }), `client ${localAddress} → ${host}:${port}`);
}

/** A plain TCP client doing the same request (the HTTP half of the HTTP/HTTPS sample). */
export function plainClient({ host, port, localAddress, path, hostHeader }) {
  return withTimeout(new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, localAddress });
    const result = {};
    socket.once('error', reject);
    socket.once('connect', async () => {
      result.request = request(path, hostHeader);
      socket.write(result.request);
      result.response = await readHttpMessage(socket, true);
    });
    socket.once('close', () => resolve(result));
  }), `client ${localAddress} → ${host}:${port}`);
}

/**
 * OpenSSL's s_client as the client: unlike Node (which checks the server's certificate after the
 * handshake and then just closes), it verifies during the handshake and sends the alert a browser
 * would. Returns its exit code and output.
 */
export function sClient({ host, port, bind, servername, caFile, keylogFile, args = [] }) {
  return withTimeout(new Promise((resolve, reject) => {
    const child = spawn('openssl', ['s_client', '-connect', `${host}:${port}`, '-bind', `${bind}:0`, '-servername', servername, '-CAfile', caFile, '-verify_return_error', '-keylogfile', keylogFile, '-no_ign_eof', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', (err) => reject(new Error(`openssl s_client: ${err.message}`)));
    child.stdin.end();
    child.once('exit', (code) => resolve({ code, output: out }));
  }), `openssl s_client → ${host}:${port}`);
}

/** 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' → 'unknown_ca' (the alert the peer received). */
export function alertFromError(code) {
  const m = /ALERT_([A-Z_]+)$/.exec(code ?? '');
  if (!m) return null;
  const name = m[1].toLowerCase();
  return { unsupported_protocol: 'protocol_version', protocol_version: 'protocol_version' }[name] ?? name;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
