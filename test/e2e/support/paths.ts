import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
export const CAPTURE = join(CORPUS, 'zeek', 'google-cert-repeat.pcap');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/** Why this suite cannot run here, or null. */
export function missingPrerequisite(): string | null {
  if (!existsSync(CAPTURE)) return `the corpus capture ${CAPTURE} is missing (../shared/corpus is not next to the project)`;
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) return 'the app is not built (npm run build)';
  return null;
}
