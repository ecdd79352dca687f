/** The capture's duration histograms, the selected connection's throughput, and the counts across the capture. */
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { ConnectionReportView, CountEntry, HistogramBin } from '../../../../contract/api';
import { formatInteger, formatMs } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../../contract/i18n/translate';
import { bitRateTick, siBits } from './bit-rate';
import { ChartCard } from './ChartCard';
import { dataSpans, throughputBuckets, type ThroughputBucket } from './throughput';
import type { ChartColors } from './use-theme-colors';

/** Width of an 11 px axis label: CJK characters are about a full em wide, Latin ones about 0.62 em. */
export function labelPx(text: string): number {
  let px = 0;
  for (const ch of text) px += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 11.5 : 6.9;
  return Math.ceil(px);
}

const short = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

function binLabel(b: HistogramBin): string {
  return b.to === null ? `≥${short(b.from)}` : `${short(b.from)}–${short(b.to)}`;
}

function HistogramTooltip({ active, payload }: Partial<TooltipContentProps<number, string>>) {
  const { t, language } = useI18n();
  const bin = payload?.[0]?.payload as HistogramBin | undefined;
  if (!active || !bin) return null;
  return (
    <div className="chart-tooltip">
      <p>{bin.to === null ? t('views.timing.bucketOpen', { from: formatInteger(language, bin.from) }) : t('views.timing.bucket', { from: String(bin.from), to: String(bin.to) })}</p>
      <p>
        <strong>{t('views.timing.count', { count: formatInteger(language, bin.count) })}</strong>
      </p>
    </div>
  );
}

export function HistogramChart({ title, bins, empty, colors, testId }: { title: string; bins: HistogramBin[]; empty: string; colors: ChartColors; testId: string }) {
  const { t } = useI18n();
  return (
    <ChartCard title={title} fileName={`${testId}.png`} background={colors.bg} testId={testId}>
      {(width) => bins.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <BarChart width={width} height={200} data={bins.map((b) => ({ ...b, label: binLabel(b) }))} margin={{ top: 6, right: 10, bottom: 18, left: 0 }}>
          <CartesianGrid vertical={false} stroke={colors.grid} />
          <XAxis dataKey="label" tick={{ fill: colors.axis, fontSize: 10 }} stroke={colors.axis} interval="preserveStartEnd" label={{ value: t('views.timing.msAxis'), position: 'insideBottom', offset: -12, fill: colors.axis, fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fill: colors.axis, fontSize: 11 }} stroke={colors.axis} width={40} />
          <Tooltip content={<HistogramTooltip />} cursor={{ fill: colors.grid, opacity: 0.5 }} isAnimationActive={false} />
          <Bar dataKey="count" fill={colors.bar} isAnimationActive={false} maxBarSize={48} />
        </BarChart>
      )}
    </ChartCard>
  );
}

function ThroughputTooltip({ active, payload }: Partial<TooltipContentProps<number, string>>) {
  const { t, language } = useI18n();
  const b = payload?.[0]?.payload as ThroughputBucket | undefined;
  if (!active || !b) return null;
  return (
    <div className="chart-tooltip">
      <p>{t('views.timing.at', { s: formatMs(language, b.t) })}</p>
      <p>
        {t('views.timing.c2s')}: {t('views.timing.bitsPerSecond', siBits(b.c2s, language))}
      </p>
      <p>
        {t('views.timing.s2c')}: {t('views.timing.bitsPerSecond', siBits(b.s2c, language))}
      </p>
    </div>
  );
}

