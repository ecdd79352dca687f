/** The "Details" tab: the connection's TCP events and TLS messages as a plain list, and a frame's bytes. */
import { useMemo, useRef, useState } from 'react';
import { scrollRowIntoView, useVirtualWindow } from '../../app/use-virtual-window';
import { formatInteger, formatMs } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import type { DetailViewProps } from './detail-view-props';
import { detailRows } from './detail-rows';
import { FrameBytesPanel } from './FrameBytesPanel';

const ROW_HEIGHT = 24;

export function DetailsView({ details }: DetailViewProps) {
  const { t, language } = useI18n();
  const c = details.connection;
  const rows = useMemo(() => detailRows(c, t), [c, t]);
  const list = useRef<HTMLDivElement>(null);
  const win = useVirtualWindow(list, ROW_HEIGHT);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const selected = rows.find((r) => r.key === selectedKey) ?? null;

  const choose = (index: number) => {
    const row = rows[index];
    if (!row) return;
    setSelectedKey(row.key);
    if (list.current) scrollRowIntoView(list.current, index, ROW_HEIGHT);
  };

  const visible = [];
  for (let i = win.first; i < Math.min(rows.length, win.first + win.count); i++) {
    const r = rows[i];
    visible.push(
      <div
        key={r.key}
        role="row"
        className={`detail-row grid-details${r.key === selectedKey ? ' selected' : ''}${r.layer === 'tls' ? ' tls' : ''}`}
        style={{ top: i * ROW_HEIGHT }}
        data-testid="detail-row"
        data-layer={r.layer}
        data-frame={r.frame}
        onClick={() => choose(i)}
      >
        <div className="cell numeric">{r.frame}</div>
        <div className="cell numeric">{t('detail.time', { ms: formatMs(language, r.offsetSeconds * 1000) })}</div>
        <div className="cell">{t(`dir.${r.dir}`)}</div>
        <div className="cell">{t(r.layer === 'tcp' ? 'detail.layer.tcp' : 'detail.layer.tls')}</div>
        <div className="cell event">{r.event}</div>
        <div className="cell" title={r.info}>
          {r.info}
        </div>
      </div>,
    );
  }

  const totalFrames = c.frames.c2s + c.frames.s2c;
  const totalBytes = c.bytes.c2s + c.bytes.s2c;
  return (
    <div className="details-view" data-testid="details-view">
      <div className="details-main">
        <header className="details-header">
          <h2 data-testid="detail-heading">{t('detail.heading', { id: c.id, client: c.client, server: c.server })}</h2>
          <p>
            {t('detail.summary', { frames: formatInteger(language, totalFrames), bytes: formatInteger(language, totalBytes), duration: formatMs(language, c.durationMs), close: t(`close.${c.tcp.closeKind}`) })}
            {c.tcp.handshakeRttMs !== null ? ` · ${t('detail.rtt', { rtt: formatMs(language, c.tcp.handshakeRttMs) })}` : ''}
          </p>
          {c.eventsTruncated && <p className="note">{t('detail.eventsTruncated')}</p>}
          {c.tls?.messagesTruncated && <p className="note">{t('detail.messagesTruncated')}</p>}
        </header>
        <div className="detail-list" role="grid" aria-rowcount={rows.length + 1}>
          <div className="detail-list-header grid-details" role="row">
            <div className="cell numeric">{t('detail.col.frame')}</div>
            <div className="cell numeric">{t('detail.col.time')}</div>
            <div className="cell">{t('detail.col.direction')}</div>
            <div className="cell">{t('detail.col.layer')}</div>
            <div className="cell">{t('detail.col.event')}</div>
            <div className="cell">{t('detail.col.info')}</div>
          </div>
          <div
            className="detail-list-body"
            ref={list}
            tabIndex={0}
            onKeyDown={(e) => {
              const at = rows.findIndex((r) => r.key === selectedKey);
              if (e.key === 'ArrowDown') choose(at + 1);
              else if (e.key === 'ArrowUp') choose(Math.max(0, at - 1));
              else return;
              e.preventDefault();
              e.stopPropagation();
            }}
          >
            <div className="flow-spacer" style={{ height: rows.length * ROW_HEIGHT }}>
              {visible}
            </div>
          </div>
        </div>
      </div>
      <FrameBytesPanel analysisId={details.analysisId} frame={selected?.frame ?? null} />
    </div>
  );
}
