/**
 * Validation steps and verdicts. STEP holds the stable codes of ValidationStep, which the UI translates (the English
 * `message` is the detail). A step with ok=false always counts towards the
 * verdict, for the verdict named after the arrow below; ok=true steps with
 * the "informational" codes report something a browser tolerates.
 */
export const STEP = {
  /** ok=false: the server sent no certificate at all → no-certificates */
  empty: 'chain.empty',
  /** ok=true, informational: more certificates than MAX_CHAIN_CERTIFICATES were sent; the rest were ignored */
  truncated: 'chain.truncated',
  /** ok=false, per certificate: OpenSSL cannot parse it → unparseable */
  parse: 'cert.parse',
  /** per certificate on the path: its signature verifies with its issuer's key (or its own, when self-signed) → bad-signature */
  signature: 'chain.signature',
  /** per non-anchor certificate signed with MD5/MD2/SHA-1: acceptable at the capture time or not → bad-signature */
  signatureAlgorithm: 'chain.signature-algorithm',
  /** per non-anchor certificate on the path: notBefore <= capture time <= notAfter → expired / not-yet-valid */
  validity: 'chain.validity',
  /** ok=true, informational: the capture time is unknown (invalid Date), so no validity was checked */
  validityUnchecked: 'chain.validity-unchecked',
  /** per issuing certificate that is not the trust anchor: basicConstraints CA:TRUE → unknown-issuer */
  caFlag: 'chain.ca-flag',
  /** per issuing non-anchor certificate that has keyUsage: keyCertSign is set → unknown-issuer */
  keyUsage: 'chain.key-usage',
  /** only when violated: an issuer's basicConstraints pathLen is exceeded → unknown-issuer */
  pathLength: 'chain.path-length',
  /** the path ends at a trusted root (ok=true), or why not → self-signed / incomplete / unknown-issuer (bad-signature when the path broke) */
  anchor: 'chain.anchor',
  /** ok=true: the server sent the path in order, each certificate followed by its issuer */
  order: 'chain.order',
  /** ok=true, informational: the path had to be built out of order (TLS 1.2 forbids it; browsers reorder) */
  misordered: 'chain.misordered',
  /** ok=true, informational, per certificate: sent but not on the path (extra, duplicate, alternative); ignored */
  unused: 'chain.unused',
  /** leaf with extendedKeyUsage: it includes serverAuth (or anyExtendedKeyUsage) → wrong-host */
  serverAuth: 'chain.server-auth',
  /** leaf covers the SNI host name by subjectAltName → wrong-host (a CN-only match fails, as in browsers) */
  hostname: 'chain.hostname',
  /** ok=true, informational: no SNI in the capture, so the host name was not checked */
  hostnameUnchecked: 'chain.hostname-unchecked',
} as const;

export type StepCode = (typeof STEP)[keyof typeof STEP];

/** One check and its outcome, as returned to the UI. */
export interface ValidationStep {
  /** one of STEP */
  code: string;
  ok: boolean;
  /** English explanation, shown as detail */
  message: string;
  /** index in the chain as the server sent it */
  certIndex?: number;
  /**
   * The facts behind `message`, for wording it in any language: `variant`
   * names which sentence of the step applies, the other fields fill it in
   * (docs/schema.md, "`validation`"). Added in tlslens.analysis/1; absent
   * in summaries made before it.
   */
  args?: StepArgs;
}

