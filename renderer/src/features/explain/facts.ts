/**
 * What this particular event or message shows, as language-neutral facts:
 * a sentence key plus parameters read from the analysis (counts, names,
 * durations). The catalogs turn them into sentences; nothing here is prose,
 * and every number or name comes from the connection's data.
 */
import type { ClientHelloInfo, ConnectionReportView, Direction, ServerHelloInfo, TlsMessage, TlsSummary } from '../../../../contract/api';
import type { TcpEvent } from '../../../../contract/report/tcp-events';
import type { ExplainSubject } from './subject';
import type { VersionNote } from './kinds';

export const FACT_KEYS = [
  'tcp.open',
  'tcp.flags',
  'tcp.synAckRtt',
  'tcp.ackRtt',
  'tcp.dataOne',
  'tcp.dataRun',
  'tcp.finSide',
  'tcp.finAckSide',
  'tcp.closeKind',
  'tcp.rstSide',
  'tcp.rstBeforeHandshake',
  'tcp.retransmissionTotal',
  'tcp.outOfOrderTotal',
  'tcp.keepAliveTotal',
  'tcp.zeroWindowTotal',
  'tcp.gapMissing',
  'tcp.gapTotal',
  'tls.frames',
  'tls.recordCount',
  'tls.decrypted',
  'ch.versions',
  'ch.legacyVersion',
  'ch.suites',
  'ch.sni',
  'ch.noSni',
  'ch.alpn',
  'ch.keyShares',
  'ch.extensions',
  'ch.sessionId',
  'ch.ticket',
  'ch.psk',
  'ch.random',
  'ch.ja4',
  'ch.grease',
  'sh.chose',
  'sh.choseNoOffer',
  'sh.kxEcdhe',
  'sh.kxDhe',
  'sh.kxRsa',
  'sh.kxTls13',
  'sh.kxOther',
  'sh.version',
  'sh.versionBySupportedVersions',
  'sh.alpn',
  'sh.resumed',
  'sh.hrr',
  'sh.random',
  'cert.chain',
  'cert.validity',
  'cert.verdict',
  'cert.clientChain',
  'cert.empty',
  'ske.curve',
  'ske.dh',
  'ske.signed',
  'cke.rsa',
  'cke.ecdhe',
  'cke.other',
  'certreq.mutual',
  'cv.sig',
  'fin.verify',
  'nst.ticket',
  'ku.requested',
  'cs.ocsp',
  'enc.finished12',
  'enc.flight13',
  'enc.clientFinished13',
  'ccs.tls12',
  'ccs.tls13',
  'alert.level',
  'alert.fatal',
  'alert.beforeHandshake',
  'alert.offered',
  'alert.sideSent',
  'alert.certVerdict',
  'alert.encryptedSize',
  'close.side',
  'close.inferred',
  'app.stretch',
  'app.approx',
  'app.cipher',
  'app.protocol',
  'app.totals',
  'app.first',
  'app.decrypted',
  'run.summary',
  'run.side',
  'plain.stretch',
  'plain.notTls',
  'plain.beforeTls',
  'hb.length',
  'sslv2.old',
] as const;

export type FactKey = (typeof FACT_KEYS)[number];

export const WORD_KEYS = [
  'side.client',
  'side.server',
  'verdict.valid',
  'verdict.expired',
  'verdict.not-yet-valid',
  'verdict.wrong-host',
  'verdict.self-signed',
  'verdict.unknown-issuer',
  'verdict.bad-signature',
  'verdict.incomplete',
  'verdict.unparseable',
  'verdict.no-certificates',
  'resumed.session-id',
  'resumed.ticket',
  'resumed.psk',
  'close.four-way',
  'close.simultaneous',
  'close.half-closed',
  'close.rst',
  'close.open',
  'level.warning',
  'level.fatal',
  'level.unknown',
] as const;

export type WordKey = (typeof WORD_KEYS)[number];

/** A parameter: data (text or a count), a duration, or a word the catalog translates. */
export type FactParam = string | number | { ms: number } | { word: WordKey };

export interface Fact {
  key: FactKey;
  params: Record<string, FactParam>;
}

