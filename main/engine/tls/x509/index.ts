/**
 * Certificates: description for the UI, and offline chain validation as a
 * browser would have done it at the capture time. Node-only (node:crypto,
 * node:tls); never fetches anything.
 */
export { describeCertificate, type CertificateInfo } from './describe';
export { validateChain, MAX_CHAIN_CERTIFICATES, type ValidateChainOptions } from './validate';
export {
  STEP,
  STEP_VARIANTS,
  VERDICT_PRECEDENCE,
  type ChainValidation,
  type StepArgs,
  type StepCode,
  type StepVariant,
  type ValidationStep,
  type Verdict,
} from './steps';
export { matchHostname, type HostnameMatch } from './hostname';
