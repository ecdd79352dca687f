/**
 * A real TLS session between Node's own client and server (OpenSSL underneath), recorded
 * byte for byte by a TCP proxy in between, with the client's `keylog` events as the key
 * source: exactly what SSLKEYLOGFILE would have captured. What each side wrote is kept
 * so decryption can be checked against it.
 */

import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Chunk } from '../../helpers/feed';
import type { Anomaly } from '../../../../../../main/engine/types';
import { TlsConnectionAnalyzer } from '../../../../../../main/engine/tls/connection';
import { KeyStore } from '../../../../../../main/engine/tls/decrypt/key-store';
import type { TestCertificate } from '../../helpers/node-tls-session';
import { startRecordingProxy } from '../../helpers/recording-proxy';

export interface KeyedSessionOptions {
  server?: tls.TlsOptions;
  client?: Omit<tls.ConnectionOptions, 'host' | 'port'>;
  /** written by the client once connected; the server answers `response` when it has all of it, then ends */
  request: Buffer;
  response: Buffer;
  /** TLS 1.2: the server renegotiates (HelloRequest) once it has the request, then answers */
  renegotiate?: boolean;
}

export interface KeyedSession {
  chunks: Chunk[];
  /** NSS key log lines, as SSLKEYLOGFILE would hold them */
  keylog: string;
  protocol: string | null;
  cipher: string | null;
  /** what the server received and the client received: the plaintext truth */
  serverReceived: Buffer;
  clientReceived: Buffer;
}

export async function recordKeyedSession(cert: TestCertificate, opts: KeyedSessionOptions): Promise<KeyedSession> {
  const keylog: string[] = [];
  const serverParts: Buffer[] = [];
  const clientParts: Buffer[] = [];
  let protocol: string | null = null;
  let cipher: string | null = null;

  const server = tls.createServer({ key: cert.key, cert: cert.cert, ...opts.server }, (socket) => {
    let received = 0;
    socket.on('data', (d: Buffer) => {
      serverParts.push(d);
      received += d.length;
      if (received !== opts.request.length) return;
      if (opts.renegotiate) socket.renegotiate({}, () => socket.end(opts.response));
      else socket.end(opts.response);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serverPort = (server.address() as net.AddressInfo).port;

  const proxy = await startRecordingProxy(serverPort);
  const proxyPort = proxy.port;

  await new Promise<void>((resolve, reject) => {
    const client = tls.connect({ host: '127.0.0.1', port: proxyPort, ca: cert.cert, servername: cert.commonName, ...opts.client });
    client.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1')));
    client.on('secureConnect', () => {
      protocol = client.getProtocol();
      cipher = client.getCipher()?.standardName ?? null;
      client.write(opts.request);
    });
    client.on('data', (d: Buffer) => clientParts.push(d));
    client.on('end', () => client.end());
    client.on('error', reject);
    client.on('close', () => resolve());
  });
  await proxy.closed;
  await proxy.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { chunks: proxy.chunks, keylog: keylog.join(''), protocol, cipher, serverReceived: Buffer.concat(serverParts), clientReceived: Buffer.concat(clientParts) };
}

export interface Decryption {
  summary: NonNullable<ReturnType<TlsConnectionAnalyzer['summary']>>;
  anomalies: Anomaly[];
  /** every decrypted application-data byte per direction, in order */
  appData: { c2s: Buffer; s2c: Buffer };
  /** content types of everything decrypted, per direction */
  types: { c2s: number[]; s2c: number[] };
}

/** Feeds recorded chunks through a TlsConnectionAnalyzer that decrypts with `keylog`. */
/** `beforeChunk` runs before chunk i is fed (to add keys late). */
export function decryptChunks(chunks: readonly Chunk[], keylog: string, keys = new KeyStore(), beforeChunk?: (i: number) => void): Decryption {
  if (keylog) keys.addKeyLog(keylog, 'keylog');
  const anomalies: Anomaly[] = [];
  const parts = { c2s: [] as Buffer[], s2c: [] as Buffer[] };
  const types = { c2s: [] as number[], s2c: [] as number[] };
  const analyzer = new TlsConnectionAnalyzer({
    onAnomaly: (a) => anomalies.push(a),
    decryption: {
      keys,
      onPlaintext: (dir, type, plaintext) => {
        types[dir].push(type);
        if (type === 23) parts[dir].push(Buffer.from(plaintext));
      },
    },
  });
  const offsets = { c2s: 0, s2c: 0 };
  chunks.forEach((c, i) => {
    beforeChunk?.(i);
    const sink = c.dir === 'c2s' ? analyzer.client : analyzer.server;
    sink.data(c.bytes, offsets[c.dir], { frame: i + 1, time: c.time, fileOffset: 1000 * (i + 1) }, 54);
    offsets[c.dir] += c.bytes.length;
  });
  analyzer.client.end();
  analyzer.server.end();
  keys.close();
  return { summary: analyzer.summary()!, anomalies, appData: { c2s: Buffer.concat(parts.c2s), s2c: Buffer.concat(parts.s2c) }, types };
}
