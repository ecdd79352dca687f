import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../main/engine/index';
import type { KeySchedule } from '../../contract/report/tls-summary';
import { CORPUS_AVAILABLE, CORPUS_DIR, keylogFor, listCorpus } from './corpus';
import { makeCertificate } from '../unit/engine/tls/helpers/node-tls-session';
import { recordKeyedSession } from '../unit/engine/tls/decrypt/helpers/keyed-session';
import { TcpFlow, flowToPcap } from '../fixtures/builders/tcp-flow';

/**
 * Issue 19: the key schedule shown must be tshark's own. tshark's TLS debug log
 * (`-o tls.debug_file:F`) prints, per session, the master secret, the key expansion and the
 * write keys / IVs (TLS ≤1.2), or each traffic secret's write key and IV (TLS 1.3); every
 * value we derive must be among them, and every session tshark derived keys for must be one
 * of ours. `-z follow,tls,ascii` gives the plaintext, whose first bytes must be ours. The
 * Finished check (verify_data recomputed from the keys and transcript) must pass on every
 * connection with keys. tshark 4.0.17 is the truth; it is installed by `npm test`.
 */
const HAVE_TSHARK = spawnSync('tshark', ['-v']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'tlslens-keyschedule-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Capture {
  name: string;
  path: string;
  keylog?: string;
  rsaKey?: string;
}

const samplesDir = join(__dirname, '..', '..', 'samples');
const samples: Capture[] = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.pcapng') && existsSync(join(samplesDir, f.replace(/\.pcapng$/, '.keys'))))
  // DTLS: the engine decrypts its records, but its key schedule is not yet shown (tls.decryption is
  // null for QUIC and DTLS, issue 23), so tshark's DTLS key expansion has nothing to be compared with
  .filter((f) => !readFileSync(join(samplesDir, f.replace(/\.pcapng$/, '.json')), 'utf8').includes('"transport": "dtls"'))
  .map((f) => ({ name: `samples/${f}`, path: join(samplesDir, f), keylog: join(samplesDir, f.replace(/\.pcapng$/, '.keys')) }));
const corpus: Capture[] = listCorpus()
  .filter((e) => keylogFor(e.name) || (e.truth.file_info as { embedded_decryption_secrets?: number }).embedded_decryption_secrets)
  .map((e) => ({ name: e.name, path: e.capture, keylog: keylogFor(e.name) }));

