/**
 * Checks that concern only the leaf, whatever path is chosen: may it serve
 * TLS (extendedKeyUsage), and does it name the host the client asked for (SNI).
 */
import { commonName as commonNameOf } from './certificate-fields';
import { nameOf, subjectAltNamesOf, type LoadedCertificate } from './certificate';
import { matchHostname } from './hostname';
import { EKU } from './oids';
import { STEP, type Step, type StepArgs } from './steps';

export function serverAuthStep(leaf: LoadedCertificate): Step | null {
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
    args: { variant: ok ? 'allowed' : 'not-allowed', subject: nameOf(leaf), purposes: [...purposes] },
    fails: ok ? undefined : 'wrong-host',
  };
}

export function hostnameStep(leaf: LoadedCertificate, hostname: string | null | undefined): Step {
  if (hostname === null || hostname === undefined || hostname.trim() === '') {
    return {
      code: STEP.hostnameUnchecked,
      ok: true,
      certIndex: 0,
      message: 'Not checked (no SNI): the client sent no server name, so the certificate cannot be matched to one.',
      args: { variant: 'none', subject: nameOf(leaf) },
    };
  }
  const sans = subjectAltNamesOf(leaf);
  const commonName = commonNameOf(leaf.fields.subject);
  const match = matchHostname(hostname, { dns: sans.dns, ip: sans.ip, commonName });
  const base = { code: STEP.hostname, certIndex: 0 };
  if (match.ok) {
    return {
      ...base,
      ok: true,
      message: `The certificate covers "${hostname}" (subjectAltName ${match.presented}).`,
      args: { variant: 'match', subject: nameOf(leaf), host: hostname, presented: match.presented },
    };
  }
  const names = [...sans.dns, ...sans.ip];
  const args: StepArgs = { variant: 'not-covered', subject: nameOf(leaf), host: hostname };
  if (commonName) args.commonName = commonName;
  let message: string;
  if (match.reason === 'cn-only') {
    args.variant = 'cn-only';
    message = `The certificate has no subjectAltName; only its Common Name "${commonName}" matches "${hostname}", and browsers have ignored the Common Name since 2017 (Chrome 58, Firefox 48).`;
  } else if (names.length === 0) {
    args.variant = 'no-names';
    message = `The certificate names no host in a subjectAltName${commonName ? ` (its Common Name "${commonName}" does not match "${hostname}" either, and browsers ignore it)` : ''}, so it is not valid for "${hostname}".`;
  } else {
    const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? ` and ${names.length - 10} more` : '');
    message = `The certificate is not valid for "${hostname}": it covers ${shown}.`;
    args.names = names.slice(0, 10);
    args.namesMore = Math.max(0, names.length - 10);
  }
  return { ...base, ok: false, message, args, fails: 'wrong-host' };
}
