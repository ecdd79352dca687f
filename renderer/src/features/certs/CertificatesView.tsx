/**
 * The "Certificates" tab: the chain as sent, one card per certificate with an
 * arrow to its issuer, the validation verdict at the capture time, and how
 * each step went (title by step code, detail worded from the step's args).
 * Problems are shown with colour, an icon and words.
 */
import type { CertificateEntry } from '../../../../contract/api';
import { STEP, type ValidationStep } from '../../../../contract/certs/steps';
import { formatInteger } from '../../format';
import { useI18n } from '../../i18n/i18n-context';
import { isMessageKey, type MessageKey } from '../../../../contract/i18n/translate';
import type { DetailViewProps } from '../detail/detail-view-props';
import '../views.css';
import { cardFacts, shownProblems, TONE_ICON, verdictTone, type CardFacts } from './cert-facts';
import { stepDetail } from './step-text';

const MAX_SANS = 12;
const KNOWN_STEPS = new Set<string>(Object.values(STEP));

function colonHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(':').toUpperCase();
}

function CertificateCard({ cert, facts }: { cert: CertificateEntry; facts: CardFacts }) {
  const { t, language } = useI18n();
  const problems = shownProblems(facts);
  const sans = cert.sans ?? [];
  return (
    <article className={`cert-card${problems.length || facts.failedSteps ? ' problem' : ''}`} data-testid="cert-card" data-index={facts.index} data-problems={problems.join(' ')}>
      <span className="role">
        {t('views.certs.cert', { index: facts.index })} · {t(`views.certs.role.${facts.role}`)}
      </span>
      <h4>{cert.subjectCN ?? cert.subject}</h4>
      {problems.length > 0 && (
        <div className="cert-badges">
          {problems.map((p) => (
            <span key={p} className="badge tone-bad" data-testid="cert-badge" data-problem={p}>
              {TONE_ICON.bad} {t(`views.certs.badge.${p}`)}
            </span>
          ))}
        </div>
      )}
      <dl>
        <dt>{t('views.certs.subject')}</dt>
        <dd>{cert.subject}</dd>
        <dt>{t('views.certs.issuer')}</dt>
        <dd>{cert.issuer}</dd>
        <dt>{t('views.certs.validity')}</dt>
        <dd className={problems.includes('expired') || problems.includes('not-yet-valid') ? 'tone-bad' : undefined}>
          {t('views.certs.validRange', { from: cert.notBefore.slice(0, 10), to: cert.notAfter.slice(0, 10) })}
        </dd>
        {sans.length > 0 && (
          <>
            <dt>{t('views.certs.sans')}</dt>
            <dd>
              {sans.slice(0, MAX_SANS).join(', ')}
              {sans.length > MAX_SANS ? ` ${t('views.certs.sansMore', { count: formatInteger(language, sans.length - MAX_SANS) })}` : ''}
            </dd>
          </>
        )}
        {cert.keyType && (
          <>
            <dt>{t('views.certs.key')}</dt>
            <dd>{cert.keyBits ? t('views.certs.keyDesc', { type: cert.keyType.toUpperCase(), bits: cert.keyBits }) : cert.keyType}</dd>
          </>
        )}
        {cert.signatureAlgorithm && (
          <>
            <dt>{t('views.certs.signature')}</dt>
            <dd>{cert.signatureAlgorithm}</dd>
          </>
        )}
        {cert.serialNumber && (
          <>
            <dt>{t('views.certs.serial')}</dt>
            <dd className="mono">{colonHex(cert.serialNumber)}</dd>
          </>
        )}
        <dt>{t('views.certs.sha256')}</dt>
        <dd className="mono">{colonHex(cert.sha256)}</dd>
        {cert.sha1 && (
          <>
            <dt>{t('views.certs.sha1')}</dt>
            <dd className="mono">{colonHex(cert.sha1)}</dd>
          </>
        )}
      </dl>
    </article>
  );
}

