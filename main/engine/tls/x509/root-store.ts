/**
 * Trust anchors: Node's bundled Mozilla-derived root store (`tls.rootCertificates`),
 * parsed once per process and indexed by subject, optionally layered with
 * roots the caller adds (tests, or a user's lab CA). Nothing is ever fetched.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { loadCertificate, type LoadedCertificate } from './certificate';

export type AnchorSource = 'bundled' | 'extra';

export interface TrustAnchor {
  cert: LoadedCertificate;
  source: AnchorSource;
}

export class TrustStore {
  private readonly bySubject = new Map<string, TrustAnchor[]>();
  private readonly byFingerprint = new Map<string, TrustAnchor>();
  private readonly bySubjectAndKey = new Map<string, TrustAnchor>();

  constructor(
    anchors: readonly TrustAnchor[],
    private readonly fallback: TrustStore | null = null,
  ) {
    for (const anchor of anchors) {
      const { cert } = anchor;
      if (!cert.x509) continue;
      const list = this.bySubject.get(cert.subjectKey) ?? [];
      list.push(anchor);
      this.bySubject.set(cert.subjectKey, list);
      this.byFingerprint.set(cert.sha256, anchor);
      if (cert.keyId) this.bySubjectAndKey.set(cert.subjectKey + '\u0000' + cert.keyId, anchor);
    }
  }

  /** whether roots beyond the bundled store are trusted (for messages) */
  get hasExtraRoots(): boolean {
    return this.fallback !== null;
  }

  get size(): number {
    return this.byFingerprint.size + (this.fallback?.size ?? 0);
  }

  /** Anchors whose subject is `subjectKey` (candidates to have issued a certificate with that issuer name). */
  withSubject(subjectKey: string): TrustAnchor[] {
    return [...(this.bySubject.get(subjectKey) ?? []), ...(this.fallback?.withSubject(subjectKey) ?? [])];
  }

  /**
   * The anchor `cert` is, if any: the same certificate, or one with the same
   * subject and key. The latter is how browsers treat a re-issued or
   * cross-signed copy of a root the server sends: trust lives in name + key.
   */
  anchorFor(cert: LoadedCertificate): TrustAnchor | null {
    return (
      this.byFingerprint.get(cert.sha256) ??
      (cert.keyId ? this.bySubjectAndKey.get(cert.subjectKey + '\u0000' + cert.keyId) : undefined) ??
      this.fallback?.anchorFor(cert) ??
      null
    );
  }

  /** A store that trusts `extraRoots` on top of this one; unparseable extras are ignored. */
  withExtraRoots(extraRoots: readonly Uint8Array[] | undefined): TrustStore {
    if (!extraRoots || extraRoots.length === 0) return this;
    const anchors = extraRoots
      .map((der) => loadCertificate(der))
      .filter((cert) => cert.x509 !== null)
      .map((cert): TrustAnchor => ({ cert, source: 'extra' }));
    return new TrustStore(anchors, this);
  }
}

let bundled: TrustStore | null = null;

/** Node's bundled roots, parsed on first use (~50 ms) and kept for the life of the process. */
export function bundledTrustStore(): TrustStore {
  if (!bundled) {
    const anchors: TrustAnchor[] = [];
    for (const pem of rootCertificates) {
      try {
        const x509 = new X509Certificate(pem);
        anchors.push({ cert: loadCertificate(x509.raw, x509), source: 'bundled' });
      } catch {
        // A root Node itself ships but cannot parse cannot anchor anything; skip it.
      }
    }
    bundled = new TrustStore(anchors);
  }
  return bundled;
}