const fact = (key: FactKey, params: Record<string, FactParam> = {}): Fact => ({ key, params });
const side = (dir: Direction): FactParam => ({ word: dir === 'c2s' ? 'side.client' : 'side.server' });
const ms = (seconds: number): FactParam => ({ ms: Math.round(seconds * 1e6) / 1000 });
const isTls13 = (tls: TlsSummary | null) => !!tls?.version && (tls.version === '0x0304' || tls.version.startsWith('0x7f'));
const list = (values: readonly string[], max = 6) => (values.length > max ? [...values.slice(0, max), '…'] : values).join(', ');

export function explainFacts(subject: ExplainSubject, c: ConnectionReportView): Fact[] {
  switch (subject.type) {
    case 'tcp':
      return tcpFacts(subject.event, c);
    case 'message':
      return messageFacts(subject.message, c, subject.alert);
    case 'alert':
      return alertFacts(subject.alert, c, null);
    case 'app-data': {
      const d = subject.data;
      const facts = [fact('app.stretch', { segments: d.segments, bytes: d.bytes, side: side(d.dir) })];
      if (d.approximate) facts.push(fact('app.approx'));
      return [...facts, ...appDataFacts(d.dir, c)];
    }
    case 'plain-data': {
      const d = subject.data;
      return [fact('plain.stretch', { segments: d.segments, bytes: d.bytes, side: side(d.dir) }), fact(c.tls ? 'plain.beforeTls' : 'plain.notTls')];
    }
    case 'run': {
      const run = subject.run;
      const facts = [fact('run.summary', { count: run.count, duration: ms(run.end - run.start) })];
      if (run.c2s.items) facts.push(fact('run.side', { side: side('c2s'), segments: run.c2s.segments, bytes: run.c2s.bytes }));
      if (run.s2c.items) facts.push(fact('run.side', { side: side('s2c'), segments: run.s2c.segments, bytes: run.s2c.bytes }));
      if (c.tls && c.tls.cipherSuiteName) facts.push(fact('app.cipher', { suite: c.tls.cipherSuiteName }));
      return facts;
    }
  }
}

function tcpFacts(e: TcpEvent, c: ConnectionReportView): Fact[] {
  const facts: Fact[] = [];
  const t = c.tcp;
  switch (e.kind) {
    case 'syn':
      facts.push(fact('tcp.open', { client: c.client, server: c.server }));
      break;
    case 'syn-ack':
      if (t.serverRttMs !== null) facts.push(fact('tcp.synAckRtt', { rtt: { ms: t.serverRttMs } }));
      break;
    case 'ack':
      if (t.clientRttMs !== null && t.handshakeRttMs !== null) facts.push(fact('tcp.ackRtt', { rtt: { ms: t.clientRttMs }, total: { ms: t.handshakeRttMs } }));
      break;
    case 'data':
      if ((e.segments ?? 1) > 1) facts.push(fact('tcp.dataRun', { segments: e.segments ?? 1, bytes: e.bytes ?? e.len, first: e.frame, last: e.lastFrame ?? e.frame }));
      else facts.push(fact('tcp.dataOne', { bytes: e.bytes ?? e.len, frame: e.frame }));
      break;
    case 'fin':
      facts.push(fact('tcp.finSide', { side: side(e.dir) }), fact('tcp.closeKind', { close: { word: `close.${t.closeKind}` } }));
      break;
    case 'fin-ack':
      facts.push(fact('tcp.finAckSide', { side: side(e.dir) }));
      break;
    case 'rst':
      facts.push(fact('tcp.rstSide', { side: side(e.dir) }));
      if (c.tls && !c.tls.handshakeComplete) facts.push(fact('tcp.rstBeforeHandshake'));
      break;
    case 'retransmission':
      facts.push(fact('tcp.retransmissionTotal', { count: t.retransmissions }));
      break;
    case 'out-of-order':
      facts.push(fact('tcp.outOfOrderTotal', { count: t.outOfOrder }));
      break;
    case 'keep-alive':
      facts.push(fact('tcp.keepAliveTotal', { count: t.keepAlives }));
      break;
    case 'zero-window':
      facts.push(fact('tcp.zeroWindowTotal', { count: t.zeroWindows }));
      break;
    case 'gap':
      facts.push(fact('tcp.gapMissing', { missing: e.missing ?? 0, side: side(e.dir) }), fact('tcp.gapTotal', { gaps: t.gaps, bytes: t.gapBytes }));
      return facts;
  }
  facts.push(fact('tcp.flags', { flags: e.flags, seq: e.seq, len: e.len }));
  return facts;
}

