/**
 * A TCP proxy on 127.0.0.1 that records every byte each way with its time, as a capture on
 * the wire would see the TCP payloads. `closed` resolves once both of its sockets closed.
 */
import * as net from 'node:net';
import type { Chunk } from './feed';

const now = (): number => (performance.timeOrigin + performance.now()) / 1000;

export interface RecordingProxy {
  port: number;
  chunks: Chunk[];
  closed: Promise<void>;
  close(): Promise<void>;
}

export async function startRecordingProxy(serverPort: number): Promise<RecordingProxy> {
  const chunks: Chunk[] = [];
  let closedSockets = 0;
  let allClosed!: () => void;
  const closed = new Promise<void>((resolve) => (allClosed = resolve));
  const proxy = net.createServer((downstream) => {
    const upstream = net.connect(serverPort, '127.0.0.1');
    downstream.on('data', (b: Buffer) => {
      chunks.push({ dir: 'c2s', bytes: new Uint8Array(b), time: now() });
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      chunks.push({ dir: 's2c', bytes: new Uint8Array(b), time: now() });
      downstream.write(b);
    });
    downstream.on('end', () => upstream.end());
    upstream.on('end', () => downstream.end());
    downstream.on('error', () => upstream.destroy());
    upstream.on('error', () => downstream.destroy());
    for (const s of [downstream, upstream]) s.on('close', () => ++closedSockets === 2 && allClosed());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    chunks,
    closed,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
