/**
 * Concluding a chain validation: which failing step decides the verdict. The step
 * ids and result types are shared with the page (contract/certs/steps.ts).
 */
import type { ChainValidation, TrustAnchorSource, ValidationStep, Verdict } from '../../../../contract/certs/steps';

export { STEP, STEP_VARIANTS } from '../../../../contract/certs/steps';
export type { StepCode, ValidationStep, StepVariant, StepArgs, ChainValidation, TrustAnchorSource, Verdict } from '../../../../contract/certs/steps';

/** A step plus, when it failed, the verdict it argues for (internal; stripped by conclude). */
export interface Step extends ValidationStep {
  fails?: Verdict;
}

/**
 * Which verdict wins when several steps fail: the first tier that has a
 * failing step, and within a tier the earliest failing step (leaf first).
 *  1. bad-signature: a signature that does not verify means the chain is not
 *     what it claims to be, so nothing else about it means anything.
 *  2. unparseable: a certificate we cannot read makes any other conclusion partial.
 *  3. self-signed / unknown-issuer / incomplete: no path to a trusted root, so
 *     nobody vouches for the identity, whatever its dates and names say.
 *  4. expired / not-yet-valid: vouched for, but not at the capture time.
 *  5. wrong-host: a good certificate, but for another name (or not for TLS servers).
 * no-certificates only arises alone.
 */
export const VERDICT_PRECEDENCE: readonly (readonly Verdict[])[] = [
  ['no-certificates'],
  ['bad-signature'],
  ['unparseable'],
  ['self-signed', 'unknown-issuer', 'incomplete'],
  ['expired', 'not-yet-valid'],
  ['wrong-host'],
];

/** The verdict by VERDICT_PRECEDENCE, and the steps without their internal `fails`. */
export function conclude(steps: Step[], trustAnchor: string | null, trustAnchorSource: TrustAnchorSource | null = null): ChainValidation {
  let verdict: Verdict = 'valid';
  outer: for (const tier of VERDICT_PRECEDENCE) {
    for (const step of steps) {
      if (!step.ok && step.fails && tier.includes(step.fails)) {
        verdict = step.fails;
        break outer;
      }
    }
  }
  return {
    verdict,
    steps: steps.map(({ fails: _fails, ...step }) => step),
    trustAnchor,
    trustAnchorSource: trustAnchor === null ? null : trustAnchorSource,
  };
}

/** 0 for valid, growing with severity: used to pick the best of several candidate paths. */
export function verdictRank(verdict: Verdict): number {
  if (verdict === 'valid') return 0;
  return VERDICT_PRECEDENCE.length - VERDICT_PRECEDENCE.findIndex((tier) => tier.includes(verdict));
}
