/**
 * What the engine decoded about a message or event, as translated label/value
 * lines for the inspector: for hellos every field (versions, random, session
 * id, each cipher suite by name, each extension with what was decoded from
 * it), for other messages the engine's detail, for TCP events flags and
 * the relative sequence number.
 */
import type { ClientHelloInfo, ConnectionReportView, ExtensionEntry, ServerHelloInfo, TlsMessage } from '../../../../contract/api';
import type { Translate } from '../../../../contract/i18n/translate';
import type { ViewsKey } from '../../../../contract/i18n/views.en';
import type { TcpEvent } from '../../../../contract/report/tcp-events';
import { detailTexts, extensionDecodedText, groupText, versionStringText, versionText, withCode } from './field-values';

export interface DecodedLine {
  /** translated */
  label: string;
  value: string;
  /** long lists (cipher suites, extensions) fold out */
  items?: string[];
}

function extensionLine(e: ExtensionEntry, t: Translate): string {
  const head = t('views.ext.head', { name: withCode(e.name, e.type), size: t('views.unit.bytes', { n: e.length }) });
  const decoded = e.decoded ? extensionDecodedText(e.decoded, t) : '';
  return `${head}${e.grease ? ' GREASE' : ''}${decoded ? ` — ${decoded}` : ''}`;
}

function clientHelloLines(ch: ClientHelloInfo, line: LineMaker, t: Translate): DecodedLine[] {
  const lines: DecodedLine[] = [line('views.field.legacyVersion', versionStringText(ch.legacyVersion))];
  if (ch.supportedVersionNames.length) lines.push(line('views.field.supportedVersions', ch.supportedVersionNames.join(', ')));
  lines.push(line('views.field.random', ch.random || '—'), line('views.field.sessionId', ch.sessionId || '—'));
  lines.push(line('views.field.cipherSuites', String(ch.cipherSuites.length), { count: ch.cipherSuites.length }, ch.cipherSuites.map((v, i) => withCode(ch.cipherSuiteNames[i] ?? '?', v))));
  lines.push(line('views.field.compression', ch.compressionMethods.join(', ')));
  lines.push(line('views.field.extensions', String(ch.extensions.length), { count: ch.extensions.length }, ch.extensions.map((e) => extensionLine(e, t))));
  if (ch.sni) lines.push(line('views.field.sni', ch.serverNames.join(', ') || ch.sni));
  if (ch.alpn.length) lines.push(line('views.field.alpn', ch.alpn.join(', ')));
  if (ch.supportedGroupNames.length) lines.push(line('views.field.groups', ch.supportedGroupNames.join(', ')));
  if (ch.keyShareGroups.length) lines.push(line('views.field.keyShares', ch.keyShareGroups.map(groupText).join(', ')));
  if (ch.signatureAlgorithmNames.length) lines.push(line('views.field.signatureAlgorithms', ch.signatureAlgorithmNames.join(', ')));
  if (ch.ja3) lines.push(line('views.field.ja3', ch.ja3));
  if (ch.ja4) lines.push(line('views.field.ja4', ch.ja4));
  return lines;
}

function serverHelloLines(sh: ServerHelloInfo, line: LineMaker, t: Translate): DecodedLine[] {
  const lines: DecodedLine[] = [line('views.field.legacyVersion', versionStringText(sh.legacyVersion))];
  if (sh.supportedVersion !== null) lines.push(line('views.field.selectedVersion', versionText(sh.supportedVersion)));
  lines.push(line('views.field.random', sh.random || '—'), line('views.field.sessionId', sh.sessionId || '—'));
  lines.push(line('views.field.cipherSuite', `${sh.cipherSuiteName} (${sh.cipherSuiteHex})`));
  lines.push(line('views.field.compression', String(sh.compressionMethod)));
  lines.push(line('views.field.extensions', String(sh.extensions.length), { count: sh.extensions.length }, sh.extensions.map((e) => extensionLine(e, t))));
  if (sh.keyShareGroupName) lines.push(line('views.field.keyShareGroup', sh.keyShareGroupName));
  if (sh.alpn) lines.push(line('views.field.alpn', sh.alpn));
  if (sh.ja3s) lines.push(line('views.field.ja3s', sh.ja3s));
  return lines;
}

type LineMaker = (key: ViewsKey, value: string, params?: Record<string, string | number>, items?: string[]) => DecodedLine;
const lineMaker =
  (t: Translate): LineMaker =>
  (key, value, params, items) => ({ label: t(key, params), value, ...(items ? { items } : {}) });

export function messageLines(m: TlsMessage, c: ConnectionReportView, t: Translate): DecodedLine[] {
  const line = lineMaker(t);
  const lines: DecodedLine[] = [];
  const tls = c.tls;
  const last = m.frames[m.frames.length - 1];
  if (tls && m.kind === 'handshake' && m.name === 'client_hello') {
    const ch = tls.clientHellos.find((h) => h.frame === last) ?? tls.clientHellos[0];
    if (ch) lines.push(...clientHelloLines(ch, line, t));
  } else if (tls && m.kind === 'handshake' && (m.name === 'server_hello' || m.name === 'hello_retry_request')) {
    const sh = tls.serverHellos.find((h) => h.frame === last) ?? tls.serverHellos[0];
    if (sh) lines.push(...serverHelloLines(sh, line, t));
  } else if (m.detail) {
    lines.push(...detailTexts(m.detail, t));
  }
  lines.push(line('views.field.length', t('views.unit.bytes', { n: m.length })), line('views.field.recordVersion', versionStringText(m.recordVersion)), line('views.field.frames', m.frames.join(', ')));
  return lines;
}

export function eventLines(e: TcpEvent, t: Translate): DecodedLine[] {
  const line = lineMaker(t);
  const lines: DecodedLine[] = [line('views.field.flags', e.flags), line('views.field.sequence', String(e.seq))];
  lines.push(line('views.field.length', t('views.unit.bytes', { n: e.len })));
  if (e.segments !== undefined) lines.push(line('views.field.segments', String(e.segments)));
  if (e.bytes !== undefined) lines.push(line('views.field.bytes', t('views.unit.bytes', { n: e.bytes })));
  lines.push(line('views.field.frames', e.lastFrame && e.lastFrame !== e.frame ? `${e.frame}–${e.lastFrame}` : String(e.frame)));
  return lines;
}
