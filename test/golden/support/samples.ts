/**
 * The golden tier's view of samples/: each NAME.json's "expect" (written by scripts/samples/
 * from what the generator's endpoints did) against the engine's report of NAME.pcapng, analysed
 * with NAME.keys and the lab CA the JSON names. `sampleMismatches` lists every difference in
 * words; an empty list means the engine found exactly what the sample says.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCapture, type ConnectionReport } from '../../../main/engine/index';

import { ROOT, SAMPLES_DIR } from '../../support/paths';

export { ROOT, SAMPLES_DIR };

export interface ExpectedTls {
  /** "TLS 1.2", "TLS 1.3", "DTLS 1.2" */
  version: string | null;
  cipherSuite: string | null;
  keyExchange: string | null;
  group: string | null;
  sni: string;
  helloRetryRequest: boolean;
  /** DTLS: the server asked for a cookie (RFC 6347 §4.2.1) */
  helloVerifyRequest?: boolean;
  resumed: false | 'ticket' | 'session-id';
  handshakeComplete: boolean;
  /** "dir message" in wire order up to the last Finished or the fatal alert */
  handshake: string[];
  /** per direction, what follows (tickets, alerts), application data left out */
  after: { c2s: string[]; s2c: string[] };
  alerts: Array<{ dir: 'c2s' | 's2c'; description: string; level?: 'warning' | 'fatal' }>;
  certificate: { verdict: string; trustAnchor: string | null; trustAnchorSource: 'bundled' | 'user' | null; subjectCN: string; chainLength: number } | null;
  clientCertificate: { subjectCN: string; chainLength: number } | null;
  appData: { c2s: string; s2c: string } | null;
}

export interface ExpectedConnection {
  label?: string;
  /** absent: TLS over TCP; "quic" (RFC 9000) and "dtls" (RFC 6347) run over UDP */
  transport?: 'quic' | 'dtls';
  /** client IP (its port is the kernel's choice) */
  client: string;
  /** server IP:port */
  server: string;
  /** null over UDP */
  tcp: { closeKind: string; firstFin: 'client' | 'server' | null; rst: 'client' | 'server' | null } | null;
  /** plaintext connections: TCP payload bytes per direction and the first line each way */
  payload: { c2s: number; s2c: number; c2sFirstLine: string; s2cFirstLine: string } | null;
  /** QUIC: version (hex), ALPN, HANDSHAKE_DONE and NEW_TOKEN seen by the client, who closed and with which code */
  quic?: { version: string; alpn: string; handshakeDone: boolean; newToken: boolean; close: { dir: 'c2s' | 's2c'; errorCode: number } | null };
  /** QUIC: the HTTP/3 request and response header fields as the client sent and received them */
  http3?: { request: Record<string, string>; response: Record<string, string> };
  tls: ExpectedTls | null;
}

export interface SampleDescription {
  schema: string;
  title: { en: string; 'zh-CN': string };
  description: { en: string; 'zh-CN': string };
  capture: string;
  /** null: the handshake failed before any secret existed */
  keylog: string | null;
  trustedCa: string;
  /** RSA key exchange: the lab server's private key (PEM, PKCS#8), which decrypts the capture alone */
  serverKey?: string;
  serverKeyNote?: { en: string; 'zh-CN': string };
  made: { by: string; interface: string; filter: string; frames: number; how?: string; tools?: string[] };
  expect: { connections: ExpectedConnection[] };
}

export interface SampleFiles {
  name: string;
  dir: string;
  json: SampleDescription;
  capturePath: string;
  keylogPath: string | undefined;
  caPath: string;
  serverKeyPath: string | undefined;
}

/** Every sample with a JSON description in `dir`, by name. */
export function listSamples(dir = SAMPLES_DIR): SampleFiles[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as SampleDescription;
      return { name: f.replace(/\.json$/, ''), dir, json, capturePath: join(dir, json.capture), keylogPath: json.keylog ? join(dir, json.keylog) : undefined, caPath: join(dir, json.trustedCa), serverKeyPath: json.serverKey ? join(dir, json.serverKey) : undefined };
    });
}

/** The transports the engine reads; a sample over another one is checked against tshark only. */
const ENGINE_TRANSPORTS: ReadonlySet<string> = new Set(['tcp']);

/**
 * Why the engine cannot be held to this sample yet, or null. Issue 23 brings QUIC and DTLS into
 * the engine; until then it sees those captures' UDP datagrams and reports no connection, and the
 * golden tier checks the QUIC and DTLS samples against tshark (tshark.test.ts) instead.
 */
export function engineCannotRead(sample: SampleFiles): string | null {
  const other = [...new Set(sample.json.expect.connections.map((c) => c.transport ?? 'tcp'))].filter((t) => !ENGINE_TRANSPORTS.has(t));
  return other.length ? `the sample checks and the app's views do not cover ${other.join(' or ').toUpperCase()} yet (issue 23; the engine and the CLI do)` : null;
}

export async function analyzeSample(sample: SampleFiles, withCa = true) {
  const { report } = await analyzeCapture(sample.capturePath, { keylogPath: sample.keylogPath, trustedCaPaths: withCa ? [sample.caPath] : [] });
  return report;
}

const ip = (endpoint: string): string => endpoint.replace(/^\[?([^\]]*?)\]?:\d+$/, '$1');

