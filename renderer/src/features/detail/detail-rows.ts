/** One list of a connection's TCP events and TLS messages, in frame order, as text. */
import type { ConnectionReportView, Direction } from '../../../../contract/api';
import type { Translate } from '../../../../contract/i18n/translate';

export interface DetailRow {
  key: string;
  frame: number;
  /** seconds since the connection's first frame */
  offsetSeconds: number;
  dir: Direction;
  layer: 'tcp' | 'tls';
  event: string;
  info: string;
}

export function detailRows(connection: ConnectionReportView, t: Translate): DetailRow[] {
  const rows: Array<DetailRow & { order: number }> = [];
  connection.events.forEach((e, i) => {
    let info: string;
    if (e.kind === 'data' && (e.segments ?? 1) === 1) info = t('event.info.dataOne', { bytes: e.bytes ?? e.len, first: e.frame });
    else if (e.kind === 'data') info = t('event.info.data', { segments: e.segments ?? 1, bytes: e.bytes ?? e.len, first: e.frame, last: e.lastFrame ?? e.frame });
    else if (e.kind === 'gap') info = t('event.info.gap', { missing: e.missing ?? 0 });
    else info = t('event.info.flags', { flags: e.flags, seq: e.seq, len: e.len });
    rows.push({ key: `e${i}`, order: i, frame: e.frame, offsetSeconds: e.time - connection.start, dir: e.dir, layer: 'tcp', event: t(`event.${e.kind}`), info });
  });
  const offset = connection.events.length;
  (connection.tls?.messages ?? []).forEach((m, i) => {
    // a message is complete at its last frame: list it there
    const frame = m.frames.length ? m.frames[m.frames.length - 1] : 0;
    rows.push({
      key: `m${i}`,
      order: offset + i,
      frame,
      offsetSeconds: m.time - connection.start,
      dir: m.dir,
      layer: 'tls',
      event: m.name,
      info: t('tls.info', { length: m.length, frames: m.frames.join(', ') }),
    });
  });
  rows.sort((a, b) => a.frame - b.frame || a.order - b.order);
  return rows.map(({ order: _order, ...row }) => row);
}
