/**
 * Golden tier: tshark as independent truth for each sample (where it is installed): the same
 * connections (endpoints), and per connection the negotiated version and cipher suite, the
 * handshake message types per direction (decrypted with the sample's key log, as tshark lists
 * them) and the alert descriptions, against the engine's report of the same file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSample, listSamples } from './support/samples';

const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p)) ?? null;
const FIELDS = ['tcp.stream', 'ip.src', 'tcp.srcport', 'ip.dst', 'tcp.dstport', 'tcp.flags.syn', 'tcp.flags.ack', 'tls.handshake.type', 'tls.handshake.version', 'tls.handshake.extensions.supported_version', 'tls.handshake.ciphersuite', 'tls.alert_message.desc'];

interface Truth {
  client: string;
  server: string;
  version: number | null;
  cipher: number | null;
  types: { c2s: number[]; s2c: number[] };
  alerts: { c2s: number[]; s2c: number[] };
}

function tsharkTruth(capture: string, keylog: string | undefined): Truth[] {
  const r = spawnSync(TSHARK!, ['-r', capture, '-n', ...(keylog ? ['-o', `tls.keylog_file:${keylog}`] : []), '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=,', ...FIELDS.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  const streams = new Map<number, Truth>();
  const nums = (s: string): number[] => (s ? s.split(',').map((x) => Number(x)) : []);
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [stream, src, sport, dst, dport, syn, ack, types, hsVersion, supVersion, cipher, alerts] = line.split('\t');
    let t = streams.get(Number(stream));
    if (!t) {
      // the first packet is the client's SYN (every sample captures whole connections)
      if (syn !== '1' || ack === '1') throw new Error(`stream ${stream} does not start with a SYN`);
      t = { client: `${src}:${sport}`, server: `${dst}:${dport}`, version: null, cipher: null, types: { c2s: [], s2c: [] }, alerts: { c2s: [], s2c: [] } };
      streams.set(Number(stream), t);
    }
    const dir = `${src}:${sport}` === t.client ? 'c2s' : 's2c';
    const typeList = nums(types);
    t.types[dir].push(...typeList);
    t.alerts[dir].push(...nums(alerts));
    // the ServerHello (the last one, after a HelloRetryRequest) names the version and the suite
    if (dir === 's2c' && typeList.includes(2)) {
      t.version = Number(supVersion.split(',').pop() || hsVersion.split(',')[0]);
      t.cipher = Number(cipher.split(',')[0]);
    }
  }
  return [...streams.keys()].sort((a, b) => a - b).map((k) => streams.get(k)!);
}

// QUIC and DTLS samples have their own tshark checks (tshark-udp.test.ts): these fields are TCP's
const samples = listSamples().filter((s) => s.json.expect.connections.every((c) => !c.transport));

describe.skipIf(TSHARK === null)(`samples against tshark${TSHARK ? '' : ' (skipped: tshark is not installed)'}`, () => {
  for (const sample of samples) {
    it(`${sample.name}: connections, versions, suites, handshake types and alerts agree with tshark`, async () => {
      const truth = tsharkTruth(sample.capturePath, sample.keylogPath);
      const report = await analyzeSample(sample);
      expect(report.connections.map((c) => [c.client, c.server])).toEqual(truth.map((t) => [t.client, t.server]));
      truth.forEach((t, i) => {
        const tls = report.connections[i].tls;
        if (t.types.c2s.length === 0 && t.types.s2c.length === 0) {
          expect(tls, `connection ${i}`).toBeNull();
          return;
        }
        expect(tls, `connection ${i}`).not.toBeNull();
        expect(tls!.version === null ? null : parseInt(tls!.version, 16), `connection ${i} version`).toBe(t.version);
        expect(tls!.cipherSuite === null ? null : parseInt(tls!.cipherSuite, 16), `connection ${i} cipher suite`).toBe(t.cipher);
        expect(tls!.handshakeTypes, `connection ${i} handshake types`).toEqual(t.types);
        expect({ c2s: tls!.alerts.filter((a) => a.dir === 'c2s').map((a) => a.description), s2c: tls!.alerts.filter((a) => a.dir === 's2c').map((a) => a.description) }, `connection ${i} alerts`).toEqual(t.alerts);
      });
    });
  }

  // RSA key exchange (RFC 5246 §7.4.7.1): the server's private key alone decrypts the recording
  for (const sample of samples.filter((s) => s.serverKeyPath)) {
    it(`${sample.name}: with only the shipped lab server key (no key log), tshark reads the request and the response`, () => {
      const follow = (uat: string[]) => spawnSync(TSHARK!, ['-r', sample.capturePath, '-n', ...uat, '-q', '-z', 'follow,tls,ascii,0'], { encoding: 'utf8' }).stdout;
      const e = sample.json.expect.connections[0].tls!;
      expect(e.keyExchange).toBe('RSA');
      const withKey = follow(['-o', `uat:rsa_keys:"${sample.serverKeyPath}",""`]);
      expect(withKey).toContain(e.appData!.c2s);
      expect(withKey).toContain(e.appData!.s2c);
      // and without it nothing: the plaintext came from the key
      expect(follow([])).not.toContain(e.appData!.c2s);
    });
  }
});
