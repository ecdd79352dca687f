/**
 * Golden tier: the QUIC and DTLS samples against tshark (where it is installed). Until the engine
 * reads UDP (issue 23) this is how those samples are held to their descriptions: tshark, with the
 * sample's key log, must find the handshake the generator's endpoints reported (message by
 * message, per direction), the negotiated suite, the SNI, and plaintext in the protected packets:
 * DTLS application data decrypted to the request and response lines; QUIC 1-RTT packets
 * decrypted to HTTP/3 HEADERS both ways and a DATA frame as long as the response's content-length.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertDescriptionName } from '../../contract/names/alerts';
import { cipherSuiteName } from '../../contract/names/cipher-suites';
import { handshakeTypeName } from '../../contract/names/handshake-types';
import { listSamples, type ExpectedConnection, type SampleFiles } from './support/samples';

const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => existsSync(p)) ?? null;

type Row = Record<string, string[]>;

/** One row per frame: each field's values in the frame's order (-E occurrence=a). */
function tsharkRows(sample: SampleFiles, fields: string[], extra: string[] = []): Row[] {
  const r = spawnSync(TSHARK!, ['-r', sample.capturePath, '-n', '-o', `tls.keylog_file:${sample.keylogPath}`, ...extra, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split('\t').map((v, i) => [fields[i], v ? v.split('|') : []])));
}

/** The expectation's messages per direction, handshake then what follows. */
function expectedPerDirection(e: ExpectedConnection): { c2s: string[]; s2c: string[] } {
  const words = e.tls!.handshake;
  const of = (dir: 'c2s' | 's2c') => [...words.filter((w) => w.startsWith(`${dir} `)).map((w) => w.slice(4)), ...e.tls!.after[dir]];
  return { c2s: of('c2s'), s2c: of('s2c') };
}

const samples = listSamples();
const byTransport = (t: 'quic' | 'dtls') => samples.filter((s) => s.json.expect.connections.some((c) => c.transport === t));

