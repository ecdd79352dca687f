import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../helpers/feed';
import { makeCertificate } from '../helpers/node-tls-session';
import { decryptChunks } from './helpers/keyed-session';

/**
 * TLS 1.3 KeyUpdate, which Node's API cannot trigger: OpenSSL's s_client and s_server send
 * one when a line on their stdin starts with "K" (update_requested: the peer answers with its
 * own before its next write) or "k". Lines of application data go both ways around them;
 * s_client writes the key log (-keylogfile). A proxy records the bytes, as for the Node sessions.
 */
const HAVE_OPENSSL = spawnSync('openssl', ['version']).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = (): number => (performance.timeOrigin + performance.now()) / 1000;

describe.skipIf(!HAVE_OPENSSL)('TLS 1.3 KeyUpdate (openssl s_client ↔ s_server)', () => {
  it('decrypts across a KeyUpdate in both directions, with the next traffic secrets derived, not logged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlslens-keyupdate-'));
    const cert = makeCertificate('keyupdate.test', 'ec');
    writeFileSync(join(dir, 'key.pem'), cert.key);
    writeFileSync(join(dir, 'cert.pem'), cert.cert);
    const chunks: Chunk[] = [];
    const server = spawn('openssl', ['s_server', '-accept', '0', '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-tls1_3', '-naccept', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ACCEPT .*:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        server.on('exit', () => reject(new Error(`s_server exited: ${out}`)));
      });
      const proxy = net.createServer((down) => {
        const up = net.connect(port, '127.0.0.1');
        down.on('data', (b: Buffer) => (chunks.push({ dir: 'c2s', bytes: new Uint8Array(b), time: now() }), up.write(b)));
        up.on('data', (b: Buffer) => (chunks.push({ dir: 's2c', bytes: new Uint8Array(b), time: now() }), down.write(b)));
        down.on('end', () => up.end());
        up.on('end', () => down.end());
        down.on('error', () => up.destroy());
        up.on('error', () => down.destroy());
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const keylogPath = join(dir, 'keys.log');
      const client = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`, '-tls1_3', '-keylogfile', keylogPath, '-quiet', '-no_ign_eof'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let printed = '';
      client.stdout.on('data', (d: Buffer) => (printed += d.toString()));
      client.stderr.on('data', (d: Buffer) => (printed += d.toString()));
      const exited = new Promise<void>((r) => client.on('close', () => r()));
      const script: Array<[NodeJS.WritableStream, string]> = [
        [client.stdin, 'hello\n'],
        [server.stdin, 'hi there\n'],
        [client.stdin, 'K\n'], // client KeyUpdate, update_requested
        [client.stdin, 'world\n'],
        [server.stdin, 'after\n'], // preceded by the server's answering KeyUpdate
        [server.stdin, 'k\n'], // server KeyUpdate, not requested
        [server.stdin, 'again\n'],
      ];
      await sleep(400);
      for (const [to, line] of script) {
        to.write(line);
        await sleep(200);
      }
      client.stdin.end();
      await exited;
      await sleep(100);
      proxy.close();

      expect(printed).toContain('again');
      expect(printed).toContain('KEYUPDATE');
      const d = decryptChunks(chunks, readFileSync(keylogPath, 'latin1'));
      expect(d.anomalies.filter((a) => a.code.startsWith('tls.decrypt'))).toEqual([]);
      expect(d.summary.decryption!.failedRecords).toBe(0);
      // application data on either side of every KeyUpdate: generations 0, 1 (and 2 for the server)
      expect(d.appData.c2s.toString()).toBe('hello\nworld\n');
      expect(d.appData.s2c.toString()).toBe('hi there\nafter\nagain\n');
      expect(d.summary.handshakeTypes.c2s).toEqual([1, 20, 24]);
      expect(d.summary.handshakeTypes.s2c.slice(-2)).toEqual([24, 24]);
      expect(d.summary.messages.filter((m) => m.type === 24 && m.kind === 'handshake').map((m) => [m.dir, m.decrypted, m.innerType])).toEqual([
        ['c2s', true, 22],
        ['s2c', true, 22],
        ['s2c', true, 22],
      ]);
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