export function ThroughputChart({ connection, colors }: { connection: ConnectionReportView; colors: ChartColors }) {
  const { t, language } = useI18n();
  const buckets = throughputBuckets(dataSpans(connection.events), connection.start, Math.max(connection.end, connection.start + 0.001));
  return (
    <ChartCard
      title={t('views.timing.throughput', { id: connection.id })}
      fileName={`connection-${connection.id}-throughput.png`}
      background={colors.bg}
      testId="throughput"
      header={
      <div className="legend">
        <span>
          <span className="swatch" style={{ background: colors.c2s }} />
          {t('views.timing.c2s')}
        </span>
        <span>
          <span className="swatch" style={{ background: colors.s2c }} />
          {t('views.timing.s2c')}
        </span>
      </div>
      }
    >
      {(width) => (
      <AreaChart width={width} height={200} data={buckets} margin={{ top: 6, right: 10, bottom: 18, left: 0 }}>
        <CartesianGrid stroke={colors.grid} />
        <XAxis dataKey="t" tick={{ fill: colors.axis, fontSize: 10 }} stroke={colors.axis} tickFormatter={(v: number) => String(Math.round(v * 1000) / 1000)} label={{ value: t('views.timing.connectionSecondsAxis'), position: 'insideBottomRight', offset: -4, fill: colors.axis, fontSize: 11 }} />
        <YAxis tick={{ fill: colors.axis, fontSize: 10 }} stroke={colors.axis} width={64} tickFormatter={(v: number) => bitRateTick(v, language)} label={{ value: t('views.timing.bitsAxis'), angle: -90, position: 'insideLeft', offset: 10, fill: colors.axis, fontSize: 11 }} />
        <Tooltip content={<ThroughputTooltip />} isAnimationActive={false} />
        <Area type="stepAfter" dataKey="c2s" stroke={colors.c2s} fill={colors.c2s} fillOpacity={0.25} isAnimationActive={false} />
        <Area type="stepAfter" dataKey="s2c" stroke={colors.s2c} fill={colors.s2c} fillOpacity={0.25} isAnimationActive={false} />
      </AreaChart>
      )}
    </ChartCard>
  );
}

function CountTooltip({ active, payload }: Partial<TooltipContentProps<number, string>>) {
  const { t, language } = useI18n();
  const e = payload?.[0]?.payload as (CountEntry & { name: string }) | undefined;
  if (!active || !e) return null;
  return (
    <div className="chart-tooltip">
      <p>{e.name}</p>
      <p>
        <strong>{t('views.timing.count', { count: formatInteger(language, e.count) })}</strong>
      </p>
    </div>
  );
}

/** Counts as horizontal bars; `name` translates keys (outcomes, verdicts), else the key is shown as is. */
export function CountChart({ title, entries, colors, testId, name }: { title: string; entries: CountEntry[]; colors: ChartColors; testId: string; name?: (key: string) => string }) {
  const { t } = useI18n();
  const shown = entries.slice(0, 12).map((e) => ({ ...e, name: name ? name(e.key) : e.key }));
  const labelWidth = Math.min(260, Math.max(60, ...shown.map((e) => labelPx(e.name) + 14)));
  return (
    <ChartCard title={title} fileName={`${testId}.png`} background={colors.bg} testId={testId}>
      {(width) => shown.length === 0 ? (
        <p className="muted">{t('views.timing.none')}</p>
      ) : (
        <BarChart width={width} height={shown.length * 22 + 30} data={shown} layout="vertical" margin={{ top: 2, right: 24, bottom: 2, left: 0 }}>
          <XAxis type="number" allowDecimals={false} tick={{ fill: colors.axis, fontSize: 10 }} stroke={colors.axis} />
          <YAxis type="category" dataKey="name" width={labelWidth} tick={{ fill: colors.axis, fontSize: 11 }} stroke={colors.axis} interval={0} />
          <Tooltip content={<CountTooltip />} cursor={{ fill: colors.grid, opacity: 0.5 }} isAnimationActive={false} />
          <Bar dataKey="count" fill={colors.bar} isAnimationActive={false} label={{ position: 'right', fill: colors.fg, fontSize: 11 }} maxBarSize={16} />
        </BarChart>
      )}
    </ChartCard>
  );
}

export function statusName(t: (k: MessageKey) => string) {
  return (key: string) => t(`status.${key}` as MessageKey);
}
