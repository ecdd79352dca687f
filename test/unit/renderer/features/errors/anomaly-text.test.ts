/**
 * Issue 22: error details stayed English in Chinese. Every damaged-file code
 * the engine's readers raise (found in its source, so a new code without a
 * text fails here) reads in the chosen language; an unknown code keeps the
 * engine's English rather than showing nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../../../contract/api';
import { translator } from '../../../../../contract/i18n/translate';
import { anomalyText } from '../../../../../renderer/src/features/errors/error-text';
import { ROOT } from '../../../../support/paths';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const readerCodes = [
  ...new Set(
    ['io', 'link', 'net'].flatMap((d) => sources(join(ROOT, 'main', 'engine', d))).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'((?:pcap|pcapng|capture|ip)\.[a-z0-9-]+)'/g)].map((m) => m[1])),
  ),
].sort();

const anomaly = (code: string): Anomaly => ({ code, message: 'English detail', severity: 'error' });

describe('anomaly details in the reader’s language', () => {
  it('finds the readers’ codes', () => {
    expect(readerCodes).toContain('pcap.truncated-record');
    expect(readerCodes.length).toBeGreaterThanOrEqual(15);
  });
  it.each(readerCodes)('%s has an English and a Chinese text', (code) => {
    // English keeps the engine's sentence (it names the file); the catalogue's English is there for the key set
    expect(anomalyText(anomaly(code), translator('en'), 'en')).toBe('English detail');
    expect(translator('en')(`anomaly.${code}` as never)).not.toBe(`anomaly.${code}`);
    const zh = anomalyText(anomaly(code), translator('zh-CN'), 'zh-CN');
    expect(/\p{Script=Han}/u.test(zh), zh).toBe(true);
  });
  it('an unknown code keeps the engine’s English detail', () => {
    expect(anomalyText(anomaly('tcp.something-new'), translator('zh-CN'), 'zh-CN')).toBe('English detail');
  });
});