/** "dir name" of a message as the expectations spell it (an alert's name is its description). */
function messageWord(m: { dir: string; kind: string; name: string }): string | null {
  if (m.kind === 'application_data') return null;
  if (m.kind === 'alert') return `${m.dir} alert ${m.name}`;
  return `${m.dir} ${m.name}`;
}

export function connectionMismatches(c: ConnectionReport, e: ExpectedConnection): string[] {
  const out: string[] = [];
  const eq = (what: string, got: unknown, want: unknown): void => {
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${what}: expected ${JSON.stringify(want)}, found ${JSON.stringify(got)}`);
  };
  eq('client address', ip(c.client), e.client);
  eq('server', c.server, e.server);
  if (!e.tcp) return [...out, 'the expectation is not over TCP: compare it with a comparison that knows its transport (issue 23)'];
  eq('tcp.closeKind', c.tcp.closeKind, e.tcp.closeKind);
  const finC = c.tcp.times.finFromClient ?? null;
  const finS = c.tcp.times.finFromServer ?? null;
  const firstFin = finC === null && finS === null ? null : finS === null || (finC !== null && finC < finS) ? 'client' : 'server';
  eq('first FIN from', firstFin, e.tcp.firstFin);
  eq('RST from', c.tcp.rstFromClient ? 'client' : c.tcp.rstFromServer ? 'server' : null, e.tcp.rst);
  if (e.payload) {
    eq('payload bytes', c.payloadBytes, { c2s: e.payload.c2s, s2c: e.payload.s2c });
  }
  if (!e.tls) {
    eq('tls', c.tls, null);
    return out;
  }
  const t = c.tls;
  if (!t) return [...out, 'tls: expected TLS, found none'];
  eq('version', t.versionName ?? null, e.tls.version);
  eq('cipher suite', t.cipherSuiteName ?? null, e.tls.cipherSuite);
  eq('key exchange', t.keyExchange ?? null, e.tls.keyExchange);
  eq('group', t.group ?? null, e.tls.group);
  eq('SNI', t.sni, e.tls.sni);
  eq('helloRetryRequest', t.helloRetryRequest, e.tls.helloRetryRequest);
  eq('resumed', t.resumed, e.tls.resumed);
  eq('handshakeComplete', t.handshakeComplete, e.tls.handshakeComplete);

  // messages: the handshake in wire order, then per direction what follows it
  const words = t.messages.map(messageWord).filter((w): w is string => w !== null);
  eq('handshake messages', words.slice(0, e.tls.handshake.length), e.tls.handshake);
  const rest = words.slice(e.tls.handshake.length);
  eq('after the handshake, client → server', rest.filter((w) => w.startsWith('c2s ')).map((w) => w.slice(4)), e.tls.after.c2s);
  eq('after the handshake, server → client', rest.filter((w) => w.startsWith('s2c ')).map((w) => w.slice(4)), e.tls.after.s2c);

  const alerts = t.alerts.map((a) => ({ dir: a.dir, description: a.descriptionName }));
  const want = e.tls.alerts.map((a) => ({ dir: a.dir, description: a.description }));
  const key = (a: { dir: string; description: string }): string => `${a.dir} ${a.description}`;
  eq('alerts', alerts.map(key).sort(), want.map(key).sort());
  for (const a of e.tls.alerts) {
    if (!a.level) continue;
    const found = t.alerts.find((x) => x.dir === a.dir && x.descriptionName === a.description);
    if (found) eq(`alert ${a.description} level`, found.levelName, a.level);
  }

  const v = t.validation;
  if (e.tls.certificate === null) {
    eq('server certificates', t.certificates.length, 0);
  } else {
    eq('certificate verdict', v?.verdict ?? null, e.tls.certificate.verdict);
    eq('trust anchor', v?.trustAnchor ?? null, e.tls.certificate.trustAnchor);
    eq('trust anchor source', v?.trustAnchorSource ?? null, e.tls.certificate.trustAnchorSource);
    eq('leaf subject CN', t.certificates[0]?.subjectCN ?? null, e.tls.certificate.subjectCN);
    eq('server chain length', t.certificates.length, e.tls.certificate.chainLength);
  }
  const cc = t.clientCertificates ?? [];
  if (e.tls.clientCertificate === null) eq('client certificates', cc.length, 0);
  else {
    eq('client certificate CN', cc[0]?.subjectCN ?? null, e.tls.clientCertificate.subjectCN);
    eq('client chain length', cc.length, e.tls.clientCertificate.chainLength);
  }
  const firstLine = (s: string | null | undefined): string | null => (s == null ? null : s.split('\\r\\n')[0]);
  if (e.tls.appData) {
    eq('first decrypted bytes c2s', firstLine(t.decryption?.firstAppData?.c2s), e.tls.appData.c2s);
    eq('first decrypted bytes s2c', firstLine(t.decryption?.firstAppData?.s2c), e.tls.appData.s2c);
  } else {
    eq('application data records', (t.appData?.c2s.records ?? 0) + (t.appData?.s2c.records ?? 0), 0);
  }
  return out;
}

/** Every difference between a report's connections and the sample's expectations. */
export function sampleMismatches(connections: ConnectionReport[], expected: ExpectedConnection[]): string[] {
  const out: string[] = [];
  if (connections.length !== expected.length) out.push(`connections: expected ${expected.length}, found ${connections.length}`);
  expected.forEach((e, i) => {
    const c = connections[i];
    if (!c) return;
    for (const m of connectionMismatches(c, e)) out.push(`connection ${i}${e.label ? ` (${e.label})` : ''}: ${m}`);
  });
  return out;
}
