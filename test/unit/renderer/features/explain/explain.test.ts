import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../../support/paths';
import type { AlertEntry, Language } from '../../../../../contract/api';
import { alertDescriptionName } from '../../../../../contract/names/alerts';
import { handshakeTypeName } from '../../../../../contract/names/handshake-types';
import { EXPLAIN_CATALOGS, explain, type Explanation } from '../../../../../renderer/src/features/explain/explain';
import { FACT_KEYS, WORD_KEYS } from '../../../../../renderer/src/features/explain/facts';
import { ALL_EXPLAIN_KINDS, ALERT_KINDS, HANDSHAKE_KINDS, TCP_KINDS, VERSION_NOTES, alertKind, handshakeKind } from '../../../../../renderer/src/features/explain/kinds';
import { explainKind, subjectOfItem, type ExplainSubject } from '../../../../../renderer/src/features/explain/subject';
import { buildLadderItems } from '../../../../../renderer/src/features/ladder/ladder-items';
import { findRuns } from '../../../../../renderer/src/features/ladder/layout';
import { event, message, syntheticConnection, T0 } from '../../../../support/synthetic-connection';

const LANGUAGES: Language[] = ['en', 'zh-CN'];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const han = /\p{Script=Han}/u;
const allText = (e: Explanation) => [e.title, e.purpose, ...e.facts, e.causes ?? '', e.versionNote ?? ''].join('\n');