function helloFor<T extends { frame: number | null }>(hellos: T[], m: TlsMessage): T | undefined {
  const frame = m.frames[m.frames.length - 1];
  return hellos.find((h) => h.frame === frame) ?? hellos[0];
}

function frameFacts(m: TlsMessage): Fact[] {
  const facts = [fact('tls.frames', { length: m.length, frames: m.frames.join(', ') })];
  if ((m.recordCount ?? 1) > 1) facts.push(fact('tls.recordCount', { count: m.recordCount! }));
  if (m.decrypted) facts.push(fact('tls.decrypted'));
  return facts;
}

function messageFacts(m: TlsMessage, c: ConnectionReportView, alert?: TlsSummary['alerts'][number]): Fact[] {
  const tls = c.tls;
  if (alert) return [...alertFacts(alert, c, m), ...frameFacts(m)];
  const facts: Fact[] = [];
  const detail = (m.detail ?? {}) as Record<string, unknown>;
  const tls13 = isTls13(tls);
  if (m.kind === 'handshake' && tls) {
    switch (m.type === 'encrypted' ? 'encrypted' : m.name) {
      case 'client_hello': {
        const ch = helloFor(tls.clientHellos, m);
        if (ch) facts.push(...clientHelloFacts(ch, tls));
        break;
      }
      case 'server_hello':
      case 'hello_retry_request': {
        const sh = helloFor(tls.serverHellos, m);
        if (sh) facts.push(...serverHelloFacts(sh, tls));
        break;
      }
      case 'certificate': {
        const chain = m.dir === 's2c' ? tls.certificates : tls.clientCertificates;
        const count = typeof detail.count === 'number' ? detail.count : chain.length;
        if (count === 0) facts.push(fact('cert.empty'));
        else if (m.dir === 'c2s') facts.push(fact('cert.clientChain', { count }));
        else if (chain[0]) {
          facts.push(fact('cert.chain', { count, subject: chain[0].subjectCN ?? chain[0].subject, issuer: chain[0].issuerCN ?? chain[0].issuer }));
          facts.push(fact('cert.validity', { from: chain[0].notBefore.slice(0, 10), to: chain[0].notAfter.slice(0, 10) }));
          if (tls.validation) facts.push(fact('cert.verdict', { verdict: { word: `verdict.${tls.validation.verdict}` } }));
        }
        break;
      }
      case 'server_key_exchange':
        if (typeof detail.namedCurveName === 'string') facts.push(fact('ske.curve', { curve: detail.namedCurveName }));
        if (typeof detail.dhPrimeBits === 'number') facts.push(fact('ske.dh', { bits: detail.dhPrimeBits }));
        if (typeof detail.signatureAlgorithmName === 'string') facts.push(fact('ske.signed', { sig: detail.signatureAlgorithmName }));
        break;
      case 'client_key_exchange': {
        const length = typeof detail.length === 'number' ? detail.length : m.length;
        const kx = tls.keyExchange ?? '';
        facts.push(fact(kx === 'RSA' ? 'cke.rsa' : /DHE/.test(kx) ? 'cke.ecdhe' : 'cke.other', { length, kx }));
        break;
      }
      case 'certificate_request':
        facts.push(fact('certreq.mutual'));
        break;
      case 'certificate_verify':
        if (typeof detail.signatureAlgorithmName === 'string') facts.push(fact('cv.sig', { sig: detail.signatureAlgorithmName }));
        break;
      case 'finished':
        facts.push(fact('fin.verify', { length: typeof detail.verifyDataLength === 'number' ? detail.verifyDataLength : m.length }));
        break;
      case 'new_session_ticket': {
        const lifetime = detail.lifetimeSeconds ?? detail.lifetimeHintSeconds;
        if (typeof detail.ticketLength === 'number') facts.push(fact('nst.ticket', { length: detail.ticketLength, lifetime: typeof lifetime === 'number' ? lifetime : 0 }));
        break;
      }
      case 'key_update':
        if (detail.requestUpdate === 1) facts.push(fact('ku.requested'));
        break;
      case 'certificate_status':
        if (typeof detail.responseLength === 'number') facts.push(fact('cs.ocsp', { length: detail.responseLength }));
        break;
      case 'encrypted':
        if (tls13) facts.push(fact(m.dir === 's2c' ? 'enc.flight13' : 'enc.clientFinished13'));
        else facts.push(fact('enc.finished12', { side: side(m.dir) }));
        break;
    }
  } else if (m.kind === 'change_cipher_spec') {
    facts.push(tls13 ? fact('ccs.tls13') : fact('ccs.tls12', { side: side(m.dir) }));
  } else if (m.kind === 'alert') {
    facts.push(fact('alert.sideSent', { side: side(m.dir) }), fact('alert.encryptedSize', { length: m.length }));
  } else if (m.kind === 'application_data') {
    facts.push(...appDataFacts(m.dir, c));
  } else if (m.kind === 'heartbeat') {
    facts.push(fact('hb.length', { length: m.length }));
  } else if (m.kind === 'sslv2') {
    facts.push(fact('sslv2.old'));
  }
  return [...facts, ...frameFacts(m)];
}

