/**
 * The Help menu reaches the gallery (Samples and Lessons…) and opens every
 * sample directly, in the gallery's teaching order and the chosen language.
 * The electron module is replaced by a recorder, as in the wiring test.
 */
import { describe, expect, it, vi } from 'vitest';
import type { SampleInfo } from '../../../../contract/api';

vi.mock('electron', () => ({
  dialog: { showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
  app: { quit: vi.fn(), getVersion: () => '0.1.0' },
  Menu: { buildFromTemplate: (template: unknown) => template },
}));

const { buildMenu } = await import('../../../../main/shells/electron/menu');

interface Item {
  label?: string;
  type?: string;
  submenu?: Item[];
  click?: () => void;
}

const samples: SampleInfo[] = [
  { name: '02-tls12-rsa.pcapng', size: 1, title: { en: 'TLS 1.2 with RSA key exchange', 'zh-CN': 'TLS 1.2：RSA 密钥交换' }, description: null },
  { name: '01-http-vs-https.pcapng', size: 1, title: { en: 'HTTP next to HTTPS', 'zh-CN': 'HTTP 与 HTTPS 对照' }, description: null },
  { name: '12-tcp-reset.pcapng', size: 1, title: { en: 'A connection closed by RST' }, description: null },
];

function build(language: 'en' | 'zh-CN') {
  const done: string[] = [];
  const menu = buildMenu(
    { settings: { theme: 'system', language }, recent: [], samples, devTools: false },
    { command: (c) => done.push(c), openRecent: () => undefined, openSample: (n) => done.push(`sample:${n}`), updateSettings: () => undefined, window: () => null },
  ) as unknown as Item[];
  return { help: menu.at(-1)!, done };
}

describe('Help menu', () => {
  it('opens the gallery page', () => {
    const { help, done } = build('en');
    const item = help.submenu!.find((i) => i.label === 'Samples and Lessons…')!;
    item.click!();
    expect(done).toEqual(['gallery']);
  });

  it('opens each sample, grouped in teaching order, titled in the chosen language', () => {
    const { help, done } = build('zh-CN');
    expect(help.label).toBe('帮助');
    expect(help.submenu!.map((i) => i.label)).toContain('样本与课程…');
    const open = help.submenu!.find((i) => i.label === '打开样本')!;
    // 01 and 12 (TCP, HTTP and HTTPS) first, a separator, then 02 (TLS 1.2); a missing translation falls back to English
    expect(open.submenu!.map((i) => i.label ?? i.type)).toEqual(['HTTP 与 HTTPS 对照', 'A connection closed by RST', 'separator', 'TLS 1.2：RSA 密钥交换']);
    open.submenu![3].click!();
    expect(done).toEqual(['sample:02-tls12-rsa.pcapng']);
  });
});