describe('explanation catalogs', () => {
  it('cover every kind in both languages, with a title and a purpose', () => {
    expect(ALL_EXPLAIN_KINDS.length).toBe(TCP_KINDS.length + HANDSHAKE_KINDS.length + ALERT_KINDS.length + 9);
    for (const language of LANGUAGES) {
      const kinds = EXPLAIN_CATALOGS[language].kinds;
      expect(Object.keys(kinds).sort(), language).toEqual([...ALL_EXPLAIN_KINDS].sort());
      for (const kind of ALL_EXPLAIN_KINDS) {
        expect(kinds[kind].title.trim(), `${language} ${kind}`).not.toBe('');
        expect(kinds[kind].purpose.trim().length, `${language} ${kind}`).toBeGreaterThan(language === 'en' ? 20 : 8);
      }
    }
  });

  it('every TCP event kind, every handshake type and every alert the engine names has its own explanation', () => {
    // the engine's event kinds, read from its source: the TcpEventKind union and every kind it emits
    const engine = join(ROOT, 'main', 'engine');
    const union = /export type TcpEventKind =([^;]+);/.exec(readFileSync(join(ROOT, 'contract', 'report', 'tcp-events.ts'), 'utf8'))![1];
    const declared = [...union.matchAll(/'([\w-]+)'/g)].map((m) => m[1]);
    const emitted = [...readFileSync(join(engine, 'tcp', 'connection.ts'), 'utf8').matchAll(/addEvent\((?:[^,]*\? )?'([\w-]+)'(?: : '([\w-]+)')?/g)].flatMap((m) => m.slice(1).filter(Boolean));
    expect(declared.length).toBeGreaterThanOrEqual(10);
    expect(emitted).toContain('gap');
    for (const kind of emitted) expect(declared, kind).toContain(kind);
    expect([...TCP_KINDS].sort()).toEqual([...declared].sort());
    for (const kind of declared) {
      expect(ALL_EXPLAIN_KINDS).toContain(`tcp.${kind}`);
      for (const language of LANGUAGES) expect(EXPLAIN_CATALOGS[language].kinds[`tcp.${kind}` as keyof typeof EXPLAIN_CATALOGS.en.kinds], `${language} tcp.${kind}`).toBeDefined();
    }
    for (let type = 0; type < 256; type++) {
      const name = handshakeTypeName(type);
      if (!name.startsWith('unknown')) expect(handshakeKind(name), name).toBe(name);
    }
    for (let d = 0; d < 256; d++) {
      const name = alertDescriptionName(d);
      if (!name.startsWith('unknown')) expect(alertKind(name), name).toBe(name);
    }
  });

  it('give the usual causes for every alert but close_notify, and for trouble on TCP, in both languages alike', () => {
    for (const language of LANGUAGES) {
      const kinds = EXPLAIN_CATALOGS[language].kinds;
      for (const a of ALERT_KINDS) if (a !== 'close_notify') expect(kinds[`alert.${a}`].causes, `${language} ${a}`).toBeTruthy();
      for (const t of ['rst', 'retransmission', 'out-of-order', 'keep-alive', 'zero-window', 'gap'] as const) expect(kinds[`tcp.${t}`].causes, `${language} ${t}`).toBeTruthy();
    }
    for (const kind of ALL_EXPLAIN_KINDS) expect(!!EXPLAIN_CATALOGS['zh-CN'].kinds[kind].causes, kind).toBe(!!EXPLAIN_CATALOGS.en.kinds[kind].causes);
  });

  it('have the same fact sentences, words and version notes, with the same placeholders', () => {
    for (const language of LANGUAGES) {
      const c = EXPLAIN_CATALOGS[language];
      expect(Object.keys(c.facts).sort()).toEqual([...FACT_KEYS].sort());
      expect(Object.keys(c.words).sort()).toEqual([...WORD_KEYS].sort());
      expect(Object.keys(c.versions).sort()).toEqual([...VERSION_NOTES].sort());
    }
    for (const key of FACT_KEYS) expect(placeholders(EXPLAIN_CATALOGS['zh-CN'].facts[key]), key).toEqual(placeholders(EXPLAIN_CATALOGS.en.facts[key]));
  });

  it('the Chinese catalog is Chinese', () => {
    const zh = EXPLAIN_CATALOGS['zh-CN'];
    for (const kind of ALL_EXPLAIN_KINDS) expect(han.test(zh.kinds[kind].purpose), kind).toBe(true);
    for (const key of FACT_KEYS) if (!/^\{\w+\} ?[\w.]*$/.test(zh.facts[key])) expect(han.test(zh.facts[key]), key).toBe(true);
    for (const note of VERSION_NOTES) expect(han.test(zh.versions[note])).toBe(true);
  });
});

describe('explain(): this instance, from the data', () => {
  it('ServerHello: the chosen suite and the number offered come from the hellos', () => {
    for (const [offered, chosen] of [
      [Array.from({ length: 17 }, (_, i) => 0xc02b + i), 0xc02f],
      [[0x002f, 0x0035, 0x000a], 0x0035],
    ] as const) {
      const c = syntheticConnection({ offered: [...offered], chosen, keyExchange: chosen === 0x0035 ? 'RSA' : 'ECDHE' });
      const index = c.tls!.messages.findIndex((m) => m.name === 'server_hello');
      const subject: ExplainSubject = { type: 'message', message: c.tls!.messages[index] };
      const en = explain(subject, c, 'en');
      const suite = c.tls!.serverHellos[0].cipherSuiteName;
      expect(en.facts.join(' ')).toContain(`The server chose ${suite} out of the ${offered.length} suites the client offered.`);
      expect(en.versionNote).toBe(EXPLAIN_CATALOGS.en.versions[chosen === 0x0035 ? 'tls12-rsa' : 'tls12-ecdhe']);
      const zh = explain(subject, c, 'zh-CN');
      expect(zh.facts.join(' ')).toContain(`服务器从客户端提供的 ${offered.length} 个套件中选择了 ${suite}。`);
      expect(zh.title).toBe('ServerHello');
    }
  });

  it('ServerHello in TLS 1.3 names the group and gets the TLS 1.3 note', () => {
    const c = syntheticConnection({ version: '0x0304', chosen: 0x1301 });
    const m = c.tls!.messages.find((x) => x.name === 'server_hello')!;
    const e = explain({ type: 'message', message: m }, c, 'en');
    expect(e.facts.join(' ')).toContain('here the group is x25519');
    expect(e.versionNote).toBe(EXPLAIN_CATALOGS.en.versions.tls13);
  });

  it('ClientHello: counts, SNI and ALPN come from the hello', () => {
    const c = syntheticConnection({ offered: [0xc02f, 0xc030, 0x1301, 0x1302, 0x1303] });
    const e = explain({ type: 'message', message: c.tls!.messages[0] }, c, 'en');
    const text = e.facts.join('\n');
    expect(text).toContain('It offers 5 cipher suites, best first; its first choice is TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.');
    expect(text).toContain('(SNI): www.example.com.');
    expect(text).toContain('h2, http/1.1');
    expect(text).toContain('2 extensions: server_name, supported_groups.');
  });

  it('a failed handshake: the alert explains itself with what the client offered', () => {
    const alert: AlertEntry = { dir: 's2c', level: 2, levelName: 'fatal', description: 40, descriptionName: 'handshake_failure', encrypted: false, inferred: false, frame: 6, time: T0 + 0.0155 };
    const c = syntheticConnection({ chosen: null, offered: [0x0005, 0x000a, 0x002f], alerts: [alert] });
    const m = c.tls!.messages.find((x) => x.kind === 'alert')!;
    for (const language of LANGUAGES) {
      const e = explain({ type: 'message', message: m, alert }, c, language);
      expect(e.kind).toBe('alert.handshake_failure');
      expect(e.causes).toBe(EXPLAIN_CATALOGS[language].kinds['alert.handshake_failure'].causes);
      expect(e.facts.join(' ')).toContain(language === 'en' ? 'The client offered 3 cipher suites and the versions TLS 1.2' : '客户端提供了 3 个密码套件和版本 TLS 1.2');
      expect(e.facts.join(' ')).toContain(language === 'en' ? 'Sent 5.000 ms after the ClientHello' : '在 ClientHello 之后 5.000 毫秒');
    }
  });

  it('TCP: the RTT values are the connection’s own', () => {
    const c = syntheticConnection();
    c.tcp.serverRttMs = 123.456;
    const e = explain({ type: 'tcp', event: c.events[1] }, c, 'en');
    expect(e.facts[0]).toBe('Captured 123.456 ms after the SYN: the round trip from the capture point to the server and back.');
    const zh = explain({ type: 'tcp', event: c.events[1] }, c, 'zh-CN');
    expect(zh.facts[0]).toContain('123.456 毫秒');
  });

  it('an inferred close_notify says why it was inferred; a real one says who closed', () => {
    const c = syntheticConnection();
    const items = buildLadderItems(c);
    const close = items.find((i) => i.alertIndex !== undefined)!;
    const subject = subjectOfItem(close, c)!;
    expect(explainKind(subject)).toBe('close_notify.inferred');
    expect(explain(subject, c, 'en').facts.join(' ')).toContain('it is 26 bytes');
    const real: AlertEntry = { ...c.tls!.alerts[0], encrypted: false, inferred: false };
    expect(explainKind({ type: 'alert', alert: real })).toBe('alert.close_notify');
    expect(explain({ type: 'alert', alert: real }, c, 'zh-CN').facts.join('')).toContain('客户端宣布不会再发送任何内容');
  });

  it('every kind of subject renders in both languages with every placeholder filled', () => {
    const c = syntheticConnection({ exchanges: 5 });
    c.events.push(event('rst', 90, 200, 's2c'), event('retransmission', 91, 201, 'c2s', { len: 10 }), event('out-of-order', 92, 202, 'c2s'), event('keep-alive', 93, 203, 'c2s'), event('zero-window', 94, 204, 's2c'), event('gap', 95, 205, 's2c', { missing: 1448 }));
    const extra = [
      message('s2c', 'handshake', 4, 'new_session_ticket', [40], 50, 170, { detail: { lifetimeHintSeconds: 7200, ticketLength: 160 } }),
      message('s2c', 'handshake', 22, 'certificate_status', [40], 50, 500, { detail: { statusType: 1, responseLength: 496 } }),
      message('s2c', 'handshake', 13, 'certificate_request', [40], 50, 20, { detail: { certificateTypes: [1] } }),
      message('c2s', 'handshake', 15, 'certificate_verify', [40], 50, 260, { detail: { signatureAlgorithm: 0x0804, signatureAlgorithmName: 'rsa_pss_rsae_sha256' } }),
      message('c2s', 'handshake', 20, 'finished', [40], 50, 12, { detail: { verifyDataLength: 12 } }),
      message('c2s', 'handshake', 24, 'key_update', [40], 50, 1, { detail: { requestUpdate: 1 } }),
      message('c2s', 'heartbeat', 24, 'heartbeat', [40], 50, 19),
      message('c2s', 'sslv2', 1, 'client_hello', [40], 50, 40),
      message('c2s', 'unknown', 99, 'unknown (99)', [40], 50, 4),
      message('s2c', 'handshake', 77, 'unknown (77)', [40], 50, 4),
    ];
    const subjects: ExplainSubject[] = [
      ...c.events.map((e) => ({ type: 'tcp' as const, event: e })),
      ...[...c.tls!.messages, ...extra].map((m) => ({ type: 'message' as const, message: m })),
      { type: 'alert', alert: c.tls!.alerts[0] },
      { type: 'app-data', data: { dir: 's2c', segments: 3, bytes: 4000, frame: 1, lastFrame: 3, time: T0, lastTime: T0 + 1, approximate: true } },
      { type: 'plain-data', data: { dir: 'c2s', segments: 1, bytes: 10, frame: 1, lastFrame: 1, time: T0, lastTime: T0 } },
      { type: 'run', run: findRuns(buildLadderItems(c), 3, new Set())[0] },
    ];
    const kinds = new Set<string>();
    for (const subject of subjects) {
      for (const language of LANGUAGES) {
        const e = explain(subject, c, language);
        kinds.add(e.kind);
        expect(allText(e), `${language} ${e.kind}`).not.toMatch(/\{\w+\}/);
        expect(allText(e)).not.toContain('undefined');
        expect(allText(e)).not.toContain('NaN');
      }
    }
    for (const k of ['tcp.rst', 'tcp.gap', 'hs.certificate_status', 'hs.key_update', 'hs.encrypted', 'change_cipher_spec', 'close_notify.inferred', 'application_data.run', 'tcp_data.plain', 'heartbeat', 'sslv2', 'record.unknown', 'hs.unknown']) expect(kinds, k).toContain(k);
  });
});