describe.skipIf(TSHARK === null)(`QUIC and DTLS samples against tshark${TSHARK ? '' : ' (skipped: tshark is not installed)'}`, () => {
  it('there is a QUIC and a DTLS sample, each with a key log (issue 23)', () => {
    expect(byTransport('quic').length).toBeGreaterThan(0);
    expect(byTransport('dtls').length).toBeGreaterThan(0);
    for (const s of [...byTransport('quic'), ...byTransport('dtls')]) expect(s.keylogPath, s.name).toBeDefined();
  });

  for (const sample of byTransport('dtls')) {
    it(`${sample.name}: tshark finds the cookie exchange, the handshake, the suite and the decrypted request and response`, () => {
      const [e] = sample.json.expect.connections;
      const rows = tsharkRows(sample, ['ip.src', 'udp.srcport', 'dtls.record.content_type', 'dtls.handshake.type', 'dtls.handshake.cookie', 'dtls.handshake.version', 'dtls.handshake.ciphersuite', 'dtls.handshake.extensions_server_name', 'dtls.alert_message.desc']);
      expect(sample.json.expect.connections).toHaveLength(1);
      expect(rows.every((r) => r['ip.src'][0] === e.client || `${r['ip.src'][0]}:${r['udp.srcport'][0]}` === e.server)).toBe(true);
      // messages per direction in wire order: each handshake record's message, ChangeCipherSpec, alerts by name
      const seen = { c2s: [] as string[], s2c: [] as string[] };
      const cookies: string[][] = [];
      for (const r of rows) {
        const dir = r['ip.src'][0] === e.client ? 'c2s' : 's2c';
        const types = [...r['dtls.handshake.type']];
        const alerts = [...r['dtls.alert_message.desc']];
        for (const ct of r['dtls.record.content_type']) {
          if (ct === '22') seen[dir].push(handshakeTypeName(Number(types.shift())));
          else if (ct === '20') seen[dir].push('change_cipher_spec');
          else if (ct === '21') seen[dir].push(`alert ${alertDescriptionName(Number(alerts.shift()))}`);
        }
        if (r['dtls.handshake.cookie'].length) cookies.push(r['dtls.handshake.cookie']);
      }
      expect(seen).toEqual(expectedPerDirection(e));
      // HelloVerifyRequest's cookie, echoed in the second ClientHello (RFC 6347 §4.2.1)
      expect(e.tls!.helloVerifyRequest).toBe(true);
      expect(cookies.length).toBe(2);
      expect(cookies[0][0]).toMatch(/^[0-9a-f]{16,}$/);
      expect(cookies[1]).toEqual(cookies[0]);
      const serverHello = rows.find((r) => r['ip.src'][0] !== e.client && r['dtls.handshake.type'].includes('2'))!;
      expect(serverHello['dtls.handshake.version'][serverHello['dtls.handshake.type'].indexOf('2')]).toBe('0xfefd');
      expect(e.tls!.version).toBe('DTLS 1.2');
      expect(cipherSuiteName(Number(serverHello['dtls.handshake.ciphersuite'][0]))).toBe(e.tls!.cipherSuite);
      expect(rows[0]['dtls.handshake.extensions_server_name']).toEqual([e.tls!.sni]);

      // application data, decrypted with the key log: the first line each way
      const dump = spawnSync(TSHARK!, ['-r', sample.capturePath, '-n', '-o', `tls.keylog_file:${sample.keylogPath}`, '-Y', 'dtls.record.content_type == 23', '-x'], { encoding: 'utf8' }).stdout;
      const plaintexts = dump.split(/^Decrypted DTLS \(\d+ bytes\):$/m).slice(1).map((block) => {
        const hex = block.split('\n\n')[0].split('\n').flatMap((l) => /^[0-9a-f]{4} {2}((?:[0-9a-f]{2} )+)/.exec(l)?.[1].trim().split(' ') ?? []);
        return Buffer.from(hex.join(''), 'hex').toString('latin1').split('\r\n')[0];
      });
      expect(plaintexts).toEqual([e.tls!.appData!.c2s, e.tls!.appData!.s2c]);
    });
  }

  for (const sample of byTransport('quic')) {
    it(`${sample.name}: tshark decrypts every packet: the TLS 1.3 handshake in CRYPTO frames, HANDSHAKE_DONE, HTTP/3 both ways, the close`, () => {
      const [e] = sample.json.expect.connections;
      const rows = tsharkRows(sample, ['ip.src', 'udp.srcport', 'quic.version', 'tls.handshake.type', 'tls.handshake.ciphersuite', 'tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str', 'quic.frame_type', 'http3.frame_type', 'http3.frame_length', 'quic.cc.error_code.app', 'quic.remaining_payload']);
      expect(sample.json.expect.connections).toHaveLength(1);
      const dirOf = (r: Row): 'c2s' | 's2c' => (r['ip.src'][0] === e.client ? 'c2s' : 's2c');
      expect(rows.every((r) => dirOf(r) === 'c2s' || `${r['ip.src'][0]}:${r['udp.srcport'][0]}` === e.server)).toBe(true);
      // nothing left undecrypted: tshark names "Remaining Payload" what it could not open
      expect(rows.filter((r) => r['quic.remaining_payload'].length)).toEqual([]);
      expect(new Set(rows.flatMap((r) => r['quic.version']))).toEqual(new Set([e.quic!.version]));

      // RFC 9001 §4: TLS handshake messages in CRYPTO frames, no records and no ChangeCipherSpec
      const seen = { c2s: [] as string[], s2c: [] as string[] };
      for (const r of rows) seen[dirOf(r)].push(...r['tls.handshake.type'].map((t) => handshakeTypeName(Number(t))));
      expect(seen).toEqual(expectedPerDirection(e));
      const clientHello = rows.find((r) => r['tls.handshake.type'].includes('1'))!;
      expect(clientHello['tls.handshake.extensions_server_name']).toEqual([e.tls!.sni]);
      expect(clientHello['tls.handshake.extensions_alpn_str']).toContain(e.quic!.alpn);
      const serverHello = rows.find((r) => r['tls.handshake.type'].includes('2'))!;
      expect(cipherSuiteName(Number(serverHello['tls.handshake.ciphersuite'][0]))).toBe(e.tls!.cipherSuite);

      // 1-RTT: HANDSHAKE_DONE (0x1e) and NEW_TOKEN (0x07) from the server, the client's CONNECTION_CLOSE (0x1d) with its code
      const frames = (dir: 'c2s' | 's2c') => rows.filter((r) => dirOf(r) === dir).flatMap((r) => r['quic.frame_type'].map(Number));
      expect(frames('s2c').includes(0x1e)).toBe(e.quic!.handshakeDone);
      expect(frames('s2c').includes(0x07)).toBe(e.quic!.newToken);
      expect(e.quic!.close?.dir).toBe('c2s');
      expect(frames('c2s')).toContain(0x1d);
      expect(rows.flatMap((r) => r['quic.cc.error_code.app'].map(Number))).toEqual([e.quic!.close!.errorCode]);

      // HTTP/3 (RFC 9114 §7.2): HEADERS (0x01) each way on the request stream, DATA (0x00) as long as the response says
      const h3 = (dir: 'c2s' | 's2c') => rows.filter((r) => dirOf(r) === dir).flatMap((r) => r['http3.frame_type'].map((t, i) => ({ type: Number(t), length: Number(r['http3.frame_length'][i]) })));
      expect(h3('c2s').some((f) => f.type === 0x01)).toBe(true);
      expect(h3('s2c').some((f) => f.type === 0x01)).toBe(true);
      expect(h3('s2c').filter((f) => f.type === 0x00).map((f) => f.length)).toEqual([Number(e.http3!.response['content-length'])]);
      expect(e.http3!.response[':status']).toBe('200');
    });
  }
});
