/** Bottom line: file, frames, connections, TLS connections, anomalies, and where reading stands. */
import { formatInteger } from '../format';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../../../contract/i18n/translate';
import { LiveStatus } from '../features/capture/LiveStatus';
import type { AnalysisView } from './use-analysis';

export function StatusBar({ analysis }: { analysis: AnalysisView }) {
  const { t, language } = useI18n();
  if (analysis.status === 'idle' || !analysis.file) {
    return (
      <footer className="status-bar" data-testid="status-bar">
        <span>{t('statusbar.noFile')}</span>
      </footer>
    );
  }
  const p = analysis.progress;
  const n = (v: number | undefined) => formatInteger(language, v ?? 0);
  const live = analysis.file.source === 'live' ? analysis.capture : null;
  if (live) {
    const failed = live.state === 'stopped' && live.error !== null;
    return (
      <footer className="status-bar live" data-testid="status-bar">
        <span className="file" title={analysis.file.path ?? analysis.file.name} data-testid="status-file">
          {live.state === 'running' && <span className="live-dot" aria-hidden="true" />}
          {analysis.file.name}
        </span>
        <LiveStatus capture={live} progress={p} />
        <span className={`state state-${failed ? 'failed' : live.state}`} data-testid="status-state" data-state={live.state === 'running' ? 'capturing' : 'stopped'} title={failed ? t('live.stoppedError') : undefined}>
          {live.state === 'running' ? t('live.state.capturing', { interface: live.interface }) : failed ? t('live.state.failed') : t('live.state.stopped')}
        </span>
      </footer>
    );
  }
  const state: MessageKey =
    analysis.status === 'reading'
      ? 'state.reading'
      : analysis.status === 'failed'
        ? 'state.failed'
        : analysis.summary?.cancelled
          ? 'state.cancelled'
          : analysis.summary && !analysis.summary.complete
            ? 'state.incomplete'
            : 'state.finished';
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="file" title={analysis.file.path ?? analysis.file.name} data-testid="status-file">
        {analysis.file.name}
      </span>
      <span data-testid="status-frames">
        {t('statusbar.frames')}: {n(p?.frames)}
      </span>
      <span data-testid="status-connections">
        {t('statusbar.connections')}: {n(p?.connections)}
      </span>
      <span data-testid="status-tls">
        {t('statusbar.tls')}: {n(p?.tlsConnections)}
      </span>
      <span data-testid="status-anomalies">
        {t('statusbar.anomalies')}: {n(p?.anomalies)}
      </span>
      <span className={`state state-${analysis.status}`} data-testid="status-state" data-state={analysis.status}>
        {t(state)}
      </span>
    </footer>
  );
}
