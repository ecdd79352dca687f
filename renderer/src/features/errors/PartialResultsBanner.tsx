/**
 * Above the flow list when reading stopped early: a damaged or truncated file
 * (with each error the engine reported, naming the offset) or a cancel.
 */
import type { AnalysisSummary } from '../../../../contract/api';
import { useI18n } from '../../i18n/i18n-context';
import { anomalyPlace, anomalyText } from './error-text';

export function PartialResultsBanner({ summary }: { summary: AnalysisSummary }) {
  const { t, language } = useI18n();
  if (summary.complete) return null;
  if (summary.cancelled) {
    return (
      <div className="banner info" role="status" data-testid="cancelled-banner">
        {t('errorView.cancelledBody')}
      </div>
    );
  }
  return (
    <div className="banner error" role="alert" data-testid="damaged-banner">
      <strong>{t('errorView.damagedTitle')}</strong>
      <p>{t('errorView.damagedBody')}</p>
      <ul>
        {summary.errors.map((a, i) => (
          <li key={i} data-testid="damaged-error">
            <span className="place">{anomalyPlace(a, t, language)}</span> <span className="detail" title={a.message}>{anomalyText(a, t, language)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
