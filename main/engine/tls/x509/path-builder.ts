/**
 * Finds the candidate paths from the leaf to a trust anchor through the
 * certificates the server sent, in any order, the way browsers' path builders
 * do: issuers are found by name and accepted only if their key verifies the
 * signature; a trusted root is preferred as soon as one issues the current
 * certificate; alternatives (cross-signs, duplicates) are explored depth-first
 * and every dead end is kept so the caller can pick the best-scoring path and
 * explain it.
 */
import { isSelfSigned, signatureVerifies, type LoadedCertificate } from './certificate';
import type { TrustAnchor, TrustStore } from './root-store';

export type PathEnd =
  /** `sentIndex` is set when the last sent certificate on the path is itself the trusted root */
  | { kind: 'anchor'; anchor: TrustAnchor; sentIndex: number | null }
  | { kind: 'self-signed' }
  /** certificates carrying the issuer's name exist, but none of their keys verifies the signature */
  | { kind: 'bad-signature'; sameNameIndices: number[]; sameNameAnchors: TrustAnchor[] }
  | { kind: 'missing-issuer' };

export interface CandidatePath {
  /** indices into the sent chain, leaf (0) first, each followed by its issuer */
  indices: number[];
  end: PathEnd;
}

/** Enough for any real-world set of cross-signs; bounds the work on hostile input. */
export const MAX_CANDIDATE_PATHS = 32;

export function findCandidatePaths(certs: readonly LoadedCertificate[], store: TrustStore, at: Date): CandidatePath[] {
  const paths: CandidatePath[] = [];
  const verified = new Map<string, boolean>();
  const verifies = (child: LoadedCertificate, issuer: LoadedCertificate): boolean => {
    const key = child.sha256 + issuer.sha256;
    let ok = verified.get(key);
    if (ok === undefined) {
      ok = signatureVerifies(child, issuer);
      verified.set(key, ok);
    }
    return ok;
  };

  const visit = (indices: number[]): void => {
    if (paths.length >= MAX_CANDIDATE_PATHS) return;
    const topIndex = indices[indices.length - 1];
    const top = certs[topIndex];

    const trusted = store.anchorFor(top);
    if (trusted) {
      paths.push({ indices, end: { kind: 'anchor', anchor: trusted, sentIndex: topIndex } });
      return;
    }
    const sameNameAnchors = store.withSubject(top.issuerKey);
    const issuingAnchors = sameNameAnchors.filter((anchor) => verifies(top, anchor.cert));
    if (issuingAnchors.length > 0) {
      const anchor = issuingAnchors.find((a) => validAt(a.cert, at)) ?? issuingAnchors[0];
      // When the server sent that root too, show it on the path rather than as unused.
      const sentIndex = certs.findIndex((c, i) => !indices.includes(i) && c.x509 !== null && store.anchorFor(c) === anchor);
      paths.push(
        sentIndex >= 0
          ? { indices: [...indices, sentIndex], end: { kind: 'anchor', anchor, sentIndex } }
          : { indices, end: { kind: 'anchor', anchor, sentIndex: null } },
      );
      return;
    }

    const onPath = new Set(indices.map((i) => certs[i].sha256));
    const sameNameIndices = uniqueIndices(certs).filter(
      (i) => certs[i].x509 !== null && !onPath.has(certs[i].sha256) && certs[i].subjectKey === top.issuerKey,
    );
    const issuers = sameNameIndices.filter((i) => verifies(top, certs[i]));
    for (const i of rankIssuers(issuers, certs, store, at)) visit([...indices, i]);
    if (issuers.length > 0) return;

    if (isSelfSigned(top)) paths.push({ indices, end: { kind: 'self-signed' } });
    else if (sameNameIndices.length > 0 || sameNameAnchors.length > 0) {
      paths.push({ indices, end: { kind: 'bad-signature', sameNameIndices, sameNameAnchors } });
    } else paths.push({ indices, end: { kind: 'missing-issuer' } });
  };

  visit([0]);
  return paths;
}

/** Try the most promising issuer first: trusted, then CA, then in its validity period, then as sent. */
function rankIssuers(indices: number[], certs: readonly LoadedCertificate[], store: TrustStore, at: Date): number[] {
  const score = (i: number): number =>
    (store.anchorFor(certs[i]) ? 4 : 0) + (isCa(certs[i]) ? 2 : 0) + (validAt(certs[i], at) ? 1 : 0);
  return [...indices].sort((a, b) => score(b) - score(a) || a - b);
}

/** First index of each distinct certificate: a server sending one twice must not double the search. */
function uniqueIndices(certs: readonly LoadedCertificate[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  certs.forEach((cert, i) => {
    if (!seen.has(cert.sha256)) {
      seen.add(cert.sha256);
      out.push(i);
    }
  });
  return out;
}

export function isCa(cert: LoadedCertificate): boolean {
  return cert.fields.basicConstraints?.ca ?? cert.x509?.ca ?? false;
}

export function validAt(cert: LoadedCertificate, at: Date): boolean {
  const { notBefore, notAfter } = cert;
  if (!notBefore || !notAfter) return false;
  return at.getTime() >= notBefore.getTime() && at.getTime() <= notAfter.getTime();
}
