/**
 * Beside the ladder: the selected arrow explained (both what it is for and
 * what this one shows), its decoded fields, and its bytes as hex with the
 * field under the cursor highlighted in both the field list and the dump.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionReportView, TlsMessage } from '../../../../contract/api';
import type { TcpEvent } from '../../../../contract/report/tcp-events';
import { alertDescriptionName } from '../../../../contract/names/alerts';
import { cipherSuiteName } from '../../../../contract/names/cipher-suites';
import { extensionName } from '../../../../contract/names/extensions';
import { contentTypeName, handshakeTypeName } from '../../../../contract/names/handshake-types';
import { versionName } from '../../../../contract/names/versions';
import { formatInteger } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import { explain } from '../explain/explain';
import { ExplanationBox } from '../explain/ExplanationBox';
import { subjectOfItem, type ExplainSubject } from '../explain/subject';
import { clockTime, rowLabel, stepText } from '../ladder/labels';
import type { LadderLayout, LadderRow } from '../ladder/layout';
import { eventLines, messageLines, type DecodedLine } from './decoded-fields';
import { HexView, type ByteRange } from './HexView';
import { assembleMessage, toFrameRanges, toMessageOffset } from './message-bytes';
import { fieldAt, flattenFields, type ByteField, type FieldNames } from './tls-fields';
import { MAX_FRAMES, useFrameBytes } from './use-frame-bytes';

const NAMES: FieldNames = { contentType: contentTypeName, version: versionName, handshakeType: handshakeTypeName, cipherSuite: cipherSuiteName, extension: extensionName, alertDescription: alertDescriptionName };

interface Props {
  analysisId: string;
  connection: ConnectionReportView;
  layout: LadderLayout;
  row: LadderRow | null;
  onToggleRun(runKey: string): void;
}

export function MessageInspector({ analysisId, connection: c, layout, row, onToggleRun }: Props) {
  const { t, language } = useI18n();
  const box = useRef<HTMLElement>(null);
  // another arrow: read it from the top (its explanation first)
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
  }, [row?.key]);
  if (!row) {
    return (
      <aside className="inspector" data-testid="inspector" ref={box}>
        <p className="empty-note">{t('views.inspect.none')}</p>
      </aside>
    );
  }
  const isRun = row.kind === 'run' || row.kind === 'run-header';
  const run = isRun ? layout.runs.find((r) => r.key === row.runKey) : undefined;
  const subject: ExplainSubject | null = run ? { type: 'run', run } : subjectOfItem(row.item, c);
  const label = rowLabel(row, layout, c, t, language);
  const message = !isRun && row.item.messageIndex !== undefined ? c.tls?.messages[row.item.messageIndex] : undefined;
  const event = !isRun && row.item.eventIndex !== undefined ? c.events[row.item.eventIndex] : undefined;
  return (
    <aside className="inspector" data-testid="inspector" data-key={row.key} ref={box}>
      <header className="inspector-head">
        <h2 data-testid="inspector-title">{label.title}</h2>
        <p className="muted">
          {[stepText(row, t), t(row.dir === 'both' ? 'views.ladder.phase.data' : `dir.${row.dir}`), clockTime(row.time), label.detail].filter(Boolean).join(' · ')}
        </p>
        {run && (
          <button type="button" onClick={() => onToggleRun(run.key)} data-testid="run-toggle">
            {run.expanded ? t('views.ladder.collapse') : t('views.ladder.expand')}
          </button>
        )}
      </header>
      {subject && <ExplanationBox explanation={explain(subject, c, language)} />}
      {message && <MessageBytes key={row.key} analysisId={analysisId} message={message} connection={c} />}
      {!message && event && <EventBytes key={row.key} analysisId={analysisId} event={event} />}
      {!message && !event && !isRun && row.item.alertIndex !== undefined && (
        <p className="muted">{t('views.ladder.frame', { frame: formatInteger(language, row.item.frame) })}</p>
      )}
    </aside>
  );
}

function DecodedList({ lines }: { lines: DecodedLine[] }) {
  return (
    <dl className="decoded" data-testid="decoded-fields">
      {lines.map((l, i) => {
        const name = l.label;
        return (
          <div key={i} className="decoded-line">
            <dt>{name}</dt>
            <dd>
              {l.items ? (
                <details>
                  <summary>{l.value}</summary>
                  <ol>
                    {l.items.map((item, k) => (
                      <li key={k}>{item}</li>
                    ))}
                  </ol>
                </details>
              ) : (
                <span className="value">{l.value}</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function FieldTree({ fields, hovered, onHover, depth = 0 }: { fields: readonly ByteField[]; hovered: string | null; onHover(id: string | null): void; depth?: number }) {
  const { t } = useI18n();
  return (
    <>
      {fields.map((f) => (
        <div key={f.id}>
          <div
            className={`field-row${hovered === f.id ? ' hl' : ''}`}
            style={{ paddingLeft: 6 + depth * 14 }}
            data-testid="field-row"
            data-field={f.id}
            data-start={f.start}
            data-end={f.end}
            onMouseEnter={() => onHover(f.id)}
            onFocus={() => onHover(f.id)}
            tabIndex={0}
          >
            <span className="field-name">{t(f.label, f.labelParams)}</span>
            {f.value !== undefined && <span className="field-value">{f.value}</span>}
            <span className="field-range muted">
              [{f.start}–{f.end})
            </span>
          </div>
          {f.children && <FieldTree fields={f.children} hovered={hovered} onHover={onHover} depth={depth + 1} />}
        </div>
      ))}
    </>
  );
}

function FrameTabs({ frames, active, onChoose }: { frames: readonly number[]; active: number; onChoose(frame: number): void }) {
  const { t } = useI18n();
  if (frames.length <= 1) return null;
  return (
    <div className="frame-tabs" role="tablist">
      {frames.map((f) => (
        <button key={f} type="button" role="tab" aria-selected={f === active} className="tab small" onClick={() => onChoose(f)} data-testid="frame-tab">
          {t('views.inspect.framesOf')} {f}
        </button>
      ))}
    </div>
  );
}

function MessageBytes({ analysisId, message, connection }: { analysisId: string; message: TlsMessage; connection: ConnectionReportView }) {
  const { t } = useI18n();
  const frames = useMemo(() => [...new Set(message.fileOffsets.map((s) => s.frame))].slice(0, MAX_FRAMES), [message]);
  const bytes = useFrameBytes(analysisId, frames);
  const asm = useMemo(() => (frames.every((f) => bytes.has(f)) ? assembleMessage(message, bytes, NAMES) : null), [message, bytes, frames]);
  const [hovered, setHovered] = useState<string | null>(null);
  const [chosenFrame, setChosenFrame] = useState<number | null>(null);
  const field = asm && hovered ? flattenFields(asm.fields).find((f) => f.id === hovered) : undefined;
  const fieldRanges = asm && field ? toFrameRanges(asm.pieces, field.start, field.end) : [];
  // pointing at a field held by another frame shows that frame
  const activeFrame = fieldRanges.length && !fieldRanges.some((r) => r.frame === chosenFrame) ? fieldRanges[0].frame : (chosenFrame ?? frames[0]);
  const frameBytes = bytes.get(activeFrame);
  const inMessage: ByteRange[] = asm ? asm.pieces.filter((p) => p.frame === activeFrame).map((p) => ({ start: p.frameStart, end: p.frameStart + p.length })) : [];
  const highlight: ByteRange[] = fieldRanges.filter((r) => r.frame === activeFrame);
  const onHoverByte = (offset: number | null) => {
    if (offset === null || !asm) return;
    const at = toMessageOffset(asm.pieces, activeFrame, offset);
    const f = at === null ? null : fieldAt(asm.fields, at);
    setHovered(f ? f.id : null);
  };
  return (
    <>
      <section className="inspector-section">
        <h4>{t('views.inspect.fields')}</h4>
        <DecodedList lines={messageLines(message, connection, t)} />
      </section>
      <section className="inspector-section">
        <h4>{t('views.inspect.bytes')}</h4>
        <p className="muted small">{t('views.inspect.hexHint')}</p>
        {message.fileOffsetsTruncated && <p className="muted small">{t('views.inspect.bytesTruncated')}</p>}
        <div className="field-tree" data-testid="field-tree" onMouseLeave={() => setHovered(null)}>
          {asm && <FieldTree fields={asm.fields} hovered={hovered} onHover={setHovered} />}
        </div>
        <FrameTabs frames={frames} active={activeFrame} onChoose={setChosenFrame} />
        {frameBytes ? <HexView bytes={frameBytes} message={inMessage} highlight={highlight} onHover={onHoverByte} /> : <p className="muted">{t('detail.loading')}</p>}
      </section>
    </>
  );
}

function EventBytes({ analysisId, event }: { analysisId: string; event: TcpEvent }) {
  const { t } = useI18n();
  const bytes = useFrameBytes(analysisId, [event.frame]);
  const frameBytes = bytes.get(event.frame);
  return (
    <>
      <section className="inspector-section">
        <h4>{t('views.inspect.fields')}</h4>
        <DecodedList lines={eventLines(event, t)} />
      </section>
      <section className="inspector-section">
        <h4>
          {t('views.inspect.bytes')} · {t('views.ladder.frame', { frame: event.frame })}
        </h4>
        {frameBytes ? <HexView bytes={frameBytes} message={[]} highlight={[]} onHover={() => undefined} /> : <p className="muted">{t('detail.loading')}</p>}
      </section>
    </>
  );
}
