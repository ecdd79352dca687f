/**
 * What validating one chain costs regardless of when it was seen: loading the certificates,
 * the trust store with the caller's extra roots, the leaf's checks and the candidate paths
 * (issuer search and signature checks). A capture sees the same chain from the same server
 * thousands of times, so this is kept per distinct (chain bytes, host name, extra roots).
 *
 * The capture time still matters in two places, and neither is cached blindly:
 * - the dated steps (validity, weak algorithms, the anchor's own dates) quote the time, so the
 *   caller renders them for each connection from the cached paths;
 * - the path builder prefers issuers and anchors valid at that time, so its paths are kept
 *   per "time class": which of the certificates it may consult (the sent ones and the roots
 *   named as their issuers) are valid at that time. Two times in the same class make the
 *   builder take exactly the same decisions.
 */
import { createHash } from 'node:crypto';
import { loadCertificate, type LoadedCertificate } from './certificate';
import { hostnameStep, serverAuthStep } from './leaf-steps';
import { findCandidatePaths, validAt, type CandidatePath } from './path-builder';
import { bundledTrustStore, type TrustStore } from './root-store';
import type { Step } from './steps';
import { BoundedMap } from '../../util/bounded-map';

export interface PreparedChain {
  certs: LoadedCertificate[];
  store: TrustStore;
  leafSteps: Step[];
  /** certificates whose validity at the capture time steers the path builder */
  timeSensitive: LoadedCertificate[];
  pathsByTimeClass: Map<string, CandidatePath[]>;
}

/** Distinct chains in one capture are few; a bound keeps hostile captures from growing it. */
const PREPARED_LIMIT = 2048;
const preparedByRoots = new WeakMap<readonly Uint8Array[], BoundedMap<string, PreparedChain>>();
const preparedWithoutRoots = new BoundedMap<string, PreparedChain>(PREPARED_LIMIT);

export function preparedChain(
  chainDer: readonly Uint8Array[],
  hostname: string | null | undefined,
  extraRoots: readonly Uint8Array[] | undefined,
): PreparedChain {
  const cache = cacheFor(extraRoots);
  const key = chainKey(chainDer, hostname);
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = prepare(chainDer, hostname, extraRoots);
    cache.set(key, prepared);
  }
  return prepared;
}

/** The candidate paths at `searchTime`, computed once per time class. */
export function candidatePathsAt(prepared: PreparedChain, searchTime: Date): CandidatePath[] {
  let timeClass = '';
  for (const cert of prepared.timeSensitive) timeClass += validAt(cert, searchTime) ? '1' : '0';
  let paths = prepared.pathsByTimeClass.get(timeClass);
  if (!paths) {
    paths = findCandidatePaths(prepared.certs, prepared.store, searchTime);
    prepared.pathsByTimeClass.set(timeClass, paths);
  }
  return paths;
}

function cacheFor(extraRoots: readonly Uint8Array[] | undefined): BoundedMap<string, PreparedChain> {
  if (!extraRoots || extraRoots.length === 0) return preparedWithoutRoots;
  let cache = preparedByRoots.get(extraRoots);
  if (!cache) {
    cache = new BoundedMap<string, PreparedChain>(PREPARED_LIMIT);
    preparedByRoots.set(extraRoots, cache);
  }
  return cache;
}

/** Length-prefixed DERs, so two different splits of the same bytes never share a key. */
function chainKey(chainDer: readonly Uint8Array[], hostname: string | null | undefined): string {
  const hash = createHash('sha256');
  const length = Buffer.alloc(4);
  for (const der of chainDer) {
    length.writeUInt32BE(der.byteLength);
    hash.update(length).update(der);
  }
  const host = hostname === null ? '\u0000null' : hostname === undefined ? '\u0000undefined' : hostname;
  return `${hash.digest('hex')}|${chainDer.length}|${host}`;
}

function prepare(chainDer: readonly Uint8Array[], hostname: string | null | undefined, extraRoots: readonly Uint8Array[] | undefined): PreparedChain {
  const certs = chainDer.map((der) => loadCertificate(der));
  const store = bundledTrustStore().withExtraRoots(extraRoots);
  const leaf = certs[0];
  const leafSteps = leaf?.x509 ? [serverAuthStep(leaf), hostnameStep(leaf, hostname)].filter((s): s is Step => s !== null) : [];
  const roots = new Set<LoadedCertificate>();
  for (const cert of certs) {
    if (cert.x509) for (const anchor of store.withSubject(cert.issuerKey)) roots.add(anchor.cert);
  }
  return { certs, store, leafSteps, timeSensitive: [...certs, ...roots], pathsByTimeClass: new Map() };
}
