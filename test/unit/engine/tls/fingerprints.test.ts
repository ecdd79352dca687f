/**
 * JA3/JA3S and JA4 against independent known answers: tshark 4.0 truth of the public corpus
 * (JA3 strings and hashes) and FoxIO's own JA4 expectations (JA4 with its raw lists).
 * The corpus lives outside the project; tests that need it skip when it is absent.
 */

import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../../support/paths';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { md5Hex } from '../../../../main/engine/tls/ja3';
import { ja4, ja4AlpnCode, sha256Prefix12 } from '../../../../main/engine/tls/ja4';
import { parseClientHello, parseClientHelloFields, withShownFields } from '../../../../main/engine/tls/hello';
import { alpnExtension, clientHelloBody, extension, sniExtension, u16 } from './helpers/tls-bytes';

const CORPUS = CORPUS_DIR;
const TRUTH = join(CORPUS, 'truth');
const FOXIO = join(CORPUS, 'foxio-ja4/expected/python-testdata');
const haveTruth = existsSync(TRUTH);
const haveFoxio = existsSync(FOXIO);

interface TruthPair {
  full: string;
  hash: string;
}

function truthPairs(): { ja3: TruthPair[]; ja3s: TruthPair[] } {
  const ja3 = new Map<string, string>();
  const ja3s = new Map<string, string>();
  for (const src of readdirSync(TRUTH)) {
    for (const f of readdirSync(join(TRUTH, src))) {
      const t = JSON.parse(readFileSync(join(TRUTH, src, f), 'utf8'));
      const streams = [...(t.tls_streams ?? []), ...(t.without_keys?.tls_streams ?? [])];
      for (const s of streams) {
        for (const ch of s.tls?.client_hellos ?? []) if (ch.ja3_full) ja3.set(ch.ja3_full, ch.ja3);
        for (const sh of s.tls?.server_hellos ?? []) if (sh.ja3s_full) ja3s.set(sh.ja3s_full, sh.ja3s);
      }
    }
  }
  const pairs = (m: Map<string, string>): TruthPair[] => [...m].map(([full, hash]) => ({ full, hash }));
  return { ja3: pairs(ja3), ja3s: pairs(ja3s) };
}

const GREASE = [0x0a0a, 0x3a3a, 0xfafa];

/** A ClientHello carrying exactly the lists of a JA3 string, with GREASE sprinkled into each. */
function helloFromJa3(full: string): Uint8Array {
  const [version, ciphers, exts, groups, formats] = full.split(',').map((part, i) => (i === 0 ? [Number(part)] : part ? part.split('-').map(Number) : []));
  const extTypes = exts;
  const extensions: number[][] = [extension(GREASE[0], [])];
  for (const type of extTypes) {
    if (type === 10) extensions.push(extension(10, [...u16((groups.length + 1) * 2), ...u16(GREASE[1]), ...groups.flatMap(u16)]));
    else if (type === 11) extensions.push(extension(11, [formats.length, ...formats]));
    else extensions.push(extension(type, []));
  }
  extensions.push(extension(GREASE[2], [0]));
  return clientHelloBody({ version: version[0], cipherSuites: [GREASE[2], ...ciphers], extensions: extTypes.length ? extensions : undefined });
}

