/**
 * The table's lean ClientHello reader must answer as the full decoder does: same SNI, same
 * "offers TLS 1.3", same malformed verdict, on real hellos (Node's client, several settings),
 * on built ones with the awkward cases, and on thousands of mutations of both.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { clientHelloFacts } from '../../../main/engine/tls/client-hello-facts';
import { parseClientHelloFields } from '../../../main/engine/tls/hello';
import { isTls13Family } from '../../../main/engine/tls/names/versions';
import { makeCertificate, runSession } from './helpers/node-tls-session';
import { clientHelloBody, extension, sniExtension, u16 } from './helpers/tls-bytes';
import { seededRandom } from '../../fixtures/builders/bytes';

function fullFacts(body: Uint8Array): ReturnType<typeof clientHelloFacts> {
  const h = parseClientHelloFields(body, { frame: null, time: null });
  return { sni: h.sni, offersTls13: h.supportedVersions.some(isTls13Family), malformed: h.malformed };
}

/** The handshake body of the first ClientHello in a client's bytes (record and handshake headers skipped). */
function helloBodyOf(bytes: Uint8Array): Uint8Array {
  expect(bytes[0]).toBe(22);
  expect(bytes[5]).toBe(1);
  const length = (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
  return bytes.slice(9, 9 + length);
}

const serverNameList = (entries: Array<[number, string]>) => {
  const list = entries.flatMap(([type, name]) => [type, ...u16(name.length), ...Buffer.from(name, 'latin1')]);
  return extension(0, [...u16(list.length), ...list]);
};

const built: Array<[string, Uint8Array]> = [
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

describe('clientHelloFacts (the table\'s lean ClientHello reader)', () => {
  const real: Array<[string, Uint8Array]> = [];

  beforeAll(async () => {
    const cert = makeCertificate('facts.tlslens.test');
    const settings = [
      { name: 'Node TLS 1.3 client with SNI', opts: { client: { servername: 'facts.tlslens.test' } } },
      { name: 'Node TLS 1.2-only client with ALPN', opts: { server: { maxVersion: 'TLSv1.2' as const }, client: { maxVersion: 'TLSv1.2' as const, ALPNProtocols: ['h2', 'http/1.1'] } } },
      { name: 'Node client without SNI', opts: { client: { servername: '' } } },
    ];
    for (const s of settings) {
      const run = await runSession(cert, s.opts);
      real.push([s.name, helloBodyOf(run.chunks.find((c) => c.dir === 'c2s')!.bytes)]);
    }
  });

  it('answers as the full decoder on real and built hellos', () => {
    for (const [name, body] of [...real, ...built]) expect(clientHelloFacts(body), name).toEqual(fullFacts(body));
    // the cases are not all alike: the comparison covers each answer both ways
    const answers = [...real, ...built].map(([, body]) => fullFacts(body));
    expect(new Set(answers.map((a) => a.sni))).toContain('facts.tlslens.test');
    expect(new Set(answers.map((a) => a.sni))).toContain('second.example');
    expect(new Set(answers.map((a) => a.sni))).toContain(null);
    expect(new Set(answers.map((a) => a.offersTls13))).toEqual(new Set([true, false]));
    expect(new Set(answers.map((a) => a.malformed))).toEqual(new Set([true, false]));
  });

  it('answers as the full decoder on every truncation and on thousands of mutations', () => {
    const rnd = seededRandom(20261123);
    let malformed = 0;
    let total = 0;
    for (const [name, body] of [...real, ...built]) {
      for (let cut = 0; cut <= body.length; cut++) {
        const cutBody = body.subarray(0, cut);
        expect(clientHelloFacts(cutBody), `${name} cut at ${cut}`).toEqual(fullFacts(cutBody));
      }
      for (let i = 0; i < 300; i++) {
        const m = new Uint8Array(body);
        const flips = 1 + Math.floor(rnd() * 4);
        // length fields sit early: half the flips land in the first 80 bytes
        for (let f = 0; f < flips; f++) m[Math.floor(rnd() * (rnd() < 0.5 ? Math.min(80, m.length) : m.length))] ^= 1 << Math.floor(rnd() * 8);
        const want = fullFacts(m);
        expect(clientHelloFacts(m), `${name} mutation ${i}`).toEqual(want);
        total++;
        if (want.malformed) malformed++;
      }
    }
    // the mutations reach both verdicts often enough to mean something
    expect(malformed).toBeGreaterThan(total / 10);
    expect(total - malformed).toBeGreaterThan(total / 10);
  });
});
