/**
 * The lessons against the real samples: every step's rules find exactly what
 * they name in the engine's analysis of its sample (opened with the sample's
 * key log and lab CA, as the app opens it), every question has an answer
 * computed from that analysis, the checker takes the right answer and refuses
 * wrong ones, and the answers agree with what the sample's JSON says its
 * endpoints did (an oracle independent of the lesson code).
 */
import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionReportView, SampleInfo } from '../../../../../contract/api';
import { analyzeCapture } from '../../../../../main/engine/index';
import { buildLadderItems } from '../../../../../renderer/src/features/ladder/ladder-items';
import { layoutLadder } from '../../../../../renderer/src/features/ladder/layout';
import { groupSamples } from '../../../../../contract/samples/gallery';
import { LESSONS, lessonsUsing, lessonSamples } from '../../../../../renderer/src/features/lessons/lessons/index';
import {
  checkAnswer,
  commonName,
  encryptedServerHandshake,
  expectedAnswer,
  findArrow,
  handshakeRoundTrips,
  LessonRuleError,
  normalizeText,
  pickConnection,
  resolveStep,
  type Lesson,
  type LessonStep,
  type LessonText,
} from '../../../../../renderer/src/features/lessons/model';
import { listSamples, SAMPLES_DIR, type SampleFiles } from '../../../../golden/support/samples';

const samples = listSamples();
const byCapture = new Map<string, SampleFiles>(samples.map((s) => [s.json.capture, s]));
const analyses = new Map<string, ConnectionReportView[]>();

async function analysis(capture: string): Promise<ConnectionReportView[]> {
  let found = analyses.get(capture);
  if (!found) {
    const sample = byCapture.get(capture);
    if (!sample) throw new Error(`no sample ${capture}`);
    // as the app opens a sample: with its key log (when it has one) and the lab CA
    const { report } = await analyzeCapture(sample.capturePath, { keylogPath: sample.keylogPath, trustedCaPaths: [sample.caPath] });
    found = report.connections as ConnectionReportView[];
    analyses.set(capture, found);
  }
  return found;
}

const allSteps: Array<[string, string, Lesson, LessonStep]> = LESSONS.flatMap((l) => l.steps.map((s) => [l.id, s.id, l, s] as [string, string, Lesson, LessonStep]));

beforeAll(async () => {
  for (const capture of new Set(LESSONS.flatMap(lessonSamples))) await analysis(capture);
});

describe('lessons as data', () => {
  it('there are at least four lessons, each with steps, ids unique', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(4);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const l of LESSONS) {
      expect(l.steps.length, l.id).toBeGreaterThanOrEqual(4);
      expect(new Set(l.steps.map((s) => s.id)).size, l.id).toBe(l.steps.length);
    }
  });

  it('lesson (b) compares two samples (RSA and ECDHE) and lesson (d) compares TLS 1.3 with TLS 1.2', () => {
    const tls12 = LESSONS.find((l) => l.id === 'tls12')!;
    expect(lessonSamples(tls12).map((s) => byCapture.get(s)!.json.expect.connections[0].tls!.keyExchange)).toEqual(['RSA', 'ECDHE']);
    const tls13 = LESSONS.find((l) => l.id === 'tls13')!;
    expect(lessonSamples(tls13).map((s) => byCapture.get(s)!.json.expect.connections[0].tls!.version)).toEqual(['TLS 1.3', 'TLS 1.2']);
  });

  it('every text is there in English and in Chinese, and links nowhere', () => {
    const texts: Array<[string, LessonText]> = [];
    for (const l of LESSONS) {
      texts.push([`${l.id}.title`, l.title], [`${l.id}.summary`, l.summary], [`${l.id}.finish`, l.finish]);
      for (const s of l.steps) {
        texts.push([`${l.id}.${s.id}.title`, s.title], [`${l.id}.${s.id}.body`, s.body], [`${l.id}.${s.id}.prompt`, s.question.prompt], [`${l.id}.${s.id}.explain`, s.explain]);
        if (s.question.kind === 'choice') s.question.options.forEach((o) => texts.push([`${l.id}.${s.id}.option.${o.id}`, o.text]));
      }
    }
    for (const [where, text] of texts) {
      expect(text.en.trim(), where).not.toBe('');
      expect(text['zh-CN'].trim(), where).not.toBe('');
      expect(/\p{Script=Han}/u.test(text['zh-CN']), `${where} is Chinese`).toBe(true);
      expect(/\p{Script=Han}/u.test(text.en), `${where} English has no Chinese`).toBe(false);
      for (const t of [text.en, text['zh-CN']]) expect(t, where).not.toMatch(/https?:\/\/|www\.[a-z]+\.(com|org|net)|<[a-z]/i);
    }
  });

  it('every sample a lesson uses is in samples/, with its key log where it has TLS keys to log', () => {
    for (const capture of new Set(LESSONS.flatMap(lessonSamples))) {
      const sample = byCapture.get(capture);
      expect(sample, capture).toBeDefined();
      expect(existsSync(sample!.capturePath), capture).toBe(true);
      if (sample!.keylogPath) expect(existsSync(sample!.keylogPath), capture).toBe(true);
    }
  });
});

