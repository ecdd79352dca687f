/**
 * Real TLS connections on 127.0.0.1 for live-capture tests: Node's tls server
 * and client, on ports inside a known range (the capture filter's), with what
 * Node itself reports about each session as the truth.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { TestCertificate } from '../../engine/tls/helpers/node-tls-session';

export interface TlsRun {
  clientPort: number;
  serverPort: number;
  /** socket.getProtocol() on the client: "TLSv1.2", "TLSv1.3"; null when the handshake failed */
  protocol: string | null;
  /** getCipher().standardName (IANA name) */
  cipher: string | null;
  clientError: string | null;
  serverError: string | null;
  received: string;
}

export interface TlsServer {
  port: number;
  lastError: string | null;
  close(): Promise<void>;
}

/** Listens on `port`; answers "pong" to the first data and closes (FIN). */
export function startServer(cert: TestCertificate, port: number, options: tls.TlsOptions = {}): Promise<TlsServer> {
  return new Promise((resolve, reject) => {
    const state: TlsServer = {
      port,
      lastError: null,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
    const server = tls.createServer({ key: cert.key, cert: cert.cert, ...options }, (socket) => {
      socket.on('data', () => socket.end('pong'));
      socket.on('error', () => undefined);
    });
    server.on('tlsClientError', (err) => {
      state.lastError = (err as NodeJS.ErrnoException).code ?? err.message;
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(state));
  });
}

/** One client connection: handshake, "ping", read the answer, close. Resolves when the socket closed. */
export function runClient(cert: TestCertificate, server: TlsServer, options: tls.ConnectionOptions = {}): Promise<TlsRun> {
  return new Promise((resolve) => {
    const run: TlsRun = { clientPort: 0, serverPort: server.port, protocol: null, cipher: null, clientError: null, serverError: null, received: '' };
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: cert.cert, servername: cert.commonName, ...options });
    const raw = (socket as unknown as { _parent?: net.Socket })._parent;
    socket.on('connect', () => {
      run.clientPort = socket.localPort ?? raw?.localPort ?? 0;
    });
    socket.on('secureConnect', () => {
      run.clientPort ||= socket.localPort ?? 0;
      run.protocol = socket.getProtocol();
      run.cipher = socket.getCipher().standardName;
      socket.write('ping');
    });
    socket.on('data', (d: Buffer) => {
      run.received += d.toString();
    });
    socket.on('end', () => socket.end());
    socket.on('error', (err: NodeJS.ErrnoException) => {
      run.clientError = err.code ?? err.message;
    });
    socket.on('close', () => {
      run.serverError = server.lastError;
      resolve(run);
    });
  });
}

/** A port range whose ports are all free right now (the capture filter covers exactly it). */
export async function freePortRange(size: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const probes: net.Server[] = [];
    let ok = true;
    for (let p = base; p < base + size && ok; p++) {
      const s = net.createServer();
      ok = await new Promise<boolean>((r) => {
        s.once('error', () => r(false));
        s.listen(p, '127.0.0.1', () => r(true));
      });
      if (ok) probes.push(s);
    }
    await Promise.all(probes.map((s) => new Promise((r) => s.close(r))));
    if (ok) return base;
  }
  throw new Error('no free port range on 127.0.0.1');
}
