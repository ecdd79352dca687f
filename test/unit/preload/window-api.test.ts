/**
 * What the preload puts on `window.tlslens`, with electron replaced by a
 * recorder: one named function per operation of the contract's table, each
 * fixed to its own IPC channel, nothing generic the page could aim at another
 * channel, and browser mode's upload steps left out.
 */
import { describe, expect, it, vi } from 'vitest';
import { OPERATIONS, PAGE_OPERATION_NAMES, type OperationName, type TlsLensApi } from '../../../contract/api';

const invoked: unknown[][] = [];
const exposed = new Map<string, unknown>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    on: vi.fn(),
    removeListener: vi.fn(),
  },
  webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
}));

await import('../../../preload/index');
const api = exposed.get('tlslens') as TlsLensApi & Record<string, unknown>;

describe('window.tlslens (Electron preload)', () => {
  it('is frozen and lists exactly the page operations, openLocalFile and the listeners', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(api.mode).toBe('electron');
    const functions = Object.keys(api).filter((k) => typeof api[k] === 'function').sort();
    expect(functions).toEqual([...PAGE_OPERATION_NAMES, 'openLocalFile', 'onAnalysisEvent', 'onMenuCommand', 'onSettingsChanged', 'onDisconnected'].sort());
    for (const hidden of ['uploadBegin', 'uploadChunk', 'uploadFinish', 'invoke', 'send']) expect(api, hidden).not.toHaveProperty(hidden);
    expect(PAGE_OPERATION_NAMES.length).toBe(Object.keys(OPERATIONS).length - 3);
  });

  it('sends each operation on its own channel, with its one argument or none', async () => {
    for (const name of PAGE_OPERATION_NAMES) {
      invoked.length = 0;
      const takesArgument = OPERATIONS[name].argument.kind !== 'none';
      const request = { probe: name };
      await (api[name] as (r?: unknown) => Promise<unknown>)(request);
      expect(invoked, name).toEqual([takesArgument ? [OPERATIONS[name].channel, request] : [OPERATIONS[name].channel]]);
    }
    const channels = PAGE_OPERATION_NAMES.map((n: OperationName) => OPERATIONS[n].channel);
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('opens a dropped file by its path on disk, and says so when it has none', async () => {
    invoked.length = 0;
    await api.openLocalFile({ path: '/tmp/dropped.pcapng' } as unknown as File);
    expect(invoked).toEqual([[OPERATIONS.openCapture.channel, { path: '/tmp/dropped.pcapng' }]]);
    invoked.length = 0;
    const result = await api.openLocalFile({} as unknown as File);
    expect(result).toEqual({ ok: false, error: { code: 'unsupported', message: 'this file has no path on disk' } });
    expect(invoked).toEqual([]);
  });
});
