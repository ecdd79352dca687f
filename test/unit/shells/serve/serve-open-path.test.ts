/**
 * Browser mode's "open capture by path" (issue 21 item 3): the page may open
 * the samples, the captures folder and recent files, nothing else; every
 * refusal is the same error (no way to tell missing, folder or not-a-capture
 * apart), and no error about a non-capture echoes its bytes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisWorkerPath } from '../../../../main/app/app-paths';
import { startServe, type RunningServer } from '../../../../main/shells/serve/serve';
import { createServices, disposeServices, type Services } from '../../../../main/app/services/index';
import { rawWebSocket, type WsTestClient } from '../../../support/raw-client';
import { SAMPLES_DIR } from '../../../support/paths';

const TOKEN = 'test-token-open-path-0123456789';
const SAMPLE = '02-tls12-rsa.pcapng';
let server: RunningServer;
let services: Services;
let client: WsTestClient;
let dir: string;
let nextId = 1;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tlslens-serve-open-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  for (const d of ['samples', 'captures', 'elsewhere', 'recent']) mkdirSync(join(dir, d));
  copyFileSync(join(SAMPLES_DIR, SAMPLE), join(dir, 'samples', SAMPLE));
  copyFileSync(join(SAMPLES_DIR, SAMPLE), join(dir, 'captures', 'lo-1.pcapng'));
  copyFileSync(join(SAMPLES_DIR, SAMPLE), join(dir, 'elsewhere', 'private.pcapng'));
  copyFileSync(join(SAMPLES_DIR, SAMPLE), join(dir, 'recent', 'opened-before.pcapng'));
  writeFileSync(join(dir, 'elsewhere', 'shadow'), 'root:$6$secret-hash:19000:0:99999:7:::\n');
  writeFileSync(join(dir, 'captures', 'notes.txt'), 'root:$6$secret-hash\n');
  // a link in an allowed folder to a file outside it
  symlinkSync(join(dir, 'elsewhere', 'private.pcapng'), join(dir, 'samples', 'link.pcapng'));
  services = createServices({ userDataDir: join(dir, 'user'), samplesDir: join(dir, 'samples'), workerPath: analysisWorkerPath(), captureDir: join(dir, 'captures') });
  services.recent.add(join(dir, 'recent', 'opened-before.pcapng'), 1);
  server = await startServe({ port: 0, rendererDir: renderer, services, token: TOKEN });
  const host = `127.0.0.1:${server.port}`;
  client = await rawWebSocket(server.port, `/ws?token=${TOKEN}`, { Host: host, Origin: `http://${host}` });
});

afterAll(async () => {
  client?.close();
  await server.close();
  await disposeServices(services);
});

async function open(path: string) {
  const id = nextId++;
  client.send(JSON.stringify({ id, op: 'openCapture', arg: { path } }));
  return (await client.reply(id)).result;
}

describe('browser mode: open capture by path', () => {
  it('refuses everything outside the allowed set with one and the same error', async () => {
    const refused = [
      '/etc/passwd',
      '/etc/shadow',
      '/etc',
      '/no/such/file.pcapng',
      join(dir, 'elsewhere', 'private.pcapng'),
      join(dir, 'elsewhere', 'shadow'),
      join(dir, 'samples', '..', 'elsewhere', 'private.pcapng'),
      join(dir, 'samples', 'link.pcapng'),
      join(dir, 'samples'),
      join(dir, 'captures'),
      join(dir, 'samples', 'missing.pcapng'),
    ];
    const answers = [];
    for (const path of refused) answers.push(await open(path));
    for (const [i, a] of answers.entries()) {
      expect(a.ok, refused[i]).toBe(false);
      expect(a.error, refused[i]).toEqual(answers[0].error);
    }
    expect(answers[0].error?.code).toBe('forbidden');
    expect(JSON.stringify(answers)).not.toContain('secret');
    expect(services.recent.list().map((r) => r.path)).toEqual([join(dir, 'recent', 'opened-before.pcapng')]);
  });

  it('opens a sample, a file in the captures folder and a recent file', async () => {
    for (const path of [join(dir, 'samples', SAMPLE), join(dir, 'captures', 'lo-1.pcapng'), join(dir, 'recent', 'opened-before.pcapng')]) {
      const r = await open(path);
      expect(r.ok, `${path}: ${JSON.stringify(r.error)}`).toBe(true);
    }
  });

  it('says a file in the captures folder is not a capture without echoing its bytes', async () => {
    const r = await open(join(dir, 'captures', 'notes.txt'));
    expect(r.error?.code).toBe('not-a-capture');
    expect(r.error?.message).not.toMatch(/72 6f 6f 74|root|secret/);
  });
});
