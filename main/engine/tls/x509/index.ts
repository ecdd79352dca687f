/**
 * Certificates: description for the UI, and offline chain validation as a
 * browser would have done it at the capture time. Node-only (node:crypto,
 * node:tls); never fetches anything.
 */
export { describeCertificate, type CertificateInfo } from './describe';
export {
  validateChain,
  MAX_CHAIN_CERTIFICATES,
  type ChainValidation,
  type ValidateChainOptions,
  type ValidationStep,
} from './validate';
export { STEP, VERDICT_PRECEDENCE, type StepCode, type Verdict } from './step-codes';
export { matchHostname, type HostnameMatch } from './hostname';