describe.each(allSteps)('lesson %s, step %s', (_lessonId, _stepId, _lesson, step) => {
  it('its rules find one connection and one arrow, drawn as a row of the ladder', async () => {
    const connections = await analysis(step.sample);
    const resolved = resolveStep(step, connections);
    const connection = connections.find((c) => c.id === resolved.connectionId)!;
    const items = buildLadderItems(connection);
    const matching = items.filter((i) => i.key === resolved.itemKey);
    expect(matching).toHaveLength(1);
    // the arrow is a row of its own (not folded into a collapsed data run)
    expect(layoutLadder(items).rows.some((r) => r.key === resolved.itemKey)).toBe(true);
    // 'only' rules are unambiguous; 'first'/'last' pick the end of the list
    if ((step.arrow.which ?? 'only') === 'only') expect(() => findArrow(step.arrow, connection, items)).not.toThrow();
  });

  it('its question has an answer from the analysis; the checker takes it and refuses wrong ones', async () => {
    const { context } = resolveStep(step, await analysis(step.sample));
    const q = step.question;
    const right = expectedAnswer(q, context);
    expect(right).not.toBe('');
    expect(checkAnswer(q, context, right)).toBe(true);
    expect(checkAnswer(q, context, '')).toBe(false);
    if (q.kind === 'choice') {
      expect(q.options.map((o) => o.id)).toContain(right);
      for (const o of q.options.filter((o) => o.id !== right)) expect(checkAnswer(q, context, o.id)).toBe(false);
    } else if (q.kind === 'number') {
      expect(Number.isInteger(Number(right))).toBe(true);
      expect(checkAnswer(q, context, ` ${right} `)).toBe(true);
      expect(checkAnswer(q, context, String(Number(right) + 1))).toBe(false);
      expect(checkAnswer(q, context, `${right}x`)).toBe(false);
    } else {
      expect(checkAnswer(q, context, right.toUpperCase())).toBe(true);
      expect(checkAnswer(q, context, `${right}x`)).toBe(false);
      expect(checkAnswer(q, context, 'nothing like it')).toBe(false);
    }
  });
});

describe('answers agree with what the samples say their endpoints did', () => {
  const expectOf = (capture: string) => byCapture.get(capture)!.json.expect.connections;
  const answer = async (lessonId: string, stepId: string) => {
    const step = LESSONS.find((l) => l.id === lessonId)!.steps.find((s) => s.id === stepId)!;
    const { context } = resolveStep(step, await analysis(step.sample));
    return { step, context, value: expectedAnswer(step.question, context) };
  };

  it('TCP: port, who closed first, who reset, handshake and teardown packets', async () => {
    const plain = expectOf('01-http-vs-https.pcapng').find((c) => c.tls === null)!;
    expect((await answer('tcp', 'syn')).value).toBe(plain.server.split(':')[1]);
    expect((await answer('tcp', 'first-fin')).value).toBe(plain.tcp!.firstFin);
    expect((await answer('tcp', 'rst')).value).toBe(expectOf('12-tcp-reset.pcapng')[0].tcp!.rst);
    expect((await answer('tcp', 'ack')).value).toBe('3');
    // the teardown: two FINs plus the ACKs not carried by a FIN, as the engine's events list them
    const { context } = await answer('tcp', 'teardown');
    const teardownEvents = context.connection.events.filter((e) => e.kind === 'fin' || e.kind === 'fin-ack' || e.kind === 'rst');
    expect((await answer('tcp', 'teardown')).value).toBe(String(teardownEvents.length));
    expect(teardownEvents.filter((e) => e.kind === 'fin')).toHaveLength(2);
    // the SYN-ACK's frame is the frame the engine recorded for it
    const synAck = await answer('tcp', 'syn-ack');
    expect(synAck.value).toBe(String(synAck.context.connection.events.find((e) => e.kind === 'syn-ack')!.frame));
  });

  it('TLS 1.2: suite, certificate name, key exchange contents, round trips, curve', async () => {
    const rsa = expectOf('02-tls12-rsa.pcapng')[0].tls!;
    const ecdhe = expectOf('03-tls12-ecdhe.pcapng')[0].tls!;
    expect((await answer('tls12', 'server-hello')).value).toBe(rsa.cipherSuite);
    expect((await answer('tls12', 'certificate')).value).toBe(rsa.certificate!.subjectCN);
    expect((await answer('tls12', 'client-key-exchange-rsa')).value).toBe('encrypted-premaster');
    expect((await answer('tls12', 'client-key-exchange-ecdhe')).value).toBe('ephemeral-key');
    expect((await answer('tls12', 'server-key-exchange')).value).toBe(ecdhe.group);
    expect((await answer('tls12', 'finished')).value).toBe('2');
    const ccs = await answer('tls12', 'change-cipher-spec');
    expect(ccs.context.message!.kind).toBe('change_cipher_spec');
    expect(ccs.value).toBe(String(ccs.context.message!.frames.at(-1)));
  });

  it('certificates: chain length, anchor, verdicts and alerts', async () => {
    const valid = expectOf('02-tls12-rsa.pcapng')[0].tls!.certificate!;
    expect((await answer('certs', 'chain')).value).toBe(String(valid.chainLength));
    expect((await answer('certs', 'anchor')).value).toBe(commonName(valid.trustAnchor!));
    expect((await answer('certs', 'unknown-ca')).value).toBe(expectOf('08-fail-unknown-ca.pcapng')[0].tls!.certificate!.verdict);
    expect((await answer('certs', 'unknown-ca-alert')).value).toBe(expectOf('08-fail-unknown-ca.pcapng')[0].tls!.alerts.find((a) => a.dir === 'c2s')!.description);
    const wrongHost = expectOf('10-wrong-host.pcapng')[0].tls!;
    expect((await answer('certs', 'sni')).value).toBe(wrongHost.sni);
    expect((await answer('certs', 'wrong-host')).value).toBe('wrong-host');
    expect(wrongHost.certificate!.verdict).toBe('wrong-host');
  });

  it('TLS 1.3: key share, version source, record type, encrypted messages, one round trip fewer', async () => {
    const tls13 = expectOf('04-tls13.pcapng')[0].tls!;
    expect((await answer('tls13', 'key-share')).value).toBe(tls13.group);
    expect((await answer('tls13', 'version')).value).toBe('supported-versions');
    expect((await answer('tls13', 'encrypted-extensions')).value).toBe('23');
    // what the server sent after its ServerHello, by the sample's own list (minus the compatibility CCS)
    const serverFlight = tls13.handshake.filter((h) => h.startsWith('s2c ') && !/server_hello|change_cipher_spec/.test(h));
    expect((await answer('tls13', 'encrypted-certificate')).value).toBe(String(serverFlight.length));
    const one = Number((await answer('tls13', 'one-round-trip')).value);
    const two = Number((await answer('tls13', 'compare-tls12')).value);
    expect([one, two]).toEqual([1, 2]);
  });
});

