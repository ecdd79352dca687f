/**
 * The steps that explain one candidate path: per certificate its dates,
 * signature and, for issuers, the CA constraints; then how the path ends
 * (trust anchor or why none), the order it was sent in, and what was left over.
 */
import { KEY_USAGE_BITS } from './certificate-fields';
import { label, nameOf, type LoadedCertificate } from './certificate';
import { WEAK_SIGNATURE_ALGORITHMS } from './oids';
import { isCa, type CandidatePath } from './path-builder';
import type { TrustAnchor, TrustStore } from './root-store';
import { STEP, type Step, type StepArgs } from './steps';
import { memoizeBy } from '../../util/memo';

export function describePath(path: CandidatePath, certs: readonly LoadedCertificate[], store: TrustStore, at: Date | null): Step[] {
  const { indices, end } = path;
  const steps: Step[] = [];
  const last = indices.length - 1;
  const topIsAnchor = end.kind === 'anchor' && end.sentIndex !== null;

  for (let pos = 0; pos <= last; pos++) {
    const index = indices[pos];
    const cert = certs[index];
    // A trust anchor above the leaf is trusted as such: browsers check neither its dates nor its
    // self-signature (which is why an expired cross-signed root copy sent by servers does no harm).
    // A leaf that is itself trusted still has its dates checked.
    if (topIsAnchor && pos === last && pos > 0) break;
    if (at) steps.push(validityStep(cert, index, at));
    if (topIsAnchor && pos === last) break;

    if (pos < last) {
      const issuerIndex = indices[pos + 1];
      const issuer = certs[issuerIndex];
      steps.push({
        code: STEP.signature,
        ok: true,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} is signed by certificate #${issuerIndex} ${label(issuer)}.`,
        args: { variant: 'by-sent-issuer', subject: nameOf(cert), issuerIndex, issuer: nameOf(issuer) },
      });
      pushIfAny(steps, weakAlgorithmStep(cert, index, at));
      if (!(topIsAnchor && pos + 1 === last)) steps.push(...issuerConstraintSteps(certs, indices, pos + 1));
    } else if (end.kind === 'anchor') {
      steps.push({
        code: STEP.signature,
        ok: true,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} is signed by the trusted root ${label(end.anchor.cert)}.`,
        args: { variant: 'by-root', subject: nameOf(cert), issuer: nameOf(end.anchor.cert) },
      });
      pushIfAny(steps, weakAlgorithmStep(cert, index, at));
    } else if (end.kind === 'self-signed') {
      steps.push({
        code: STEP.signature,
        ok: true,
        certIndex: index,
        message: `Certificate #${index} ${label(cert)} is self-signed: its signature verifies with its own key.`,
        args: { variant: 'self-signed', subject: nameOf(cert) },
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
        message: `Certificate #${index} ${label(cert)} names ${cert.issuerText ? `"${cert.issuerText}"` : 'an issuer'} as its issuer, but its signature does not verify with the key of ${holders.join(' or ')}, which carry that name: it was not issued by them (forged, corrupted or re-keyed issuer).`,
        args: {
          variant: 'mismatch',
          subject: nameOf(cert),
          issuer: cert.issuerText ?? '',
          holders: [...end.sameNameIndices],
          holderRoots: end.sameNameAnchors.map((a) => nameOf(a.cert)),
        },
        fails: 'bad-signature',
      });
    }
  }

  steps.push(anchorStep(path, certs, store, at));
  steps.push(orderStep(indices));
  steps.push(...unusedSteps(indices, certs));
  return steps;
}