function Chain({ chain, facts }: { chain: readonly CertificateEntry[]; facts: CardFacts[] }) {
  const { t } = useI18n();
  return (
    <div className="cert-chain" data-testid="cert-chain">
      {chain.map((cert, i) => (
        <div key={`${i}-${cert.sha256}`} className="cert-chain-item">
          <CertificateCard cert={cert} facts={facts[i]} />
          {facts[i].issuerIsNext ? (
            <div className="cert-arrow" data-testid="cert-arrow">
              {t('views.certs.issuedBy')}
            </div>
          ) : (
            facts[i].role !== 'root' && (
              <div className="cert-arrow" data-testid="cert-issuer-missing">
                {t('views.certs.issuerNotSent', { issuer: cert.issuer })}
              </div>
            )
          )}
        </div>
      ))}
    </div>
  );
}

function StepDetailText({ step }: { step: ValidationStep }) {
  const { t, language } = useI18n();
  const detail = stepDetail(step, t, language);
  return (
    <span className="step-detail" lang={detail.language} data-testid="cert-step-detail" data-localized={detail.language === language}>
      {detail.text}
    </span>
  );
}

export function CertificatesView({ details }: DetailViewProps) {
  const { t } = useI18n();
  const c = details.connection;
  const tls = c.tls;
  if (!tls) return <p className="empty-note">{t('views.certs.notTls')}</p>;
  const validation = tls.validation;
  if (tls.certificates.length === 0 && !validation) {
    const why: MessageKey = tls.resumed ? 'views.certs.resumed' : tls.version === '0x0304' ? 'views.certs.encrypted13' : 'views.certs.none';
    return (
      <div className="certs-view" data-testid="certs-view">
        <p className="empty-note" data-testid="certs-empty">
          {t(why)}
        </p>
      </div>
    );
  }
  const facts = cardFacts(tls, c.start);
  const verdict = validation?.verdict ?? 'no-certificates';
  const tone = verdictTone(verdict);
  return (
    <div className="certs-view" data-testid="certs-view">
      <div className={`verdict-banner tone-${tone}`} data-testid="cert-verdict" data-verdict={verdict} role="status">
        <span className="icon" aria-hidden="true">
          {TONE_ICON[tone]}
        </span>
        <div>
          <h3>
            {t('views.certs.verdict')}: {t(`views.verdict.${verdict}` as MessageKey)}
          </h3>
          <p>{t(`views.verdictDesc.${verdict}` as MessageKey)}</p>
          <p className="small">
            {validation?.trustAnchor ? t('views.certs.trustAnchor', { anchor: validation.trustAnchor }) : t('views.certs.noAnchor')} · {t(validation?.trustAnchorSource === 'user' ? 'views.certs.offlineUser' : 'views.certs.offline')}
          </p>
        </div>
      </div>
      <div className="certs-layout">
        <section>
          <h4 className="section-title">{t('views.certs.server')}</h4>
          <Chain chain={tls.certificates} facts={facts} />
          {tls.clientCertificates.length > 0 && (
            <>
              <h4 className="section-title">{t('views.certs.client')}</h4>
              <Chain chain={tls.clientCertificates} facts={cardFacts(tls, c.start, tls.clientCertificates)} />
            </>
          )}
        </section>
        <section>
          <h4 className="section-title">{t('views.certs.steps')}</h4>
          <ol className="cert-steps" data-testid="cert-steps">
            {/* what failed first: that is what decided the verdict */}
            {[...(validation?.steps ?? [])].sort((a, b) => Number(a.ok) - Number(b.ok)).map((step, i) => {
              const key = `views.step.${step.code}`;
              const title = KNOWN_STEPS.has(step.code) && isMessageKey(key) ? t(key) : t('views.step.unknown', { code: step.code });
              return (
                <li key={i} className={step.ok ? 'step-ok' : 'step-failed'} data-testid="cert-step" data-code={step.code} data-ok={step.ok}>
                  <span className="mark" aria-hidden="true">
                    {step.ok ? '✓' : '✗'}
                  </span>
                  <span className="step-title">
                    {title}
                    {step.certIndex !== undefined ? ` · ${t('views.certs.cert', { index: step.certIndex })}` : ''} · {t(step.ok ? 'views.certs.stepOk' : 'views.certs.stepFailed')}
                  </span>
                  <StepDetailText step={step} />
                </li>
              );
            })}
          </ol>
        </section>
      </div>
    </div>
  );
}
