/**
 * What the engine decoded about a message or event, as label/value lines for
 * the inspector: for hellos every field (versions, random, session id, each
 * cipher suite by name, each extension with what was decoded from it), for
 * other messages the engine's detail, for TCP events flags and sequence.
 */
import type { ClientHelloInfo, ConnectionReportView, ExtensionEntry, ServerHelloInfo, TlsMessage } from '../../../../contract/api';
import type { TcpEvent } from '../../../../contract/report/tcp-events';
import type { ViewsKey } from '../../../../contract/i18n/views.en';

export interface DecodedLine {
  /** a translated label, or a protocol field name shown as is */
  label: { key: ViewsKey; params?: Record<string, string | number> } | { raw: string };
  value: string;
  /** long lists (cipher suites, extensions) fold out */
  items?: string[];
}

const hex4 = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;
const line = (key: ViewsKey, value: string, params?: Record<string, string | number>, items?: string[]): DecodedLine => ({ label: { key, ...(params ? { params } : {}) }, value, ...(items ? { items } : {}) });

function compact(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value);
  return json.length > 160 ? `${json.slice(0, 157)}…` : json;
}

function extensionLine(e: ExtensionEntry): string {
  const decoded = e.decoded ? ` ${compact(e.decoded)}` : '';
  return `${e.name} (${hex4(e.type)}, ${e.length} B)${e.grease ? ' GREASE' : ''}${decoded}`;
}

function clientHelloLines(ch: ClientHelloInfo): DecodedLine[] {
  const lines: DecodedLine[] = [line('views.field.legacyVersion', `${ch.legacyVersionName} (${ch.legacyVersion})`)];
  if (ch.supportedVersionNames.length) lines.push(line('views.field.supportedVersions', ch.supportedVersionNames.join(', ')));
  lines.push(line('views.field.random', ch.random || '—'), line('views.field.sessionId', ch.sessionId || '—'));
  lines.push(line('views.field.cipherSuites', String(ch.cipherSuites.length), { count: ch.cipherSuites.length }, ch.cipherSuites.map((v, i) => `${ch.cipherSuiteNames[i] ?? '?'} (${hex4(v)})`)));
  lines.push(line('views.field.compression', ch.compressionMethods.join(', ')));
  lines.push(line('views.field.extensions', String(ch.extensions.length), { count: ch.extensions.length }, ch.extensions.map(extensionLine)));
  if (ch.sni) lines.push(line('views.field.sni', ch.serverNames.join(', ') || ch.sni));
  if (ch.alpn.length) lines.push(line('views.field.alpn', ch.alpn.join(', ')));
  if (ch.supportedGroupNames.length) lines.push(line('views.field.groups', ch.supportedGroupNames.join(', ')));
  if (ch.keyShareGroups.length) lines.push(line('views.field.keyShares', ch.keyShareGroups.map(hex4).join(', ')));
  if (ch.signatureAlgorithmNames.length) lines.push(line('views.field.signatureAlgorithms', ch.signatureAlgorithmNames.join(', ')));
  if (ch.ja3) lines.push(line('views.field.ja3', ch.ja3));
  if (ch.ja4) lines.push(line('views.field.ja4', ch.ja4));
  return lines;
}

function serverHelloLines(sh: ServerHelloInfo): DecodedLine[] {
  const lines: DecodedLine[] = [line('views.field.legacyVersion', `${sh.legacyVersionName} (${sh.legacyVersion})`)];
  if (sh.supportedVersion !== null) lines.push(line('views.field.selectedVersion', hex4(sh.supportedVersion)));
  lines.push(line('views.field.random', sh.random || '—'), line('views.field.sessionId', sh.sessionId || '—'));
  lines.push(line('views.field.cipherSuite', `${sh.cipherSuiteName} (${sh.cipherSuiteHex})`));
  lines.push(line('views.field.compression', String(sh.compressionMethod)));
  lines.push(line('views.field.extensions', String(sh.extensions.length), { count: sh.extensions.length }, sh.extensions.map(extensionLine)));
  if (sh.keyShareGroupName) lines.push(line('views.field.keyShareGroup', sh.keyShareGroupName));
  if (sh.alpn) lines.push(line('views.field.alpn', sh.alpn));
  if (sh.ja3s) lines.push(line('views.field.ja3s', sh.ja3s));
  return lines;
}

export function messageLines(m: TlsMessage, c: ConnectionReportView): DecodedLine[] {
  const lines: DecodedLine[] = [];
  const tls = c.tls;
  const last = m.frames[m.frames.length - 1];
  if (tls && m.kind === 'handshake' && m.name === 'client_hello') {
    const ch = tls.clientHellos.find((h) => h.frame === last) ?? tls.clientHellos[0];
    if (ch) lines.push(...clientHelloLines(ch));
  } else if (tls && m.kind === 'handshake' && (m.name === 'server_hello' || m.name === 'hello_retry_request')) {
    const sh = tls.serverHellos.find((h) => h.frame === last) ?? tls.serverHellos[0];
    if (sh) lines.push(...serverHelloLines(sh));
  } else if (m.detail) {
    for (const [key, value] of Object.entries(m.detail)) lines.push({ label: { raw: key }, value: compact(value) });
  }
  lines.push(line('views.field.length', `${m.length} B`), line('views.field.recordVersion', m.recordVersion), line('views.field.frames', m.frames.join(', ')));
  return lines;
}

export function eventLines(e: TcpEvent): DecodedLine[] {
  const lines: DecodedLine[] = [line('views.field.flags', e.flags), line('views.field.sequence', String(e.seq)), line('views.field.length', `${e.len} B`)];
  if (e.segments !== undefined) lines.push(line('views.field.segments', String(e.segments)));
  if (e.bytes !== undefined) lines.push(line('views.field.bytes', String(e.bytes)));
  lines.push(line('views.field.frames', e.lastFrame && e.lastFrame !== e.frame ? `${e.frame}–${e.lastFrame}` : String(e.frame)));
  return lines;
}
