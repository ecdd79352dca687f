/**
 * validateChain: would a browser have accepted this server's certificates at
 * the time of the capture? Entirely offline: trust comes from Node's bundled
 * root store (plus roots the caller adds); nothing is fetched (no AIA, OCSP
 * or CRL), so revocation is not checked.
 */
import { parseErrorReason, parseFailureText } from './certificate';
import { candidatePathsAt, preparedChain } from './chain-cache';
import { describePath } from './path-steps';
import { STEP, conclude, verdictRank, type ChainValidation, type Step } from './steps';

export interface ValidateChainOptions {
  /** the SNI host name; null/absent → the host name is not checked */
  hostname?: string | null;
  /** the capture's own time: validity is judged then, not now */
  at: Date;
  /**
   * DER roots to trust besides Node's bundled store: for tests, and for users
   * who add their lab CA. Unparseable entries are ignored.
   */
  extraTrustedRoots?: Uint8Array[];
}

/** Longer chains are a misconfiguration or an attack; browsers cap path building too. */
export const MAX_CHAIN_CERTIFICATES = 16;

export function validateChain(chainDer: Uint8Array[], opts: ValidateChainOptions): ChainValidation {
  if (!chainDer || chainDer.length === 0) {
    return conclude(
      [{ code: STEP.empty, ok: false, message: 'The server sent no certificates.', args: { variant: 'none' }, fails: 'no-certificates' }],
      null,
    );
  }
  const at = opts?.at;
  const timeKnown = at instanceof Date && !Number.isNaN(at.getTime());
  const steps: Step[] = [];
  if (chainDer.length > MAX_CHAIN_CERTIFICATES) {
    steps.push({
      code: STEP.truncated,
      ok: true,
      message: `The server sent ${chainDer.length} certificates; only the first ${MAX_CHAIN_CERTIFICATES} were considered and the other ${chainDer.length - MAX_CHAIN_CERTIFICATES} ignored.`,
      args: { variant: 'ignored', sent: chainDer.length, max: MAX_CHAIN_CERTIFICATES },
    });
  }
  const prepared = preparedChain(chainDer.slice(0, MAX_CHAIN_CERTIFICATES), opts?.hostname, opts?.extraTrustedRoots);
  const { certs, store, leafSteps } = prepared;
  certs.forEach((cert, i) => {
    if (!cert.x509) {
      steps.push({
        code: STEP.parse,
        ok: false,
        certIndex: i,
        message: `Certificate #${i}${i === 0 ? ' (the leaf)' : ''} is ${parseFailureText(cert)}.`,
        args: { variant: 'unparseable', leaf: i === 0, error: parseErrorReason(cert) },
        fails: 'unparseable',
      });
    }
  });
  // Without the leaf there is no identity to vouch for, hence nothing more to check.
  if (!certs[0].x509) return conclude(steps, null);
  if (!timeKnown) {
    steps.push({
      code: STEP.validityUnchecked,
      ok: true,
      message: 'The capture time is unknown, so no validity period was checked.',
      args: { variant: 'none' },
    });
  }

  const searchTime = timeKnown ? at : new Date(0);

  let best: { result: ChainValidation; rank: number; failures: number; length: number } | null = null;
  for (const path of candidatePathsAt(prepared, searchTime)) {
    const pathSteps = [...steps, ...describePath(path, certs, store, timeKnown ? at : null), ...leafSteps];
    const anchor = path.end.kind === 'anchor' ? path.end.anchor.cert.subjectText : null;
    const result = conclude(pathSteps, anchor, path.end.kind === 'anchor' ? (path.end.anchor.source === 'bundled' ? 'bundled' : 'user') : null);
    const candidate = {
      result,
      rank: verdictRank(result.verdict),
      failures: pathSteps.filter((s) => !s.ok).length,
      length: path.indices.length,
    };
    if (
      !best ||
      candidate.rank < best.rank ||
      (candidate.rank === best.rank &&
        (candidate.failures < best.failures || (candidate.failures === best.failures && candidate.length < best.length)))
    ) {
      best = candidate;
    }
  }
  // findCandidatePaths always yields at least the leaf's own dead end.
  return best!.result;
}