describe('JA3 / JA3S', () => {
  it.skipIf(!haveTruth)('MD5 of every JA3/JA3S string in the tshark truth equals tshark\'s hash', () => {
    const { ja3, ja3s } = truthPairs();
    expect(ja3.length).toBeGreaterThan(50);
    expect(ja3s.length).toBeGreaterThan(20);
    for (const p of [...ja3, ...ja3s]) expect(md5Hex(p.full), p.full).toBe(p.hash);
  });

  it.skipIf(!haveTruth)('rebuilds tshark\'s JA3 string from a hello with GREASE added to every list', () => {
    const { ja3 } = truthPairs();
    const sample = ja3.filter((p) => p.full.split(',')[2] !== '').slice(0, 40);
    expect(sample.length).toBeGreaterThan(20);
    for (const p of sample) {
      const hello = parseClientHello(helloFromJa3(p.full), { frame: 1, time: 0 });
      expect(hello.ja3Full).toBe(p.full);
      expect(hello.ja3).toBe(p.hash);
    }
  });

  it('known answer independent of the corpus (Salesforce JA3 README example)', () => {
    // the string and hash published with JA3
    expect(md5Hex('769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0')).toBe('ada70206e40642a3e4461f35503241d5');
  });

  it('names and fingerprints added later (what the analyzer does for a summary) equal those of a full parse', () => {
    const full = '769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0';
    const hello = parseClientHelloFields(helloFromJa3(full), { frame: 1, time: 0 });
    expect([hello.ja3, hello.ja3Full, hello.ja4, hello.ja4Raw]).toEqual([null, null, null, null]);
    expect(hello.cipherSuiteNames).toEqual([]);
    expect(withShownFields(hello)).toBe(hello);
    expect(hello.ja3Full).toBe(full);
    expect(hello.ja3).toBe('ada70206e40642a3e4461f35503241d5');
    const once = parseClientHello(helloFromJa3(full), { frame: 1, time: 0 });
    expect([hello.ja4, hello.ja4Raw]).toEqual([once.ja4, once.ja4Raw]);
    expect(hello).toEqual(once);
    expect(hello.cipherSuiteNames.slice(0, 2)).toEqual(['GREASE', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
    // JA4_a by the spec: TCP, TLS 1.0 (769), SNI present, 12 suites, 3 extensions (GREASE not counted), no ALPN
    expect(hello.ja4!.startsWith('t10d120300_')).toBe(true);
  });
});

interface FoxioEntry {
  ja4: string;
  raw: string;
  ro: string;
}

function foxioEntries(): FoxioEntry[] {
  const out: FoxioEntry[] = [];
  for (const f of readdirSync(FOXIO)) {
    for (const e of JSON.parse(readFileSync(join(FOXIO, f), 'utf8')) as Record<string, string>[]) {
      for (const k of Object.keys(e)) {
        const m = /^JA4\.(\d+)$/.exec(k);
        if (m) out.push({ ja4: e[k], raw: e[`JA4_r.${m[1]}`], ro: e[`JA4_ro.${m[1]}`] });
      }
    }
  }
  return out;
}

/** A ClientHello with the original-order lists of a JA4_ro string (SNI/ALPN included there). */
function helloFromJa4ro(ro: string): Uint8Array {
  const [a, ciphers, exts, sigs] = ro.split('_');
  const version = a.slice(1, 3);
  const alpnCode = a.slice(8, 10);
  const hex = (s: string | undefined): number[] => (s ? s.split(',').map((x) => parseInt(x, 16)) : []);
  const versionValue = { '13': 0x0304, '12': 0x0303, '11': 0x0302, '10': 0x0301 }[version] ?? 0x0303;
  const extensions: number[][] = [];
  for (const type of hex(exts)) {
    if (type === 0x0000) extensions.push(sniExtension('example.test'));
    else if (type === 0x0010) extensions.push(alpnExtension([alpnCode === 'h1' ? 'http/1.1' : alpnCode]));
    else if (type === 0x002b) extensions.push(extension(0x2b, [4, ...u16(GREASE[0]), ...u16(versionValue)]));
    else if (type === 0x000d) {
      const list = hex(sigs).flatMap(u16);
      extensions.push(extension(0x0d, [...u16(list.length), ...list]));
    } else extensions.push(extension(type, []));
  }
  extensions.splice(1, 0, extension(GREASE[1], []));
  return clientHelloBody({ version: 0x0303, cipherSuites: [GREASE[2], ...hex(ciphers)], extensions });
}

describe('JA4', () => {
  it('spec example from technical_details/JA4.md', () => {
    expect(sha256Prefix12('002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9')).toBe('8daaf6152771');
    expect(sha256Prefix12('0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601')).toBe('e5627efa2ab1');
    expect(sha256Prefix12('0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01')).toBe('6d807ffa2a79');
  });

  it('remembered fingerprints: the same input gives the same answer, inputs differing only in ALPN never share one', () => {
    const base = { transport: 't' as const, legacyVersion: 0x0303, supportedVersions: [0x0304, 0x0303], cipherSuites: [0x1301, 0x1302], extensionTypes: [0x0000, 0x0010, 0x002b], signatureAlgorithms: [0x0403] };
    const none = ja4({ ...base, firstAlpn: null });
    const dash = ja4({ ...base, firstAlpn: '-' });
    const none2 = ja4({ ...base, firstAlpn: null });
    expect(none.ja4.slice(0, 10)).toBe('t13d020300');
    expect(dash.ja4.slice(0, 10)).toBe('t13d02032d');
    expect(none2).toEqual(none);
    // callers get their own object
    none2.ja4 = 'changed';
    expect(ja4({ ...base, firstAlpn: null }).ja4).toBe(none.ja4);
    // without supported_versions the legacy version decides
    expect(ja4({ ...base, supportedVersions: null, firstAlpn: null }).ja4.slice(0, 3)).toBe('t12');
  });

  it('ALPN code rules from the spec', () => {
    const bytes = (...b: number[]): string => String.fromCharCode(...b);
    expect(ja4AlpnCode(null)).toBe('00');
    expect(ja4AlpnCode('')).toBe('00');
    expect(ja4AlpnCode('h2')).toBe('h2');
    expect(ja4AlpnCode('http/1.1')).toBe('h1');
    expect(ja4AlpnCode('x')).toBe('xx');
    expect(ja4AlpnCode(bytes(0xab))).toBe('ab');
    expect(ja4AlpnCode(bytes(0xab, 0xcd))).toBe('ad');
    expect(ja4AlpnCode(bytes(0x30, 0xab))).toBe('3b');
    expect(ja4AlpnCode(bytes(0x30, 0x31, 0xab, 0xcd))).toBe('3d');
    expect(ja4AlpnCode(bytes(0x30, 0xab, 0xcd, 0x31))).toBe('01');
  });

  it.skipIf(!haveFoxio)('FoxIO JA4_r lists hash to FoxIO\'s JA4', () => {
    const entries = foxioEntries();
    expect(entries.length).toBeGreaterThan(50);
    for (const e of entries) {
      const [a, ciphers, exts, sigs] = e.raw.split('_');
      const b = ciphers ? sha256Prefix12(ciphers) : '000000000000';
      const c = exts ? sha256Prefix12(sigs ? `${exts}_${sigs}` : exts) : '000000000000';
      expect(`${a}_${b}_${c}`).toBe(e.ja4);
    }
  });

  it.skipIf(!haveFoxio)('a hello rebuilt from FoxIO\'s original-order lists (plus GREASE) gives FoxIO\'s JA4 and JA4_r', () => {
    const entries = foxioEntries();
    let checked = 0;
    for (const e of entries) {
      const hello = parseClientHello(helloFromJa4ro(e.ro), { frame: 1, time: 0 });
      expect(hello.ja4Raw, e.ro).toBe(e.raw);
      expect(hello.ja4).toBe(e.ja4);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