/** Per step code, the sentences its `message` can be (StepArgs.variant): the UI has one text per pair. */
export const STEP_VARIANTS = {
  [STEP.empty]: ['none'],
  [STEP.truncated]: ['ignored'],
  [STEP.parse]: ['unparseable'],
  [STEP.signature]: ['by-sent-issuer', 'by-root', 'self-signed', 'mismatch'],
  [STEP.signatureAlgorithm]: ['still-accepted', 'rejected'],
  [STEP.validity]: ['valid', 'expired', 'not-yet-valid', 'no-dates'],
  [STEP.validityUnchecked]: ['none'],
  [STEP.caFlag]: ['ca', 'not-ca'],
  [STEP.keyUsage]: ['may-sign', 'may-not-sign'],
  [STEP.pathLength]: ['exceeded'],
  [STEP.anchor]: ['sent-root', 'reached-root', 'self-signed-leaf', 'self-signed-root', 'missing-leaf-issuer', 'unknown-ca', 'broken'],
  [STEP.order]: ['none'],
  [STEP.misordered]: ['reordered'],
  [STEP.unused]: ['duplicate', 'off-path'],
  [STEP.serverAuth]: ['allowed', 'not-allowed'],
  [STEP.hostname]: ['match', 'cn-only', 'no-names', 'not-covered'],
  [STEP.hostnameUnchecked]: ['none'],
} as const satisfies Record<StepCode, readonly string[]>;

export type StepVariant = (typeof STEP_VARIANTS)[StepCode][number];

/** Structured arguments of a ValidationStep; every field but `variant` is optional and appears where the sentence uses it. */
export interface StepArgs {
  variant: StepVariant;
  /** the certificate the step is about: its CN, else its whole subject; '' when it has neither */
  subject?: string;
  /** its issuer's position in the chain as sent (chain.signature by-sent-issuer) */
  issuerIndex?: number;
  /** its issuer: the issuing certificate's or trusted root's name, or (when none was found) the issuer field */
  issuer?: string;
  /** validity period and capture time, ISO 8601 */
  notBefore?: string;
  notAfter?: string;
  at?: string;
  /** chain.hostname: the SNI asked for, the subjectAltName that matched, the names covered (first 10) and how many more */
  host?: string;
  presented?: string;
  names?: string[];
  namesMore?: number;
  commonName?: string;
  /** chain.signature-algorithm: the weak hash (MD2, MD5, SHA-1) and since when browsers reject it (ISO date) */
  algorithm?: string;
  since?: string;
  /** chain.server-auth: the leaf's extendedKeyUsage OIDs */
  purposes?: string[];
  /** chain.ca-flag not-ca: whether a basicConstraints extension (CA:FALSE) was present at all */
  basicConstraints?: boolean;
  /** chain.path-length: the issuer's pathLen and the intermediates below it */
  pathLen?: number;
  below?: number;
  /** chain.anchor: the trusted root, where it comes from, and whether it was outside its own dates at the capture time */
  anchor?: string;
  anchorSource?: 'bundled' | 'extra';
  anchorNote?: 'not-yet-valid' | 'expired';
  /** chain.anchor missing issuer: the AIA caIssuers URL the certificate names, whether extra roots were trusted */
  caIssuers?: string;
  extraRoots?: boolean;
  /** chain.signature mismatch: the sent certificates and trusted roots that carry the issuer's name */
  holders?: number[];
  holderRoots?: string[];
  /** chain.misordered: the path as indices in the chain as sent */
  path?: number[];
  /** chain.unused duplicate: the certificate on the path it repeats */
  duplicateOf?: number;
  /** chain.truncated: certificates sent and the most considered */
  sent?: number;
  max?: number;
  /** cert.parse: whether it is the leaf, and the parser's own (English, technical) reason */
  leaf?: boolean;
  error?: string;
}

export interface ChainValidation {
  verdict: Verdict;
  steps: ValidationStep[];
  /** subject of the trusted root the path ends at; null when none was reached */
  trustAnchor?: string | null;
  /**
   * where that root comes from: "bundled" (Node.js's root store) or "user" (a CA file supplied
   * for this analysis: `--ca`, a sample's lab CA); null when no root was reached
   */
  trustAnchorSource?: TrustAnchorSource | null;
}

export type TrustAnchorSource = 'bundled' | 'user';

export type Verdict =
  | 'valid'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-host'
  | 'self-signed'
  | 'unknown-issuer'
  | 'bad-signature'
  | 'incomplete'
  | 'unparseable'
  | 'no-certificates';
