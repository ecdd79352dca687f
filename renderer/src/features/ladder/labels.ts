/**
 * The words on a ladder row: a title ("ClientHello", "SYN", "Alert (fatal):
 * handshake_failure") and a detail line (frames, sizes). Protocol names stay
 * in English, as in the RFCs and in Wireshark; the rest is translated.
 */
import type { ConnectionReportView, Language } from '../../../../contract/api';
import { formatInteger, formatMs } from '../../format';
import type { Translate } from '../../../../contract/i18n/translate';
import { isTls13, type LadderItem } from './ladder-items';
import type { LadderLayout, LadderRow, LadderRun } from './layout';

export interface RowLabel {
  title: string;
  detail: string;
}

/** client_hello → ClientHello, change_cipher_spec → ChangeCipherSpec */
export function camelName(snake: string): string {
  return snake
    .split('_')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join('');
}

function framesText(item: LadderItem, t: Translate): string {
  return item.lastFrame > item.frame ? t('views.ladder.frames', { first: item.frame, last: item.lastFrame }) : t('views.ladder.frame', { frame: item.frame });
}

function sizeText(segments: number, bytes: number, approximate: boolean, t: Translate, language: Language): string {
  return t('views.ladder.segmentsBytes', { segments: formatInteger(language, segments), bytes: (approximate ? '≈' : '') + formatInteger(language, bytes) });
}

export function itemTitle(item: LadderItem, c: ConnectionReportView, t: Translate): string {
  const tls = c.tls;
  const alert = item.alertIndex !== undefined ? tls?.alerts[item.alertIndex] : undefined;
  if (alert) {
    if (alert.inferred) return t('views.ladder.closeNotifyInferred');
    if (alert.encrypted) return t('views.ladder.encryptedAlert');
    return t('views.ladder.alert', { level: alert.levelName ?? '?', name: alert.descriptionName });
  }
  switch (item.kind) {
    case 'tcp':
    case 'gap':
      return t(`event.${item.tcpKind ?? 'data'}`);
    case 'tcp-data':
      return t('views.ladder.tcpData');
    case 'app-data':
      return t('views.ladder.appData');
    case 'tls': {
      const m = item.messageIndex !== undefined ? tls?.messages[item.messageIndex] : undefined;
      if (!m) return '?';
      if (m.kind === 'handshake' && m.type === 'encrypted') return t('views.ladder.encryptedHandshake');
      if (m.kind === 'alert') return t('views.ladder.encryptedAlert');
      if (m.kind === 'sslv2') return `SSLv2 ${m.name}`;
      if (m.kind === 'unknown' || m.name.startsWith('unknown')) return m.name;
      return camelName(m.name);
    }
  }
}

export function itemDetail(item: LadderItem, c: ConnectionReportView, t: Translate, language: Language): string {
  const parts: string[] = [];
  const event = item.eventIndex !== undefined ? c.events[item.eventIndex] : undefined;
  const m = item.messageIndex !== undefined ? c.tls?.messages[item.messageIndex] : undefined;
  if (item.kind === 'gap') parts.push(t('views.ladder.gap', { bytes: formatInteger(language, event?.missing ?? 0) }));
  else if (item.kind === 'tcp' && event) {
    parts.push(event.flags);
    if (event.len > 0) parts.push(`${formatInteger(language, event.len)} B`);
  } else if (item.kind === 'app-data' || item.kind === 'tcp-data') {
    parts.push(sizeText(item.segments ?? 1, item.bytes ?? 0, !!item.approximate, t, language));
  } else if (m) {
    if (m.kind === 'handshake' && m.type === 'encrypted') parts.push(isTls13(c) && m.dir === 's2c' ? t('views.ladder.encryptedFlight13') : t('views.ladder.finished12'));
    parts.push(`${formatInteger(language, m.length)} B`);
  }
  parts.push(framesText(item, t));
  return parts.join(' · ');
}

function runDetail(run: LadderRun, t: Translate, language: Language): string {
  const side = (d: LadderRun['c2s']) => sizeText(d.segments, d.bytes, false, t, language);
  return t('views.ladder.runDetail', { c2s: side(run.c2s), s2c: side(run.s2c) });
}

export function rowLabel(row: LadderRow, layout: LadderLayout, c: ConnectionReportView, t: Translate, language: Language): RowLabel {
  if (row.kind === 'run' || row.kind === 'run-header') {
    const run = layout.runs.find((r) => r.key === row.runKey)!;
    return { title: t(row.kind === 'run' ? 'views.ladder.run' : 'views.ladder.runHeader', { count: formatInteger(language, run.count) }), detail: runDetail(run, t, language) };
  }
  return { title: itemTitle(row.item, c, t), detail: itemDetail(row.item, c, t, language) };
}

/** "Step 3" or "Steps 3–5" */
export function stepText(row: LadderRow, t: Translate): string {
  if (row.step === null) return '';
  return row.stepTo && row.stepTo !== row.step ? t('views.ladder.steps', { from: row.step, to: row.stepTo }) : t('views.ladder.step', { step: row.step });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * 18:16:58.654077 (UTC, microseconds). Worked out without Date: a damaged
 * capture's timestamp can lie far past the years Date can hold (it would
 * throw), and the time of day is the same arithmetic for any second.
 */
export function clockTime(epochSeconds: number): string {
  if (!Number.isFinite(epochSeconds)) return '--:--:--.------';
  const micros = Math.round(epochSeconds * 1e6);
  // past 2^53 µs (the year 2255) a double holds no microseconds: whole seconds, and what is left of the fraction
  const exact = Number.isSafeInteger(micros);
  const seconds = exact ? Math.floor(micros / 1e6) : Math.floor(epochSeconds);
  const fraction = exact ? micros - seconds * 1e6 : Math.min(999_999, Math.round((epochSeconds - seconds) * 1e6));
  const day = ((seconds % 86_400) + 86_400) % 86_400;
  return `${pad2(Math.floor(day / 3600))}:${pad2(Math.floor(day / 60) % 60)}:${pad2(day % 60)}.${String(fraction).padStart(6, '0')}`;
}

export function deltaText(row: LadderRow, t: Translate, language: Language): string {
  return row.deltaMs === null ? '' : t('views.ladder.delta', { ms: formatMs(language, row.deltaMs) });
}
