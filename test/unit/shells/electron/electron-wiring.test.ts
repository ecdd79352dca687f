/**
 * The Electron-side wiring, with the electron module replaced by a recorder
 * (the binary cannot run everywhere): one IPC handler per contract channel,
 * each refusing foreign senders; menus in the chosen language with the
 * expected shortcuts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../../../contract/api';

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => handlers.set(channel, fn) },
  dialog: { showOpenDialog: vi.fn(), showMessageBox: vi.fn() },
  app: { quit: vi.fn(), getVersion: () => '0.1.0' },
  Menu: { buildFromTemplate: (template: unknown) => template },
}));

const { registerIpc } = await import('../../../../main/shells/electron/ipc');
const { buildMenu } = await import('../../../../main/shells/electron/menu');
const { createServices } = await import('../../../../main/app/services/index');
const { analysisWorkerPath } = await import('../../../../main/app/app-paths');

interface Item {
  label?: string;
  accelerator?: string;
  submenu?: Item[];
  click?: () => void;
  checked?: boolean;
}

describe('Electron IPC registration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-wiring-'));
  const services = createServices({ userDataDir: dir, samplesDir: dir, workerPath: analysisWorkerPath() });
  registerIpc(services, () => null, { indexFile: '/app/out/renderer/index.html' });

  it('registers exactly one handler per contract channel', () => {
    expect([...handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
  });

  it('answers our page and refuses any other frame', async () => {
    const state = handlers.get(INVOKE_CHANNELS.getAnalysisState)!;
    expect(await state({ senderFrame: { url: 'file:///app/out/renderer/index.html' } })).toEqual({ ok: true, value: { status: 'idle' } });
    expect(await state({ senderFrame: { url: 'https://evil.example/' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('validates arguments behind the sender check', async () => {
    const open = handlers.get(INVOKE_CHANNELS.openCapture)!;
    expect(await open({ senderFrame: { url: 'file:///app/out/renderer/index.html' } }, { path: '/x.pcap', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('application menu', () => {
  const commands: string[] = [];
  const build = (language: 'en' | 'zh-CN') =>
    buildMenu(
      { settings: { theme: 'dark', language }, recent: [{ path: '/c/a.pcap', name: 'a.pcap', size: 1, openedAt: 0, exists: true }], samples: [], devTools: false },
      { command: (c) => commands.push(c), openRecent: (p) => commands.push(`recent:${p}`), openSample: () => undefined, updateSettings: (p) => commands.push(JSON.stringify(p)), window: () => null },
    ) as unknown as Item[];
  const find = (items: Item[], accelerator: string): Item | undefined => {
    for (const item of items) {
      if (item.accelerator === accelerator) return item;
      const inner = item.submenu && find(item.submenu, accelerator);
      if (inner) return inner;
    }
    return undefined;
  };

  it('has the shortcuts a Wireshark user expects, each sending its command', () => {
    const menu = build('en');
    for (const [accelerator, command] of [
      ['CmdOrCtrl+O', 'open'],
      ['CmdOrCtrl+W', 'close'],
      ['CmdOrCtrl+F', 'find'],
      ['CmdOrCtrl+Down', 'next-connection'],
      ['CmdOrCtrl+Up', 'previous-connection'],
      // Wireshark: Capture > Options… (Ctrl+K) and Start/Stop (Ctrl+E)
      ['CmdOrCtrl+K', 'capture-start'],
      ['CmdOrCtrl+E', 'capture-stop'],
    ]) {
      find(menu, accelerator)!.click!();
      expect(commands.at(-1)).toBe(command);
    }
  });

  it('speaks the chosen language and lists recent files and the current theme', () => {
    const zh = build('zh-CN');
    expect(zh.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '抓包', '帮助']);
    const recent = zh[0].submenu!.find((i) => i.label === '最近打开')!;
    recent.submenu![0].click!();
    expect(commands.at(-1)).toBe('recent:/c/a.pcap');
    const theme = zh[2].submenu!.find((i) => i.label === '主题')!;
    expect(theme.submenu!.find((i) => i.checked)?.label).toBe('深色');
    expect(build('en').map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Capture', 'Help']);
  });
});
