/**
 * The table's lean hello readers must answer as the full decoders do: for a ClientHello the
 * same SNI, "offers TLS 1.3" and malformed verdict; for a ServerHello the same versions,
 * suite, HelloRetryRequest and malformed verdict. On real hellos (Node's client and server,
 * several settings), on built ones with the awkward cases, on every truncation and on
 * thousands of mutations.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { clientHelloFacts, serverHelloFacts } from '../../../../main/engine/tls/hello-facts';
import { HELLO_RETRY_REQUEST_RANDOM, parseClientHelloFields, parseServerHello } from '../../../../main/engine/tls/hello';
import { isTls13Family } from '../../../../contract/names/versions';
import { makeCertificate, runSession } from './helpers/node-tls-session';
import { clientHelloBody, extension, serverHelloBody, sniExtension, u16 } from './helpers/tls-bytes';
import { seededRandom } from '../../../fixtures/builders/bytes';

type Named = Array<[string, Uint8Array]>;

function fullClientFacts(body: Uint8Array): ReturnType<typeof clientHelloFacts> {
  const h = parseClientHelloFields(body, { frame: null, time: null });
  return { sni: h.sni, offersTls13: h.supportedVersions.some(isTls13Family), malformed: h.malformed };
}

function fullServerFacts(body: Uint8Array): ReturnType<typeof serverHelloFacts> {
  const h = parseServerHello(body, { frame: null, time: null });
  return { legacyVersion: parseInt(h.legacyVersion, 16), supportedVersion: h.supportedVersion, cipherSuite: h.cipherSuite, helloRetryRequest: h.helloRetryRequest, malformed: h.malformed };
}

/** The body of the first handshake message of `type` in one side's bytes (record and handshake headers skipped). */
function helloBodyOf(bytes: Uint8Array, type: number): Uint8Array {
  expect(bytes[0]).toBe(22);
  expect(bytes[5]).toBe(type);
  const length = (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
  return bytes.slice(9, 9 + length);
}

const serverNameList = (entries: Array<[number, string]>) => {
  const list = entries.flatMap(([type, name]) => [type, ...u16(name.length), ...Buffer.from(name, 'latin1')]);
  return extension(0, [...u16(list.length), ...list]);
};

const builtClientHellos: Named = [
  ['no extensions at all', clientHelloBody({ cipherSuites: [0x002f] })],
  ['SNI and TLS 1.3 offered', clientHelloBody({ cipherSuites: [0x1301], extensions: [sniExtension('a.example'), extension(43, [4, ...u16(0x0304), ...u16(0x0303)])] })],
  ['TLS 1.2 only in supported_versions', clientHelloBody({ cipherSuites: [0xc02f], extensions: [extension(43, [2, ...u16(0x0303)])] })],
  ['a draft TLS 1.3 version', clientHelloBody({ cipherSuites: [0x1301], extensions: [extension(43, [2, ...u16(0x7f17)])] })],
  ['a non-host name entry before the host name', clientHelloBody({ cipherSuites: [0x1301], extensions: [serverNameList([[7, 'other'], [0, 'second.example']])] })],
  ['two server_name extensions: the first counts', clientHelloBody({ cipherSuites: [0x1301], extensions: [serverNameList([[5, 'x']]), sniExtension('late.example')] })],
  ['two supported_versions extensions: the first counts', clientHelloBody({ cipherSuites: [0x1301], extensions: [extension(43, [2, ...u16(0x0303)]), extension(43, [2, ...u16(0x0304)])] })],
  ['an odd supported_versions list', clientHelloBody({ cipherSuites: [0x1301], extensions: [extension(43, [3, 0x03, 0x04, 0x03])] })],
  ['Latin-1 bytes in the name', clientHelloBody({ cipherSuites: [0x1301], extensions: [serverNameList([[0, 'caf\u00e9\u00ff']])] })],
  ['an odd cipher suite list', Uint8Array.from([...clientHelloBody({ cipherSuites: [] }).subarray(0, 35), 0, 3, 0x13, 0x01, 0x00, 1, 0])],
];

const hrrRandom = [...Buffer.from(HELLO_RETRY_REQUEST_RANDOM, 'hex')];
const builtServerHellos: Named = [
  ['TLS 1.2, no extensions', serverHelloBody({ cipherSuite: 0xc02f })],
  ['TLS 1.3 by supported_versions', serverHelloBody({ cipherSuite: 0x1301, extensions: [extension(43, u16(0x0304)), extension(51, [...u16(29), ...u16(2), 1, 2])] })],
  ['a HelloRetryRequest', serverHelloBody({ cipherSuite: 0x1301, random: hrrRandom, extensions: [extension(43, u16(0x0304)), extension(51, u16(23))] })],
  ['a random one byte off the HelloRetryRequest\'s', serverHelloBody({ cipherSuite: 0x1301, random: [...hrrRandom.slice(0, 31), hrrRandom[31] ^ 1] })],
  ['two supported_versions extensions: the first counts', serverHelloBody({ cipherSuite: 0x1301, extensions: [extension(43, u16(0x7f1c)), extension(43, u16(0x0304))] })],
  ['a one-byte supported_versions', serverHelloBody({ cipherSuite: 0x1301, extensions: [extension(43, [3])] })],
  ['TLS 1.3 draft 18 (no session id, no compression)', Uint8Array.from([...u16(0x7f12), ...new Array(32).fill(9), ...u16(0x1301), ...u16(6), ...extension(51, [...u16(29), ...u16(0)])])],
  ['a session id and trailing bytes after the extensions', Uint8Array.from([...serverHelloBody({ cipherSuite: 0x009c, sessionId: new Array(32).fill(3), extensions: [extension(65281, [0])] }), 1, 2, 3])],
];

/** Checks lean === full on each body, its every truncation and 300 mutations; returns how often each verdict came. */
function compareEverywhere<T extends { malformed: boolean }>(bodies: Named, lean: (b: Uint8Array) => T, full: (b: Uint8Array) => T, seed: number): { malformed: number; total: number } {
  const rnd = seededRandom(seed);
  let malformed = 0;
  let total = 0;
  for (const [name, body] of bodies) {
    for (let cut = 0; cut <= body.length; cut++) {
      const cutBody = body.subarray(0, cut);
      expect(lean(cutBody), `${name} cut at ${cut}`).toEqual(full(cutBody));
    }
    for (let i = 0; i < 300; i++) {
      const m = new Uint8Array(body);
      const flips = 1 + Math.floor(rnd() * 4);
      // length fields sit early: half the flips land in the first 80 bytes
      for (let f = 0; f < flips; f++) m[Math.floor(rnd() * (rnd() < 0.5 ? Math.min(80, m.length) : m.length))] ^= 1 << Math.floor(rnd() * 8);
      const want = full(m);
      expect(lean(m), `${name} mutation ${i}`).toEqual(want);
      total++;
      if (want.malformed) malformed++;
    }
  }
  return { malformed, total };
}

describe('the table\'s lean hello readers', () => {
  const realClientHellos: Named = [];
  const realServerHellos: Named = [];

  beforeAll(async () => {
    const cert = makeCertificate('facts.tlslens.test');
    const settings = [
      { name: 'Node TLS 1.3 with SNI', opts: { client: { servername: 'facts.tlslens.test' } } },
      { name: 'Node TLS 1.2 with ALPN', opts: { server: { maxVersion: 'TLSv1.2' as const, ALPNProtocols: ['h2'] }, client: { maxVersion: 'TLSv1.2' as const, ALPNProtocols: ['h2', 'http/1.1'] } } },
      { name: 'Node without SNI', opts: { client: { servername: '' } } },
    ];
    for (const s of settings) {
      const run = await runSession(cert, s.opts);
      realClientHellos.push([s.name, helloBodyOf(run.chunks.find((c) => c.dir === 'c2s')!.bytes, 1)]);
      realServerHellos.push([s.name, helloBodyOf(run.chunks.find((c) => c.dir === 's2c')!.bytes, 2)]);
    }
  });

  it('ClientHello: the full decoder\'s answers on real and built hellos', () => {
    const all = [...realClientHellos, ...builtClientHellos];
    for (const [name, body] of all) expect(clientHelloFacts(body), name).toEqual(fullClientFacts(body));
    // the cases are not all alike: the comparison covers each answer both ways
    const answers = all.map(([, body]) => fullClientFacts(body));
    expect(new Set(answers.map((a) => a.sni))).toContain('facts.tlslens.test');
    expect(new Set(answers.map((a) => a.sni))).toContain('second.example');
    expect(new Set(answers.map((a) => a.sni))).toContain(null);
    expect(new Set(answers.map((a) => a.offersTls13))).toEqual(new Set([true, false]));
    expect(new Set(answers.map((a) => a.malformed))).toEqual(new Set([true, false]));
  });

  it('ServerHello: the full decoder\'s answers on real and built hellos', () => {
    const all = [...realServerHellos, ...builtServerHellos];
    for (const [name, body] of all) expect(serverHelloFacts(body), name).toEqual(fullServerFacts(body));
    const answers = all.map(([, body]) => fullServerFacts(body));
    expect(new Set(answers.map((a) => a.supportedVersion))).toEqual(new Set([null, 0x0304, 0x7f1c]));
    expect(new Set(answers.map((a) => a.helloRetryRequest))).toEqual(new Set([true, false]));
    expect(answers.map((a) => a.legacyVersion)).toContain(0x7f12);
    expect(new Set(answers.map((a) => a.malformed))).toEqual(new Set([true, false]));
  });

  it('ClientHello: the same answers on every truncation and on thousands of mutations', () => {
    const { malformed, total } = compareEverywhere([...realClientHellos, ...builtClientHellos], clientHelloFacts, fullClientFacts, 20261123);
    // the mutations reach both verdicts often enough to mean something
    expect(malformed).toBeGreaterThan(total / 10);
    expect(total - malformed).toBeGreaterThan(total / 10);
  });

  it('ServerHello: the same answers on every truncation and on thousands of mutations', () => {
    const { malformed, total } = compareEverywhere([...realServerHellos, ...builtServerHellos], serverHelloFacts, fullServerFacts, 20261124);
    expect(malformed).toBeGreaterThan(total / 10);
    expect(total - malformed).toBeGreaterThan(total / 10);
  });
});
