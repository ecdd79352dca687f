import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../main/app/app-paths';
import { en } from '../../../contract/i18n/en';
import { catalogs, placeholders, translate } from '../../../contract/i18n/translate';
import { zhCN } from '../../../contract/i18n/zh-CN';

describe('i18n catalogs', () => {
  it('have identical key sets', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty strings', () => {
    for (const [language, catalog] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders per key', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'progress.reading', { name: 'a.pcap', percent: 40 })).toBe('Reading a.pcap… 40%');
    expect(translate('zh-CN', 'progress.reading', { name: 'a.pcap', percent: 40 })).toBe('正在读取 a.pcap… 40%');
    expect(translate('en', 'progress.reading', { name: 'a.pcap' })).toBe('Reading a.pcap… {percent}%');
  });

  it('the Chinese catalog is actually Chinese where English words are not protocol names', () => {
    const han = /\p{Script=Han}/u;
    const translated = Object.entries(zhCN).filter(([k]) => !/^(language\.|app\.name|flows\.col\.(id|sni|tlsVersion)|event\.(syn|syn-ack|ack|fin|rst)$|detail\.layer\.)/.test(k));
    for (const [key, text] of translated) expect(han.test(text), key).toBe(true);
  });

  it('every key the renderer and main process use exists (t("…") literals)', () => {
    const used = new Set<string>();
    const scan = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) scan(path);
        else if (/\.tsx?$/.test(name)) for (const m of readFileSync(path, 'utf8').matchAll(/\bt\('([\w.-]+)'/g)) used.add(m[1]);
      }
    };
    scan(join(projectRoot(), 'renderer', 'src'));
    scan(join(projectRoot(), 'main'));
    scan(join(projectRoot(), 'contract'));
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) expect(Object.keys(en), key).toContain(key);
  });
});
