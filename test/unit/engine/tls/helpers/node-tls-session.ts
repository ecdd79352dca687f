/**
 * Real TLS bytes from real stacks: Node's tls server and client (OpenSSL) talk through a
 * small TCP proxy that records each direction's bytes with the chunk boundaries it saw,
 * in the order they arrived. What Node reports about the session is the truth to compare
 * the analyzer against.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { Chunk } from './feed';
import { startRecordingProxy } from './recording-proxy';

export interface TestCertificate {
  key: Buffer;
  cert: Buffer;
  /** SHA-256 of the DER, lowercase hex without colons */
  sha256: string;
  commonName: string;
}

/** A self-signed certificate for `commonName` made by the openssl CLI in a temp dir. */
export function makeCertificate(commonName: string, keyType: 'rsa' | 'ec' = 'rsa'): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-cert-'));
  try {
    const keyArgs = keyType === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
    execFileSync(
      'openssl',
      ['req', '-x509', ...keyArgs, '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '30', '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=DNS:${commonName}`],
      { stdio: 'pipe' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    const sha256 = new X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase();
    return { key: readFileSync(join(dir, 'key.pem')), cert, sha256, commonName };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SessionOptions {
  server?: tls.TlsOptions;
  client?: Omit<tls.ConnectionOptions, 'host' | 'port'>;
  /** the client writes this once connected; the server answers `response` and closes */
  request?: string;
  response?: string;
  /** keep an in-memory session-id cache on the server (resumption without tickets) */
  sessionIdCache?: Map<string, Buffer>;
}

export interface SessionResult {
  chunks: Chunk[];
  client: {
    protocol: string | null;
    cipher: string | null;
    alpn: string | false | null;
    reused: boolean;
    peerSha256: string | null;
    session: Buffer | null;
    error: string | null;
    received: string;
  };
  server: { servername: string | false | null; error: string | null };
}

/** Runs one client↔server exchange through the recording proxy and resolves once all sockets closed. */
export async function runSession(cert: TestCertificate, opts: SessionOptions = {}): Promise<SessionResult> {
  const result: SessionResult = {
    chunks: [],
    client: { protocol: null, cipher: null, alpn: null, reused: false, peerSha256: null, session: null, error: null, received: '' },
    server: { servername: null, error: null },
  };

  const server = tls.createServer({ key: cert.key, cert: cert.cert, ...opts.server }, (socket) => {
    result.server.servername = (socket as tls.TLSSocket & { servername?: string | false }).servername ?? null;
    socket.on('data', () => {
      socket.end(opts.response ?? 'HTTP/1.0 200 OK\r\n\r\nhello');
    });
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', (err) => {
    result.server.error = err.message;
  });
  if (opts.sessionIdCache) {
    const cache = opts.sessionIdCache;
    server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
      cache.set(id.toString('hex'), data);
      done();
    });
    server.on('resumeSession', (id: Buffer, done: (err: Error | null, data: Buffer | null) => void) => {
      done(null, cache.get(id.toString('hex')) ?? null);
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serverPort = (server.address() as net.AddressInfo).port;

  const proxy = await startRecordingProxy(serverPort);
  const proxyPort = proxy.port;
  result.chunks = proxy.chunks;

  await new Promise<void>((resolve) => {
    const client = tls.connect({ host: '127.0.0.1', port: proxyPort, ca: cert.cert, servername: cert.commonName, ...opts.client });
    client.on('session', (s: Buffer) => {
      result.client.session = s;
    });
    client.on('secureConnect', () => {
      result.client.protocol = client.getProtocol();
      result.client.cipher = client.getCipher()?.standardName ?? null;
      result.client.alpn = client.alpnProtocol ?? null;
      result.client.reused = client.isSessionReused();
      const peer = client.getPeerX509Certificate();
      result.client.peerSha256 = peer ? peer.fingerprint256.replace(/:/g, '').toLowerCase() : null;
      client.write(opts.request ?? 'GET / HTTP/1.0\r\n\r\n');
    });
    client.on('data', (d: Buffer) => {
      result.client.received += d.toString('latin1');
    });
    client.on('end', () => client.end());
    client.on('error', (e) => {
      result.client.error = (e as NodeJS.ErrnoException).code ?? e.message;
    });
    client.on('close', () => resolve());
  });
  await proxy.closed;
  await proxy.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return result;
}