function validityStep(cert: LoadedCertificate, index: number, at: Date): Step {
  const { notBefore, notAfter } = cert;
  const base = { code: STEP.validity, certIndex: index };
  if (!notBefore || !notAfter) {
    return {
      ...base,
      ok: false,
      message: `Certificate #${index} ${label(cert)} has no readable validity period.`,
      args: { variant: 'no-dates', subject: nameOf(cert), at: isoText(at) },
      fails: 'expired',
    };
  }
  const dates = { subject: nameOf(cert), notBefore: isoText(notBefore), notAfter: isoText(notAfter), at: isoText(at) };
  const period = `from ${formatTime(notBefore)} to ${formatTime(notAfter)}`;
  if (at.getTime() < notBefore.getTime()) {
    return {
      ...base,
      ok: false,
      message: `Certificate #${index} ${label(cert)} was not yet valid at the capture time ${formatTime(at)} (valid ${period}).`,
      args: { variant: 'not-yet-valid', ...dates },
      fails: 'not-yet-valid',
    };
  }
  if (at.getTime() > notAfter.getTime()) {
    return {
      ...base,
      ok: false,
      message: `Certificate #${index} ${label(cert)} had expired at the capture time ${formatTime(at)} (valid ${period}).`,
      args: { variant: 'expired', ...dates },
      fails: 'expired',
    };
  }
  return {
    ...base,
    ok: true,
    message: `Certificate #${index} ${label(cert)} was valid at the capture time (valid ${period}).`,
    args: { variant: 'valid', ...dates },
  };
}

function weakAlgorithmStep(cert: LoadedCertificate, index: number, at: Date | null): Step | null {
  const weak = cert.fields.signatureAlgorithmOid ? WEAK_SIGNATURE_ALGORITHMS[cert.fields.signatureAlgorithmOid] : undefined;
  if (!weak || !at) return null;
  const base = { code: STEP.signatureAlgorithm, certIndex: index };
  const facts = { subject: nameOf(cert), algorithm: weak.reason, since: weak.since.toISOString().slice(0, 10), at: at.toISOString() };
  if (at.getTime() < weak.since.getTime()) {
    return {
      ...base,
      ok: true,
      message: `Certificate #${index} ${label(cert)} is signed with ${weak.reason}, which browsers still accepted at the capture time (until ${formatTime(weak.since).slice(0, 10)}).`,
      args: { variant: 'still-accepted', ...facts },
    };
  }
  return {
    ...base,
    ok: false,
    message: `Certificate #${index} ${label(cert)} is signed with ${weak.reason}, which browsers no longer accepted at the capture time (rejected since ${formatTime(weak.since).slice(0, 10)}).`,
    args: { variant: 'rejected', ...facts },
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
    args: ca ? { variant: 'ca', subject: nameOf(issuer) } : { variant: 'not-ca', subject: nameOf(issuer), basicConstraints: !!constraints },
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
      args: { variant: canSign ? 'may-sign' : 'may-not-sign', subject: nameOf(issuer) },
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
        args: { variant: 'exceeded', subject: nameOf(issuer), pathLen, below },
        fails: 'unknown-issuer',
      });
    }
  }
  return steps;
}