/** label → every value tshark's debug log printed under it ("master secret[48]:" then hex-dump lines) */
function tsharkDebugValues(c: Capture): Map<string, Set<string>> {
  const out = join(work, 'debug.txt');
  rmSync(out, { force: true });
  const args = ['-r', c.path, '-o', `tls.debug_file:${out}`, '-V'];
  if (c.keylog) args.push('-o', `tls.keylog_file:${c.keylog}`);
  if (c.rsaKey) args.push('-o', `uat:rsa_keys:"${c.rsaKey}",""`);
  spawnSync('tshark', args, { stdio: 'ignore', maxBuffer: 1 << 30 });
  const values = new Map<string, Set<string>>();
  let label: string | null = null;
  let hex = '';
  const flush = () => {
    if (label && hex) (values.get(label) ?? values.set(label, new Set()).get(label)!).add(hex);
    label = null;
    hex = '';
  };
  for (const line of (existsSync(out) ? readFileSync(out, 'latin1') : '').split('\n')) {
    const head = /^([A-Za-z(][A-Za-z ()\-]*)\[\d+\]:$/.exec(line);
    if (head) {
      flush();
      // a master secret from the key log is printed as "(pre-)master secret", derived ones as "master secret"
      label = head[1].toLowerCase().replace(/^(stored )?\(pre-\)master secret$/, 'master secret');
    } else if (label && line.startsWith('| ')) hex += line.slice(2, 50).replace(/ /g, '');
    else flush();
  }
  flush();
  return values;
}

/** Our values per session, under tshark's labels. */
function ourValues(ks: KeySchedule): Array<[string, string]> {
  const v: Array<[string, string]> = [];
  if (ks.tls12) {
    const t = ks.tls12;
    v.push(['master secret', t.masterSecret.hex], ['key expansion', t.keyBlock.hex]);
    if (t.client.writeKey) v.push(['client write key', t.client.writeKey.hex], ['server write key', t.server.writeKey!.hex]);
    if (t.client.iv) v.push(['client write iv', t.client.iv.hex], ['server write iv', t.server.iv!.hex]);
    if (t.client.macKey) v.push(['client mac key', t.client.macKey.hex], ['server mac key', t.server.macKey!.hex]);
  }
  if (ks.tls13) {
    for (const [who, keys] of [['client', [ks.tls13.clientHandshake, ...ks.tls13.clientApplication]], ['server', [ks.tls13.serverHandshake, ...ks.tls13.serverApplication]]] as const) {
      for (const k of keys) if (k) v.push([`${who} write key`, k.key.hex], [`${who} write iv`, k.iv.hex]);
    }
  }
  return v;
}

/**
 * tshark's first client-to-server plaintext line of TCP stream `stream` (follow,tls,ascii:
 * non-printables as '.'). tshark 4.0 names Node 0 by the first decrypted data's sender and
 * leaves Node 1 blank (":0"); Node 1's chunks are indented with a tab.
 */
function tsharkFirstPlaintext(c: Capture, stream: number, client: string): string | null {
  const args = ['-r', c.path, '-q', '-z', `follow,tls,ascii,${stream}`];
  if (c.keylog) args.push('-o', `tls.keylog_file:${c.keylog}`);
  if (c.rsaKey) args.push('-o', `uat:rsa_keys:"${c.rsaKey}",""`);
  const r = spawnSync('tshark', args, { encoding: 'latin1', maxBuffer: 1 << 30 });
  const lines = r.stdout.split('\n');
  const node0 = lines.find((l) => l.startsWith('Node 0: '))?.slice(8);
  const clientIndented = node0 !== client;
  const at = lines.findIndex((l) => (clientIndented ? /^\t\d+$/ : /^\d+$/).test(l));
  return at >= 0 ? (lines[at + 1] ?? '').replace(/^\t/, '') : null;
}

function unescapeFirst(s: string): string {
  return s.replace(/\\x([0-9a-f]{2})|\\(.)/g, (_, h, c) => (h ? String.fromCharCode(parseInt(h, 16)) : c === 'r' ? '\r' : c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

const asAscii = (s: string): string => s.replace(/[^\x20-\x7e]/g, '.');

interface Tally {
  sessions: number;
  equal: number;
  finishedChecked: number;
  finishedOk: number;
  plaintextCompared: number;
  plaintextEqual: number;
}
const tally: Tally = { sessions: 0, equal: 0, finishedChecked: 0, finishedOk: 0, plaintextCompared: 0, plaintextEqual: 0 };

async function compare(c: Capture): Promise<string[]> {
  const failures: string[] = [];
  const truth = tsharkDebugValues(c);
  const { report } = await analyzeCapture(c.path, { keylogPath: c.keylog, rsaKeyPaths: c.rsaKey ? [c.rsaKey] : undefined });
  const ours = new Set<string>();
  let plaintextDone = false;
  for (const conn of report.connections) {
    const first = conn.tls?.decryption?.keySchedule;
    if (!first) continue;
    for (const ks of [first, ...(conn.tls!.decryption!.renegotiatedKeySchedules ?? [])]) {
    tally.sessions++;
    const values = ourValues(ks);
    // tshark expands more key block than the suite uses (104 bytes for AES-128-GCM): ours is its prefix
    const missing = values.filter(([label, hex]) => !(label === 'key expansion' ? [...(truth.get(label) ?? [])].some((t) => t.startsWith(hex)) : truth.get(label)?.has(hex)));
    if (missing.length === 0) tally.equal++;
    else failures.push(`connection ${conn.id}: ${missing.map(([l, h]) => `${l} ${h.slice(0, 16)}…`).join(', ')} not in tshark's debug log`);
    for (const [, hex] of values) ours.add(hex);
    for (const dir of ['c2s', 's2c'] as const) {
      const f = ks.finished[dir];
      if (!f) continue;
      tally.finishedChecked++;
      if (f.ok) tally.finishedOk++;
      else failures.push(`connection ${conn.id} ${dir} Finished ✗: computed ${f.computed}, decrypted ${f.decrypted}`);
    }
    }
    const firstBytes = conn.tls!.decryption!.firstAppData.c2s;
    if (firstBytes && !plaintextDone) {
      // one connection per capture: tshark's follow runs the whole dissection again
      plaintextDone = true;
      tally.plaintextCompared++;
      const theirs = tsharkFirstPlaintext(c, conn.id, conn.client);
      const mine = asAscii(unescapeFirst(firstBytes).split('\n')[0].replace(/\r$/, '')).slice(0, 16);
      if (theirs !== null && theirs.replace(/\r$/, '').startsWith(mine.slice(0, Math.min(mine.length, theirs.length)))) tally.plaintextEqual++;
      else failures.push(`connection ${conn.id}: first plaintext ours ${JSON.stringify(mine)} tshark ${JSON.stringify(theirs?.slice(0, 16))}`);
    }
  }
  // every session tshark derived keys for is one of ours; DTLS (over UDP) is not decrypted by TLS Lens yet
  if (!c.name.includes('DTLS')) for (const block of truth.get('key expansion') ?? []) if (![...ours].some((o) => block.startsWith(o) && o.length >= 16)) failures.push(`tshark's key expansion ${block.slice(0, 16)}… is not one of ours`);
  return failures;
}

describe.skipIf(!HAVE_TSHARK)('key schedule agrees with tshark 4.0 (debug log, follow)', () => {
  for (const c of [...samples, ...(CORPUS_AVAILABLE ? corpus : [])]) {
    it(c.name, async () => {
      expect(await compare(c)).toEqual([]);
    }, 120_000);
  }

  it('a TLS 1.2 RSA key exchange of our own, decrypted with the server key by us and by tshark (uat:rsa_keys)', async () => {
    const cert = makeCertificate('rsa-uat.test');
    const keyPath = join(work, 'server.key');
    writeFileSync(keyPath, cert.key);
    const s = await recordKeyedSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { ciphers: 'AES256-SHA256' }, request: Buffer.from('GET /uat HTTP/1.1\r\n\r\n'), response: Buffer.from('HTTP/1.1 204 No Content\r\n\r\n') });
    const flow = new TcpFlow({ step: 0.001 });
    const frames = [...flow.handshake()];
    for (const chunk of s.chunks) {
      const from = chunk.dir === 'c2s' ? 'client' : 'server';
      for (let at = 0; at < chunk.bytes.length; at += 1400) frames.push(flow.send(from, chunk.bytes.subarray(at, at + 1400)));
    }
    frames.push(flow.fin('client'), flow.fin('server'), flow.ack('client'));
    const path = join(work, 'rsa-uat.pcap');
    writeFileSync(path, flowToPcap(frames).bytes);
    const failures = await compare({ name: 'rsa-uat', path, rsaKey: keyPath });
    expect(failures).toEqual([]);
    const { report } = await analyzeCapture(path, { rsaKeyPaths: [keyPath] });
    expect(report.connections[0].tls!.decryption!.keySchedule!.tls12!.preMaster).toMatchObject({ kind: 'rsa', decrypted: { source: { kind: 'rsa-key' } } });
  }, 60_000);

  it('tally', () => {
    // printed for the record (commit bodies and reports quote it)
    process.stdout.write(`key schedule vs tshark: ${tally.equal}/${tally.sessions} sessions equal; Finished ✓ ${tally.finishedOk}/${tally.finishedChecked}; first plaintext ${tally.plaintextEqual}/${tally.plaintextCompared}\n`);
    expect(tally.sessions).toBeGreaterThan(0);
  });
});

void CORPUS_DIR;
