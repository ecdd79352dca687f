import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, ROOT } from '../../support/paths';

export { ROOT };
/** The shared corpus beside the project (TLSLENS_CORPUS to point elsewhere, as the corpus tier reads it). */
export const CORPUS = CORPUS_DIR;
export const SAMPLES = join(ROOT, 'samples');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/**
 * The captures the e2e tests open, by role: a TLS 1.2 ECDHE handshake, a TLS 1.3
 * handshake, a failed handshake (a fatal alert), and a capture with several
 * connections. The corpus's are the first choice; without the corpus (a fresh
 * clone) the project's own samples play the same roles, so the views are still
 * covered end to end. Tests derive counts and names from the engine's analysis
 * of whichever file is used.
 */
export interface E2eCaptures {
  source: 'corpus' | 'samples';
  ecdhe: string;
  tls13: string;
  failed: string;
  many: string;
}

const FROM_CORPUS: E2eCaptures = {
  source: 'corpus',
  ecdhe: join(CORPUS, 'zeek', 'ecdhe.pcap'),
  tls13: join(CORPUS, 'arkime', 'curl-enabled-tls13.pcap'),
  failed: join(CORPUS, 'zeek', 'tls-1.2-handshake-failure.pcap'),
  many: join(CORPUS, 'zeek', 'google-cert-repeat.pcap'),
};

const FROM_SAMPLES: E2eCaptures = {
  source: 'samples',
  ecdhe: join(SAMPLES, '03-tls12-ecdhe.pcapng'),
  tls13: join(SAMPLES, '04-tls13.pcapng'),
  failed: join(SAMPLES, '08-fail-unknown-ca.pcapng'),
  many: join(SAMPLES, '01-http-vs-https.pcapng'),
};

const roles = (c: E2eCaptures) => [c.ecdhe, c.tls13, c.failed, c.many];

/** The corpus set when all of its files are there, else the samples. */
export const CAPTURES: E2eCaptures = roles(FROM_CORPUS).every((f) => existsSync(f)) ? FROM_CORPUS : FROM_SAMPLES;
/** The capture with several connections (the browser and Electron scenario opens it). */
export const CAPTURE = CAPTURES.many;

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/** Why this suite cannot run here, or null. */
export function missingPrerequisite(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) return 'the app is not built (npm run build)';
  const missing = roles(CAPTURES).find((f) => !existsSync(f));
  if (missing) return `the capture ${missing} is missing (neither ../shared/corpus nor samples/ has it)`;
  return null;
}