function anchorStep(path: CandidatePath, certs: readonly LoadedCertificate[], store: TrustStore, at: Date | null): Step {
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
      const dated = end.sentIndex !== null && end.sentIndex > 0 ? certs[end.sentIndex] : end.anchor.cert;
      const note = anchorTimeNote(dated, at);
      const args: StepArgs = { variant: end.sentIndex !== null ? 'sent-root' : 'reached-root', anchor: nameOf(end.anchor.cert), anchorSource: end.anchor.source };
      if (note) Object.assign(args, { anchorNote: note, notBefore: dated.notBefore!.toISOString(), notAfter: dated.notAfter!.toISOString() });
      return {
        code: STEP.anchor,
        ok: true,
        certIndex: end.sentIndex ?? topIndex,
        message: what + anchorTimeNotes(dated, at),
        args,
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
        args: { variant: indices.length === 1 ? 'self-signed-leaf' : 'self-signed-root', subject: nameOf(top) },
        fails: 'self-signed',
      };
    case 'missing-issuer': {
      const fetchHint = top.fields.caIssuers.length
        ? ` The certificate says its issuer can be downloaded from ${top.fields.caIssuers[0]}: browsers that fetch it (Chrome, Safari) or ship known intermediates (Firefox) may still have succeeded; TLS Lens never fetches.`
        : '';
      const issuer = top.issuerText ? `"${top.issuerText}"` : 'its issuer';
      const missing: StepArgs = { variant: indices.length === 1 ? 'missing-leaf-issuer' : 'unknown-ca', subject: nameOf(top), issuer: top.issuerText ?? '', extraRoots: store.hasExtraRoots };
      if (top.fields.caIssuers.length) missing.caIssuers = top.fields.caIssuers[0];
      if (indices.length === 1) {
        return {
          code: STEP.anchor,
          ok: false,
          certIndex: topIndex,
          message: `The issuer of the leaf certificate, ${issuer}, was neither sent by the server nor is a trusted root: the server's chain is missing an intermediate certificate (unless the leaf was issued directly by a root that is not in ${storeText(store)}).${fetchHint}`,
          args: missing,
          fails: 'incomplete',
        };
      }
      return {
        code: STEP.anchor,
        ok: false,
        certIndex: topIndex,
        message: `The chain ends at certificate #${topIndex} ${label(top)}, whose issuer ${issuer} was neither sent nor is a trusted root: an unknown certificate authority (a private one, or a root that is not in ${storeText(store)}).${fetchHint}`,
        args: missing,
        fails: 'unknown-issuer',
      };
    }
    case 'bad-signature':
      return {
        code: STEP.anchor,
        ok: false,
        certIndex: topIndex,
        message: `No trusted root was reached: the chain breaks at certificate #${topIndex}, whose signature does not verify.`,
        args: { variant: 'broken', subject: nameOf(top) },
        fails: 'bad-signature',
      };
  }
}

function storeText(store: TrustStore): string {
  return store.hasExtraRoots
    ? "Node.js's bundled root store or the extra trusted roots (the bundled store is today's: roots removed since the capture time are unknown to it)"
    : "Node.js's bundled root store (today's: roots removed since the capture time are unknown to it)";
}

function anchorSourceText(anchor: TrustAnchor): string {
  return anchor.source === 'bundled'
    ? "in Node.js's bundled root store, which is today's: the roots a browser trusted at the capture time may have differed"
    : "a CA supplied by the user for this analysis (a CA file such as --ca or a sample's lab CA), not one of Node.js's bundled roots";
}

function anchorTimeNote(anchor: LoadedCertificate, at: Date | null): 'not-yet-valid' | 'expired' | null {
  const { notBefore, notAfter } = anchor;
  if (!at || !notBefore || !notAfter) return null;
  if (at.getTime() < notBefore.getTime()) return 'not-yet-valid';
  if (at.getTime() > notAfter.getTime()) return 'expired';
  return null;
}

function anchorTimeNotes(anchor: LoadedCertificate, at: Date | null): string {
  const { notBefore, notAfter } = anchor;
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
    return { code: STEP.order, ok: true, message: 'The server sent the path in order, each certificate followed by its issuer.', args: { variant: 'none' } };
  }
  return {
    code: STEP.misordered,
    ok: true,
    message: `The server sent the certificates out of order (the path is ${indices.map((i) => '#' + i).join(' → ')}); TLS 1.2 requires issuer-after-subject order, but browsers reorder.`,
    args: { variant: 'reordered', path: [...indices] },
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
          : `Certificate #${i} ${label(cert)} is not on the path built from the leaf and was ignored, as browsers do.`,
      args: duplicateOf !== undefined ? { variant: 'duplicate', subject: nameOf(cert), duplicateOf } : { variant: 'off-path', subject: nameOf(cert) },
    });
  });
  return steps;
}

function pushIfAny(steps: Step[], step: Step | null): void {
  if (step) steps.push(step);
}

/**
 * Dates as text, remembered: every connection to a site validates the same certificates,
 * and turning their dates into text was a tenth of a large capture's validation time.
 */
const isoText = memoizeBy(
  (date: Date) => date.getTime(),
  (date: Date) => date.toISOString(),
  8192,
);

function formatTime(date: Date): string {
  const iso = isoText(date);
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}
