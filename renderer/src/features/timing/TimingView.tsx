/**
 * The "Timing" tab: every connection over the capture's time (waterfall),
 * histograms of TLS handshake and TCP round-trip times, the selected
 * connection's throughput each way, and counts across the capture
 * (versions, cipher suites, key exchanges, outcomes, failures, verdicts),
 * aggregated by the analysis worker (getCaptureSummary).
 */
import { useEffect, useState } from 'react';
import type { CaptureSummary, ConnectionReportView } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import { isMessageKey } from '../../../../contract/i18n/translate';
import type { DetailViewProps } from '../detail/detail-view-props';
import '../views.css';
import { shortCipherName } from '../flows/column-text';
import { CountChart, HistogramChart, ThroughputChart } from './SmallCharts';
import { useThemeColors } from './use-theme-colors';
import { SummaryTiles } from './SummaryTiles';
import { WaterfallChart } from './WaterfallChart';

export function TimingView({ details }: DetailViewProps) {
  return <CaptureTiming analysisId={details.analysisId} connection={details.connection} />;
}

/**
 * The figures cover the whole capture, so they show before any connection is
 * chosen (issue 22); only the throughput chart needs a selected connection.
 */
export function CaptureTiming({ analysisId, connection }: { analysisId: string; connection: ConnectionReportView | null }) {
  const api = useApi();
  const { t } = useI18n();
  const colors = useThemeColors();
  const [summary, setSummary] = useState<CaptureSummary | null>(null);

  // re-aggregated whenever the details are (new rows while reading)
  useEffect(() => {
    let stale = false;
    void api.getCaptureSummary({ analysisId }).then((r) => {
      if (!stale && r.ok) setSummary(r.value);
    });
    return () => {
      stale = true;
    };
  }, [api, analysisId, connection]);

  const word = (prefix: string) => (key: string) => {
    const k = `${prefix}${key}`;
    return isMessageKey(k) ? t(k) : key;
  };

  return (
    <div className="timing-view" data-testid="timing-view">
      {!summary ? (
        <p className="muted">{t('views.timing.loading')}</p>
      ) : (
        <>
          <SummaryTiles summary={summary} />
          <WaterfallChart summary={summary} colors={colors} />
          <div className="timing-grid">
            {connection ? (
              <ThroughputChart connection={connection} colors={colors} />
            ) : (
              <p className="muted chart-card" data-testid="throughput-none">
                {t('views.timing.throughputNone')}
              </p>
            )}
            <HistogramChart title={t('views.timing.handshakes')} bins={summary.handshakeMs} empty={t('views.timing.noHandshakes')} colors={colors} testId="handshake-histogram" />
            <HistogramChart title={t('views.timing.rtts')} bins={summary.tcpRttMs} empty={t('views.timing.noRtts')} colors={colors} testId="rtt-histogram" />
          </div>
          <h3 className="section-title summary-charts-title">{t('views.timing.summary')}</h3>
          <div className="timing-grid" data-testid="summary-charts">
            <CountChart title={t('views.timing.versions')} entries={summary.versions} colors={colors} testId="versions" />
            <CountChart title={t('views.timing.keyExchanges')} entries={summary.keyExchanges} colors={colors} testId="key-exchanges" />
            <CountChart title={t('views.timing.ciphers')} entries={summary.cipherSuites} colors={colors} testId="cipher-suites" name={shortCipherName} />
            <CountChart title={t('views.timing.statuses')} entries={summary.statuses} colors={colors} testId="statuses" name={word('status.')} />
            <CountChart title={t('views.timing.failures')} entries={summary.failures} colors={colors} testId="failures" />
            <CountChart title={t('views.timing.verdicts')} entries={summary.certVerdicts} colors={colors} testId="verdicts" name={word('views.verdict.')} />
          </div>
        </>
      )}
    </div>
  );
}
