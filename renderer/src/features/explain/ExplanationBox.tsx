/** The explanation box: what this is for, what this instance shows, usual causes, TLS 1.2 vs 1.3. Plain text only. */
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { copyText } from '../export/save';
import { explanationText, type Explanation } from './explain';

export function ExplanationBox({ explanation }: { explanation: Explanation }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const e = explanation;
  return (
    <section className="explanation" data-testid="explanation" data-kind={e.kind} aria-label={t('views.inspect.explanation')}>
      <header>
        <span className="explanation-label">{t('views.inspect.explanation')}</span>
        <button
          type="button"
          className="link small"
          onClick={() => void copyText(explanationText(e)).then((ok) => setCopied(ok))}
          onBlur={() => setCopied(false)}
          data-testid="explanation-copy"
        >
          {copied ? t('views.ladder.copied') : t('views.inspect.copy')}
        </button>
      </header>
      <h3 data-testid="explanation-title">{e.title}</h3>
      <p data-testid="explanation-purpose">{e.purpose}</p>
      {e.facts.length > 0 && (
        <>
          <h4>{t('views.inspect.instance')}</h4>
          <ul data-testid="explanation-facts">
            {e.facts.map((fact, i) => (
              <li key={i}>{fact}</li>
            ))}
          </ul>
        </>
      )}
      {e.causes && (
        <>
          <h4>{t('views.inspect.causes')}</h4>
          <p className="causes" data-testid="explanation-causes">
            {e.causes}
          </p>
        </>
      )}
      {e.versionNote && (
        <>
          <h4>{t('views.inspect.version')}</h4>
          <p className="version-note" data-testid="explanation-version">
            {e.versionNote}
          </p>
        </>
      )}
    </section>
  );
}