function clientHelloFacts(ch: ClientHelloInfo, tls: TlsSummary): Fact[] {
  const facts: Fact[] = [];
  if (ch.supportedVersionNames.length) facts.push(fact('ch.versions', { versions: list(ch.supportedVersionNames.filter((n) => !/grease/i.test(n))) }));
  facts.push(fact('ch.legacyVersion', { version: ch.legacyVersionName }));
  const suites = ch.cipherSuiteNames.filter((n) => !/grease/i.test(n));
  if (suites.length) facts.push(fact('ch.suites', { count: ch.cipherSuites.length, first: suites[0] }));
  facts.push(ch.sni ? fact('ch.sni', { sni: ch.sni }) : fact('ch.noSni'));
  if (ch.alpn.length) facts.push(fact('ch.alpn', { alpn: list(ch.alpn) }));
  if (ch.keyShareGroups.length) {
    const names = ch.keyShareGroups.map((g) => {
      const at = ch.supportedGroups.indexOf(g);
      return at >= 0 && ch.supportedGroupNames[at] ? ch.supportedGroupNames[at] : `0x${g.toString(16).padStart(4, '0')}`;
    });
    facts.push(fact('ch.keyShares', { groups: list(names.filter((n) => !/grease/i.test(n))) }));
  }
  facts.push(fact('ch.extensions', { count: ch.extensions.length, names: list(ch.extensions.filter((e) => !e.grease).map((e) => e.name), 8) }));
  const grease = ch.extensions.filter((e) => e.grease).length + ch.cipherSuiteNames.filter((n) => /grease/i.test(n)).length;
  if (grease) facts.push(fact('ch.grease', { count: grease }));
  if (ch.sessionId.length) facts.push(fact('ch.sessionId', { bytes: ch.sessionId.length / 2 }));
  if (ch.sessionTicketLength) facts.push(fact('ch.ticket', { bytes: ch.sessionTicketLength }));
  if (ch.pskOffered) facts.push(fact('ch.psk'));
  if (ch.random) facts.push(fact('ch.random', { prefix: ch.random.slice(0, 16) }));
  const ja4 = ch.ja4 ?? tls.ja4;
  if (ja4) facts.push(fact('ch.ja4', { ja4 }));
  return facts;
}

function serverHelloFacts(sh: ServerHelloInfo, tls: TlsSummary): Fact[] {
  const facts: Fact[] = [];
  if (sh.helloRetryRequest) {
    facts.push(fact('sh.hrr', { group: sh.keyShareGroupName ?? String(sh.keyShareGroup ?? '?') }));
    return facts;
  }
  const offered = tls.clientHellos[0]?.cipherSuites.length;
  facts.push(offered ? fact('sh.chose', { suite: sh.cipherSuiteName, offered }) : fact('sh.choseNoOffer', { suite: sh.cipherSuiteName }));
  const kx = tls.keyExchange ?? '';
  if (isTls13(tls)) facts.push(fact('sh.kxTls13', { group: sh.keyShareGroupName ?? tls.group ?? '?' }));
  else if (kx === 'RSA') facts.push(fact('sh.kxRsa'));
  else if (kx.startsWith('ECDHE')) facts.push(fact('sh.kxEcdhe'));
  else if (kx.startsWith('DHE')) facts.push(fact('sh.kxDhe'));
  else if (kx) facts.push(fact('sh.kxOther', { kx }));
  if (tls.versionName) facts.push(fact('sh.version', { version: tls.versionName }));
  if (tls.versionSource === 'server_hello.supported_versions') facts.push(fact('sh.versionBySupportedVersions'));
  if (sh.alpn) facts.push(fact('sh.alpn', { alpn: sh.alpn }));
  if (tls.resumed) facts.push(fact('sh.resumed', { how: { word: `resumed.${tls.resumed}` } }));
  if (sh.random) facts.push(fact('sh.random', { prefix: sh.random.slice(0, 16) }));
  return facts;
}

