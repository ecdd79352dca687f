/**
 * validateChain: would a browser have accepted this server's certificates at
 * the time of the capture? Entirely offline: trust comes from Node's bundled
 * root store (plus roots the caller adds); nothing is fetched (no AIA, OCSP
 * or CRL), so revocation is not checked.
 */
import { KEY_USAGE_BITS, commonName as commonNameOf } from './certificate-fields';
import { label, loadCertificate, type LoadedCertificate } from './certificate';
import { matchHostname } from './hostname';
import { EKU, WEAK_SIGNATURE_ALGORITHMS } from './oids';
import { findCandidatePaths, isCa, type CandidatePath } from './path-builder';
import { bundledTrustStore, type TrustAnchor } from './root-store';
import { STEP, VERDICT_PRECEDENCE, type StepCode, type Verdict } from './step-codes';

export interface ValidationStep {
  /** one of STEP (step-codes.ts) */
  code: string;
  ok: boolean;
  /** English explanation, shown as detail */
  message: string;
  /** index in the chain as the server sent it */
  certIndex?: number;
}

export interface ChainValidation {
  verdict: Verdict;
  steps: ValidationStep[];
  /** subject of the trusted root the path ends at; null when none was reached */
  trustAnchor?: string | null;
}

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

/** A step plus, when it failed, the verdict it argues for. */
interface Step extends ValidationStep {
  fails?: Verdict;
}

