/** The capture-wide summary's headline figures, above the charts: counts, failures, the median handshake, the usual version and key exchange. */
import type { CaptureSummary } from '../../../../contract/api';
import { formatInteger } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../../../contract/i18n/translate';
import { summaryFacts, type Share } from './summary-facts';

function Tile({ label, value, testId, tone }: { label: MessageKey; value: string; testId: string; tone?: 'bad' }) {
  const { t } = useI18n();
  return (
    <div className={`summary-tile${tone ? ` tone-${tone}` : ''}`} data-testid={testId}>
      <dt>{t(label)}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function SummaryTiles({ summary }: { summary: CaptureSummary }) {
  const { t, language } = useI18n();
  const facts = summaryFacts(summary);
  const share = (s: Share | null) => (s ? `${s.key} · ${t('views.timing.tile.share', { count: formatInteger(language, s.count), percent: s.percent })}` : t('views.timing.none'));
  const bin = facts.medianHandshakeBin;
  const median = bin ? t('views.timing.tile.bin', { range: bin.to === null ? `≥ ${formatInteger(language, bin.from)}` : `${formatInteger(language, bin.from)}–${formatInteger(language, bin.to)}` }) : t('views.timing.none');
  return (
    <section className="summary-section" aria-label={t('views.timing.summary')}>
      <h3 className="section-title">{t('views.timing.summary')}</h3>
      <dl className="summary-tiles" data-testid="capture-summary">
        <Tile label="views.timing.tile.connections" value={formatInteger(language, facts.connections)} testId="summary-connections" />
        <Tile label="views.timing.tile.tls" value={formatInteger(language, facts.tlsConnections)} testId="summary-tls" />
        <Tile label="views.timing.tile.failed" value={formatInteger(language, facts.failed)} testId="summary-failed" tone={facts.failed > 0 ? 'bad' : undefined} />
        <Tile label="views.timing.tile.medianHandshake" value={median} testId="summary-median-handshake" />
        <Tile label="views.timing.tile.topVersion" value={share(facts.topVersion)} testId="summary-top-version" />
        <Tile label="views.timing.tile.topKx" value={share(facts.topKeyExchange)} testId="summary-top-kx" />
      </dl>
    </section>
  );
}