function alertFacts(a: TlsSummary['alerts'][number], c: ConnectionReportView, m: TlsMessage | null): Fact[] {
  const tls = c.tls;
  const facts: Fact[] = [fact('alert.sideSent', { side: side(a.dir) })];
  if (a.inferred) {
    facts.push(fact('close.inferred', { length: m?.length ?? 0, side: side(a.dir) }));
    return facts;
  }
  if (a.encrypted) {
    facts.push(fact('alert.encryptedSize', { length: m?.length ?? 0 }));
    return facts;
  }
  const level: FactParam = { word: a.level === 1 ? 'level.warning' : a.level === 2 ? 'level.fatal' : 'level.unknown' };
  facts.push(fact('alert.level', { level, description: a.descriptionName, code: a.description ?? '?' }));
  if (a.description === 0) facts.push(fact('close.side', { side: side(a.dir) }));
  if (a.level === 2) facts.push(fact('alert.fatal'));
  const helloTime = tls?.timings.clientHello;
  if (tls && !tls.handshakeComplete && helloTime !== null && helloTime !== undefined && a.description !== 0) {
    facts.push(fact('alert.beforeHandshake', { after: ms(a.time - helloTime) }));
    const ch = tls.clientHellos[0];
    const noServerHello = tls.serverHellos.length === 0;
    if (ch && noServerHello && ['handshake_failure', 'insufficient_security', 'protocol_version', 'illegal_parameter'].includes(a.descriptionName)) {
      const versions = ch.supportedVersionNames.length ? ch.supportedVersionNames.filter((n) => !/grease/i.test(n)) : [ch.legacyVersionName];
      facts.push(fact('alert.offered', { count: ch.cipherSuites.length, versions: list(versions) }));
    }
  }
  if (/certificate|unknown_ca/.test(a.descriptionName) && tls?.validation) facts.push(fact('alert.certVerdict', { verdict: { word: `verdict.${tls.validation.verdict}` } }));
  return facts;
}

function appDataFacts(dir: Direction, c: ConnectionReportView): Fact[] {
  const tls = c.tls;
  if (!tls) return [];
  const facts: Fact[] = [];
  if (tls.cipherSuiteName) facts.push(fact('app.cipher', { suite: tls.cipherSuiteName }));
  if (tls.alpnSelected) facts.push(fact('app.protocol', { alpn: tls.alpnSelected }));
  const totals = tls.appData[dir];
  if (totals.records) facts.push(fact('app.totals', { side: side(dir), records: totals.records, bytes: totals.bytes }));
  const first = dir === 'c2s' ? tls.timings.firstAppDataC2sMs : tls.timings.firstAppDataS2cMs;
  if (first !== null) facts.push(fact('app.first', { after: { ms: first } }));
  if (tls.decryption?.appProtocol) facts.push(fact('app.decrypted', { protocol: tls.decryption.appProtocol }));
  return facts;
}

/** Which TLS 1.2-vs-1.3 note belongs to this connection, for the steps where they differ. */
export function versionNoteFor(tls: TlsSummary | null): VersionNote | null {
  if (!tls) return null;
  if (isTls13(tls)) return 'tls13';
  const kx = tls.keyExchange ?? '';
  if (kx === 'RSA') return 'tls12-rsa';
  if (kx.startsWith('ECDHE')) return 'tls12-ecdhe';
  if (kx.startsWith('DHE')) return 'tls12-dhe';
  return null;
}