export function validateChain(chainDer: Uint8Array[], opts: ValidateChainOptions): ChainValidation {
  if (!chainDer || chainDer.length === 0) {
    return conclude(
      [{ code: STEP.empty, ok: false, message: 'The server sent no certificates.', fails: 'no-certificates' }],
      null,
    );
  }
  const at = opts.at;
  const timeKnown = at instanceof Date && !Number.isNaN(at.getTime());
  const steps: Step[] = [];
  if (chainDer.length > MAX_CHAIN_CERTIFICATES) {
    steps.push({
      code: STEP.truncated,
      ok: true,
      message: `The server sent ${chainDer.length} certificates; only the first ${MAX_CHAIN_CERTIFICATES} were considered and the other ${chainDer.length - MAX_CHAIN_CERTIFICATES} ignored.`,
    });
  }
  const certs = chainDer.slice(0, MAX_CHAIN_CERTIFICATES).map((der) => loadCertificate(der));
  certs.forEach((cert, i) => {
    if (!cert.x509) {
      steps.push({
        code: STEP.parse,
        ok: false,
        certIndex: i,
        message: `Certificate #${i}${i === 0 ? ' (the leaf)' : ''} could not be parsed: ${cert.parseError}.`,
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
    });
  }

  const store = bundledTrustStore().withExtraRoots(opts.extraTrustedRoots);
  const searchTime = timeKnown ? at : new Date(0);
  const leafSteps = [serverAuthStep(certs[0]), hostnameStep(certs[0], opts.hostname)].filter(
    (s): s is Step => s !== null,
  );

  let best: { result: ChainValidation; rank: number; failures: number; length: number } | null = null;
  for (const path of findCandidatePaths(certs, store, searchTime)) {
    const pathSteps = [...steps, ...describePath(path, certs, timeKnown ? at : null), ...leafSteps];
    const anchor = path.end.kind === 'anchor' ? path.end.anchor.cert.subjectText : null;
    const result = conclude(pathSteps, anchor);
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

function describePath(path: CandidatePath, certs: readonly LoadedCertificate[], at: Date | null): Step[] {
  const { indices, end } = path;
  const steps: Step[] = [];
  const last = indices.length - 1;
  const topIsAnchor = end.kind === 'anchor' && end.sentIndex !== null;

  for (let pos = 0; pos <= last; pos++) {
    const index = indices[pos];
    const cert = certs[index];
    // A trust anchor is trusted as such: browsers check neither its dates nor its self-signature.
    if (topIsAnchor && pos === last) break;
    if (at) steps.push(validityStep(cert, index, at));

    if (pos < last) {
      const issuerIndex = indices[pos + 1];
      const issuer = certs[issuerIndex];
      steps.push({
        code: STEP.signature,
        ok: true,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} is signed by certificate #${issuerIndex} ${label(issuer)}.`,
      });
      pushIfAny(steps, weakAlgorithmStep(cert, index, at));
      if (!(topIsAnchor && pos + 1 === last)) steps.push(...issuerConstraintSteps(certs, indices, pos + 1));
    } else if (end.kind === 'anchor') {
      steps.push({
        code: STEP.signature,
        ok: true,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} is signed by the trusted root ${label(end.anchor.cert)}.`,
      });
      pushIfAny(steps, weakAlgorithmStep(cert, index, at));
    } else if (end.kind === 'self-signed') {
      steps.push({
        code: STEP.signature,
        ok: true,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} is self-signed: its signature verifies with its own key.`,
      });
    } else if (end.kind === 'bad-signature') {
      const holders = [
        ...end.sameNameIndices.map((i) => `certificate #${i}`),
        ...end.sameNameAnchors.map((a) => `the trusted root ${label(a.cert)}`),
      ];
      steps.push({
        code: STEP.signature,
        ok: false,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} names ${cert.issuerText || 'an issuer'} as its issuer, but its signature does not verify with the key of ${holders.join(' or ')}, which carry that name: it was not issued by them (forged, corrupted or re-keyed issuer).`,
        fails: 'bad-signature',
      });
    }
  }

  steps.push(anchorStep(path, certs, at));
  steps.push(orderStep(indices));
  steps.push(...unusedSteps(indices, certs));
  return steps;
}

function validityStep(cert: LoadedCertificate, index: number, at: Date): Step {
  const { notBefore, notAfter } = cert;
  const base = { code: STEP.validity, certIndex: index };
  if (!notBefore || !notAfter) {
    return { ...base, ok: false, message: `Certificate #${index} ${label(cert)} has no readable validity period.`, fails: 'expired' };
  }
  const period = `from ${formatTime(notBefore)} to ${formatTime(notAfter)}`;
  if (at.getTime() < notBefore.getTime()) {
    return {
      ...base,
      ok: false,
      message: `Certificate #${index} ${label(cert)} was not yet valid at the capture time ${formatTime(at)} (valid ${period}).`,
      fails: 'not-yet-valid',
    };
  }
  if (at.getTime() > notAfter.getTime()) {
    return {
      ...base,
      ok: false,
      message: `Certificate #${index} ${label(cert)} had expired at the capture time ${formatTime(at)} (valid ${period}).`,
      fails: 'expired',
    };
  }
  return { ...base, ok: true, message: `Certificate #${index} ${label(cert)} was valid at the capture time (valid ${period}).` };
}

function weakAlgorithmStep(cert: LoadedCertificate, index: number, at: Date | null): Step | null {
  const weak = cert.fields.signatureAlgorithmOid ? WEAK_SIGNATURE_ALGORITHMS[cert.fields.signatureAlgorithmOid] : undefined;
  if (!weak || !at) return null;
  const base = { code: STEP.signatureAlgorithm, certIndex: index };
  if (at.getTime() < weak.since.getTime()) {
    return {
      ...base,
      ok: true,
      message: `Certificate #${index} ${label(cert)} is signed with ${weak.reason}, which browsers still accepted at the capture time (until ${formatTime(weak.since).slice(0, 10)}).`,
    };
  }
  return {
    ...base,
    ok: false,
    message: `Certificate #${index} ${label(cert)} is signed with ${weak.reason}, which browsers no longer accepted at the capture time (rejected since ${formatTime(weak.since).slice(0, 10)}).`,
    fails: 'bad-signature',
  };
}

/** Checks on the certificate at `indices[pos]` as the issuer of the one below it. */
function issuerConstraintSteps(certs: readonly LoadedCertificate[], indices: number[], pos: number): Step[] {
  const index = indices[pos];
  const issuer = certs[index];
  const steps: Step[] = [];
  const constraints = issuer.fields.basicConstraints;
  const ca = isCa(issuer);
  steps.push({
    code: STEP.caFlag,
    ok: ca,
    certIndex: index,
    message: ca
      ? `Certificate #${index} ${label(issuer)} is a certificate authority (basicConstraints CA:TRUE).`
      : `Certificate #${index} ${label(issuer)} is not a certificate authority (${constraints ? 'basicConstraints CA:FALSE' : 'no basicConstraints extension'}), so it may not issue certificates.`,
    fails: ca ? undefined : 'unknown-issuer',
  });
  const usage = issuer.fields.keyUsage;
  if (usage) {
    const canSign = usage.has(KEY_USAGE_BITS.keyCertSign);
    steps.push({
      code: STEP.keyUsage,
      ok: canSign,
      certIndex: index,
      message: canSign
        ? `Certificate #${index} ${label(issuer)} may sign certificates (keyUsage keyCertSign).`
        : `Certificate #${index} ${label(issuer)} has a keyUsage without keyCertSign, so it may not sign certificates.`,
      fails: canSign ? undefined : 'unknown-issuer',
    });
  }
  const pathLen = constraints?.pathLen;
  if (ca && pathLen !== null && pathLen !== undefined) {
    // pathLen counts the non-self-issued intermediates below this CA (the leaf excluded).
    const below = indices.slice(1, pos).filter((i) => certs[i].subjectKey !== certs[i].issuerKey).length;
    if (below > pathLen) {
      steps.push({
        code: STEP.pathLength,
        ok: false,
        certIndex: index,
        message: `Certificate #${index} ${label(issuer)} allows at most ${pathLen} intermediate certificate(s) below it (pathLen), but the path has ${below}.`,
        fails: 'unknown-issuer',
      });
    }
  }
  return steps;
}

function anchorStep(path: CandidatePath, certs: readonly LoadedCertificate[], at: Date | null): Step {
  const { indices, end } = path;
  const topIndex = indices[indices.length - 1];
  const top = certs[topIndex];
  switch (end.kind) {
    case 'anchor': {
      const where = anchorSourceText(end.anchor);
      const what =
        end.sentIndex !== null
          ? `Certificate #${end.sentIndex} ${label(end.anchor.cert)} is itself a trusted root (${where}).`
          : `The path ends at the trusted root ${label(end.anchor.cert)} (${where}).`;
      return {
        code: STEP.anchor,
        ok: true,
        certIndex: end.sentIndex ?? topIndex,
        message: what + anchorTimeNotes(end.anchor, at),
      };
    }
    case 'self-signed':
      return {
        code: STEP.anchor,
        ok: false,
        certIndex: topIndex,
        message:
          indices.length === 1
            ? `The leaf certificate ${label(top)} is self-signed and is not a trusted root.`
            : `The chain ends at certificate #${topIndex} ${label(top)}, a self-signed root that is not trusted.`,
        fails: 'self-signed',
      };
    case 'missing-issuer': {
      const fetchHint = top.fields.caIssuers.length
        ? ` The certificate says its issuer can be downloaded from ${top.fields.caIssuers[0]}: Chrome and Safari would fetch it, Firefox would not; TLS Lens never fetches.`
        : '';
      const issuer = top.issuerText ? `"${top.issuerText}"` : 'its issuer';
      if (indices.length === 1) {
        return {
          code: STEP.anchor,
          ok: false,
          certIndex: topIndex,
          message: `The issuer of the leaf certificate, ${issuer}, was neither sent by the server nor is a trusted root: the server's chain is missing an intermediate certificate.${fetchHint}`,
          fails: 'incomplete',
        };
      }
      return {
        code: STEP.anchor,
        ok: false,
        certIndex: topIndex,
        message: `The chain ends at certificate #${topIndex} ${label(top)}, whose issuer ${issuer} was neither sent nor is a trusted root: an unknown certificate authority (private, or not in this root store).${fetchHint}`,
        fails: 'unknown-issuer',
      };
    }
    case 'bad-signature':
      return {
        code: STEP.anchor,
        ok: false,
        certIndex: topIndex,
        message: `No trusted root was reached: the chain breaks at certificate #${topIndex}, whose signature does not verify.`,
        fails: 'bad-signature',
      };
  }
}

function anchorSourceText(anchor: TrustAnchor): string {
  return anchor.source === 'bundled'
    ? "in Node.js's bundled root store, which is today's: the roots a browser trusted at the capture time may have differed"
    : 'among the extra trusted roots supplied';
}

function anchorTimeNotes(anchor: TrustAnchor, at: Date | null): string {
  const { notBefore, notAfter } = anchor.cert;
  if (!at || !notBefore || !notAfter) return '';
  if (at.getTime() < notBefore.getTime()) {
    return ` Note: this root only exists from ${formatTime(notBefore)}, after the capture time, so a browser at that time could not have trusted the chain through it.`;
  }
  if (at.getTime() > notAfter.getTime()) {
    return ` Note: this root had expired (${formatTime(notAfter)}) at the capture time; browsers do not enforce a trust anchor's own dates.`;
  }
  return '';
}

function orderStep(indices: number[]): Step {
  if (indices.every((index, pos) => index === pos)) {
    return { code: STEP.order, ok: true, message: 'The server sent the path in order, each certificate followed by its issuer.' };
  }
  return {
    code: STEP.misordered,
    ok: true,
    message: `The server sent the certificates out of order (the path is ${indices.map((i) => '#' + i).join(' → ')}); TLS 1.2 requires issuer-after-subject order, but browsers reorder.`,
  };
}

function unusedSteps(indices: number[], certs: readonly LoadedCertificate[]): Step[] {
  const onPath = new Set(indices);
  const steps: Step[] = [];
  certs.forEach((cert, i) => {
    if (onPath.has(i) || !cert.x509) return;
    const duplicateOf = indices.find((p) => certs[p].sha256 === cert.sha256);
    steps.push({
      code: STEP.unused,
      ok: true,
      certIndex: i,
      message:
        duplicateOf !== undefined
          ? `Certificate #${i} is a duplicate of certificate #${duplicateOf} and was ignored.`
          : `Certificate #${i} ${label(cert)} is not on the path to the trusted root and was ignored, as browsers do.`,
    });
  });
  return steps;
}

function serverAuthStep(leaf: LoadedCertificate): Step | null {
  const purposes = leaf.fields.extendedKeyUsage;
  if (!purposes) return null;
  const ok = purposes.includes(EKU.serverAuth) || purposes.includes(EKU.anyExtendedKeyUsage);
  return {
    code: STEP.serverAuth,
    ok,
    certIndex: 0,
    message: ok
      ? 'The leaf certificate may be used for TLS servers (extendedKeyUsage serverAuth).'
      : `The leaf certificate's extendedKeyUsage (${purposes.join(', ')}) does not include serverAuth, so browsers refuse it for a TLS server.`,
    fails: ok ? undefined : 'wrong-host',
  };
}

function hostnameStep(leaf: LoadedCertificate, hostname: string | null | undefined): Step {
  if (hostname === null || hostname === undefined || hostname.trim() === '') {
    return {
      code: STEP.hostnameUnchecked,
      ok: true,
      certIndex: 0,
      message: 'Not checked (no SNI): the client sent no server name, so the certificate cannot be matched to one.',
    };
  }
  const sans = leaf.fields.subjectAltNames ?? { dns: [], ip: [], other: [] };
  const commonName = commonNameOf(leaf.fields.subject);
  const match = matchHostname(hostname, { dns: sans.dns, ip: sans.ip, commonName });
  const base = { code: STEP.hostname, certIndex: 0 };
  if (match.ok) {
    return { ...base, ok: true, message: `The certificate covers "${hostname}" (subjectAltName ${match.presented}).` };
  }
  const names = [...sans.dns, ...sans.ip];
  let message: string;
  if (match.reason === 'cn-only') {
    message = `The certificate has no subjectAltName; only its Common Name "${commonName}" matches "${hostname}", and browsers have ignored the Common Name since 2017 (Chrome 58, Firefox 48).`;
  } else if (names.length === 0) {
    message = `The certificate names no host in a subjectAltName${commonName ? ` (its Common Name "${commonName}" does not match "${hostname}" either, and browsers ignore it)` : ''}, so it is not valid for "${hostname}".`;
  } else {
    const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ` and ${names.length - 10} more` : '');
    message = `The certificate is not valid for "${hostname}": it covers ${shown}.`;
  }
  return { ...base, ok: false, message, fails: 'wrong-host' };
}

function conclude(steps: Step[], trustAnchor: string | null): ChainValidation {
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
  };
}

function verdictRank(verdict: Verdict): number {
  if (verdict === 'valid') return 0;
  return VERDICT_PRECEDENCE.length - VERDICT_PRECEDENCE.findIndex((tier) => tier.includes(verdict));
}

function pushIfAny(steps: Step[], step: Step | null): void {
  if (step) steps.push(step);
}

function formatTime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

export type { StepCode };
