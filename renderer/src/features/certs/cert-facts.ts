/**
 * What the certificate view says about each certificate and the chain, as
 * data: the verdict's tone, each card's role and problems (expired at the
 * capture time, wrong host, self-signed), whether the next card is its
 * issuer. Pure; the view only translates and draws.
 */
import type { CertificateEntry, TlsSummary } from '../../../../contract/api';

export type Tone = 'good' | 'warn' | 'bad';
export type CertProblem = 'expired' | 'not-yet-valid' | 'wrong-host' | 'self-signed';
export type CertRole = 'leaf' | 'intermediate' | 'root';

export interface CardFacts {
  index: number;
  role: CertRole;
  problems: CertProblem[];
  /** a validation step about this certificate failed */
  failedSteps: number;
  /** the next certificate in the list is this one's issuer */
  issuerIsNext: boolean;
}

export function verdictTone(verdict: string): Tone {
  if (verdict === 'valid') return 'good';
  if (verdict === 'no-certificates') return 'warn';
  return 'bad';
}

export const TONE_ICON: Record<Tone, string> = { good: '✓', warn: '⚠', bad: '✗' };

export function cardFacts(tls: TlsSummary, captureTime: number, chain: readonly CertificateEntry[] = tls.certificates): CardFacts[] {
  const steps = tls.validation?.steps ?? [];
  const verdict = tls.validation?.verdict;
  const hostnameFailed = steps.some((s) => s.code === 'chain.hostname' && !s.ok);
  return chain.map((cert, index) => {
    const problems: CertProblem[] = [];
    const notBefore = Date.parse(cert.notBefore);
    const notAfter = Date.parse(cert.notAfter);
    const at = captureTime * 1000;
    if (Number.isFinite(notAfter) && at > notAfter) problems.push('expired');
    if (Number.isFinite(notBefore) && at < notBefore) problems.push('not-yet-valid');
    if (index === 0 && chain === tls.certificates && (hostnameFailed || verdict === 'wrong-host')) problems.push('wrong-host');
    if (cert.selfSigned) problems.push('self-signed');
    const role: CertRole = index === 0 ? 'leaf' : cert.selfSigned ? 'root' : 'intermediate';
    const next = chain[index + 1];
    return {
      index,
      role,
      problems,
      failedSteps: steps.filter((s) => s.certIndex === index && !s.ok).length,
      issuerIsNext: !!next && next.subject === cert.issuer,
    };
  });
}

/** Problems that are fine for what the certificate is: a root vouches for itself. */
export function shownProblems(card: CardFacts): CertProblem[] {
  return card.role === 'root' && card.index > 0 ? card.problems.filter((p) => p !== 'self-signed') : card.problems;
}