describe('rules and checkers', () => {
  it('an ambiguous or absent arrow is an error, not a guess', async () => {
    const connections = await analysis('01-http-vs-https.pcapng');
    const plain = pickConnection('plain', connections);
    expect(() => findArrow({ tcp: 'fin' }, plain)).toThrow(LessonRuleError);
    expect(() => findArrow({ message: 'client_hello' }, plain)).toThrow(LessonRuleError);
    expect(() => pickConnection('only', connections)).toThrow(LessonRuleError);
    expect(findArrow({ tcp: 'fin', which: 'first' }, plain).frame).toBeLessThan(findArrow({ tcp: 'fin', which: 'last' }, plain).frame);
    const tls = pickConnection('tls', connections);
    expect(() => findArrow({ alert: 'fatal' }, tls)).toThrow(LessonRuleError);
    expect(findArrow({ alert: 'close_notify', dir: 'c2s' }, tls).dir).toBe('c2s');
  });

  it('round trips and encrypted flights on connections the engine built', async () => {
    const [rsa] = await analysis('02-tls12-rsa.pcapng');
    expect(handshakeRoundTrips(rsa)).toBe(2);
    expect(encryptedServerHandshake(rsa)).toEqual([]);
  });

  it('typed text is compared without case, spaces, dashes and underscores', () => {
    expect(normalizeText(' TLS_RSA_WITH_AES_128_GCM_SHA256 ')).toBe(normalizeText('rsa with aes 128 gcm sha256'));
    expect(normalizeText('unknown_ca')).toBe(normalizeText('Unknown CA'));
    expect(normalizeText('TLS 1.3')).not.toBe(normalizeText('1.3'));
    expect(commonName('CN=TLS Lens Lab Root CA, O=TLS Lens Lab, C=CN')).toBe('TLS Lens Lab Root CA');
    expect(commonName('O=Example\\, Inc., CN=a\\,b')).toBe('a,b');
  });
});

describe('the gallery', () => {
  const infos: SampleInfo[] = readdirSync(SAMPLES_DIR)
    .filter((n) => /\.pcapng?$/.test(n))
    .map((name) => ({ name, size: 1, title: { en: name }, description: null }));

  it('lists every sample exactly once, in teaching order groups', () => {
    const groups = groupSamples(infos);
    const listed = groups.flatMap((g) => g.samples.map((s) => s.name));
    expect([...listed].sort()).toEqual(infos.map((s) => s.name).sort());
    expect(groups[0].samples[0].name).toBe('01-http-vs-https.pcapng');
    // every sample is in a named group (none fell through to "more")
    expect(groups.map((g) => g.id)).not.toContain('more');
  });

  it('keeps a sample no group names, in a last group', () => {
    const groups = groupSamples([...infos, { name: '99-new.pcap', size: 1, title: null, description: null }]);
    expect(groups.at(-1)).toMatchObject({ id: 'more', samples: [{ name: '99-new.pcap' }] });
  });

  it('names the lessons that use a sample', () => {
    expect(lessonsUsing('02-tls12-rsa.pcapng').map((l) => l.id)).toEqual(['tls12', 'certs']);
    expect(lessonsUsing('05-tls13-hello-retry.pcapng')).toEqual([]);
  });
});
