/**
 * All connections over the capture's time, a page at a time in the flow
 * list's order (like a browser's network panel): one bar per connection cut
 * into TCP connect, TLS handshake, data and teardown. Click a bar to select.
 */
import { Fragment, useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { CaptureSummary, ConnectionRow } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { formatInteger, formatMs } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import { useFlow } from '../filter/flow-context';
import { ChartCard } from './ChartCard';
import type { ChartColors } from './use-theme-colors';
import { SEGMENT_KINDS, waterfallBar, type WaterfallBar } from './waterfall';

export const WATERFALL_PAGE = 40;
const ROW_PX = 20;

type Datum = WaterfallBar & { row: ConnectionRow };

function WaterfallTooltip({ active, payload }: Partial<TooltipContentProps<number, string>>) {
  const { t, language } = useI18n();
  const d = payload?.[0]?.payload as Datum | undefined;
  if (!active || !d) return null;
  return (
    <div className="chart-tooltip" data-testid="waterfall-tooltip">
      <p>
        <strong>{t('views.timing.tooltipConnection', { id: d.id, client: d.row.client, server: d.row.server })}</strong>
      </p>
      {d.row.sni && <p>SNI: {d.row.sni}</p>}
      <p>{t('views.timing.tooltipStart', { s: formatMs(language, d.offset) })}</p>
      {SEGMENT_KINDS.filter((k) => d[k] > 0).map((k) => (
        <Fragment key={k}>
          <p>{t('views.timing.tooltipSegment', { segment: t(`views.timing.segment.${k}`), ms: formatMs(language, d[k] * 1000) })}</p>
          {k === 'tls' && d.row.handshakeMs !== null && <p className="chart-tooltip-sub">{t('views.timing.tooltipHandshake', { ms: formatMs(language, d.row.handshakeMs) })}</p>}
        </Fragment>
      ))}
    </div>
  );
}

export function WaterfallChart({ summary, colors }: { summary: CaptureSummary; colors: ChartColors }) {
  const api = useApi();
  const { t, language } = useI18n();
  const flow = useFlow();
  const [offset, setOffset] = useState(0);
  /** the pointer is over the lower half of the rows: the tooltip then opens above it */
  const [pointerLow, setPointerLow] = useState(false);
  const [rows, setRows] = useState<ConnectionRow[]>([]);
  const [total, setTotal] = useState(0);
  const filter = flow?.filter ?? '';
  const sort = useMemo(() => flow?.sort ?? { key: 'start' as const, direction: 'asc' as const }, [flow?.sort]);

  useEffect(() => setOffset(0), [filter, sort]);
  useEffect(() => {
    let stale = false;
    void api.listConnections({ analysisId: summary.analysisId, offset, limit: WATERFALL_PAGE, sort, filter }).then((r) => {
      if (stale || !r.ok) return;
      setRows(r.value.rows);
      setTotal(r.value.total);
    });
    return () => {
      stale = true;
    };
  }, [api, summary.analysisId, summary.revision, offset, sort, filter]);

  const origin = summary.firstTime ?? 0;
  const span = Math.max(0.001, (summary.lastTime ?? origin) - origin);
  const data: Datum[] = rows.map((row) => ({ ...waterfallBar(row, origin, `#${row.id} ${row.sni ?? row.server}`), row }));
  const fill: Record<(typeof SEGMENT_KINDS)[number], string> = { connect: colors.connect, tls: colors.tls, data: colors.data, teardown: colors.teardown };
  const select = (item: { payload?: Datum }) => item.payload && flow?.selectConnection(item.payload.id);

  return (
    <ChartCard
      title={t('views.timing.waterfall')}
      fileName="waterfall.png"
      background={colors.bg}
      testId="waterfall"
      header={
        <>
      <p className="muted small">{t('views.timing.waterfallHint')}</p>
      <div className="legend">
        {SEGMENT_KINDS.map((k) => (
          <span key={k}>
            <span className="swatch" style={{ background: fill[k] }} />
            {t(`views.timing.segment.${k}`)}
          </span>
        ))}
      </div>
      <div className="legend">
        <button type="button" className="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - WATERFALL_PAGE))} data-testid="waterfall-previous">
          {t('views.timing.previous')}
        </button>
        <span className="muted" data-testid="waterfall-range">
          {t('views.timing.range', { from: formatInteger(language, total ? offset + 1 : 0), to: formatInteger(language, Math.min(total, offset + WATERFALL_PAGE)), total: formatInteger(language, total) })}
        </span>
        <button type="button" className="small" disabled={offset + WATERFALL_PAGE >= total} onClick={() => setOffset(offset + WATERFALL_PAGE)} data-testid="waterfall-next">
          {t('views.timing.next')}
        </button>
      </div>
        </>
      }
    >
      {(width) => (
      <BarChart
        width={width}
        height={Math.max(90, data.length * ROW_PX + 50)}
        data={data}
        layout="vertical"
        margin={{ top: 4, right: 16, bottom: 18, left: 4 }}
        barCategoryGap={3}
        onMouseMove={(state) => setPointerLow(Number(state?.activeTooltipIndex ?? 0) >= data.length / 2)}
      >
        <CartesianGrid horizontal={false} stroke={colors.grid} />
        <XAxis
          type="number"
          domain={[0, span]}
          tick={{ fill: colors.axis, fontSize: 11 }}
          stroke={colors.axis}
          tickFormatter={(v: number) => formatMs(language, v).replace(/0+$/, '').replace(/[.,]$/, '')}
          label={{ value: t('views.timing.secondsAxis'), position: 'insideBottom', offset: -12, fill: colors.axis, fontSize: 11 }}
        />
        <YAxis type="category" dataKey="label" width={170} tick={{ fill: colors.axis, fontSize: 11 }} stroke={colors.axis} interval={0} />
        {/* beside the hovered row, away from the chart's nearer edge, free to leave the chart:
            clamped inside a short chart it covered the bar it describes */}
        <Tooltip
          content={<WaterfallTooltip />}
          cursor={{ fill: colors.grid, opacity: 0.5 }}
          isAnimationActive={false}
          allowEscapeViewBox={{ x: false, y: true }}
          reverseDirection={{ x: false, y: pointerLow }}
          offset={ROW_PX}
          wrapperStyle={{ zIndex: 5 }}
        />
        <Bar dataKey="offset" stackId="w" fill="transparent" isAnimationActive={false} onClick={select} maxBarSize={16} />
        {SEGMENT_KINDS.map((k) => (
          <Bar key={k} dataKey={k} stackId="w" fill={fill[k]} isAnimationActive={false} onClick={select} cursor="pointer" maxBarSize={16}>
            {data.map((d) => (
              <Cell key={d.id} stroke={d.id === flow?.selectedId ? colors.fg : undefined} strokeWidth={d.id === flow?.selectedId ? 1.5 : 0} />
            ))}
          </Bar>
        ))}
      </BarChart>
      )}
    </ChartCard>
  );
}
