/**
 * Preload (sandboxed, CommonJS): `window.tlslens`, one named function per
 * operation of the contract's table (contract/api/operations.ts), each bound
 * to its own IPC channel. Never a generic invoke/send: the page can only ask
 * for what the table lists, and main validates every argument.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  EVENT_CHANNELS,
  OPERATIONS,
  PAGE_OPERATION_NAMES,
  type ApiResult,
  type EventPayloads,
  type OpenedCapture,
  type OperationFunctions,
  type PageOperationName,
  type TlsLensApi,
  type Unsubscribe,
} from '../contract/api';

function listen<K extends keyof EventPayloads>(kind: K, listener: (payload: EventPayloads[K]) => void): Unsubscribe {
  const wrapped = (_event: IpcRendererEvent, payload: EventPayloads[K]) => listener(payload);
  ipcRenderer.on(EVENT_CHANNELS[kind], wrapped);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNELS[kind], wrapped);
  };
}

/** The function for one operation: its channel fixed, its one argument passed on (none when it takes none). */
function invoker(name: PageOperationName): (request?: unknown) => Promise<unknown> {
  const { channel, argument } = OPERATIONS[name];
  return argument.kind === 'none' ? () => ipcRenderer.invoke(channel) : (request) => ipcRenderer.invoke(channel, request);
}

const operations = Object.fromEntries(PAGE_OPERATION_NAMES.map((name) => [name, invoker(name)])) as unknown as OperationFunctions;

const api: TlsLensApi = {
  ...operations,
  mode: 'electron',
  async openLocalFile(file: File): Promise<ApiResult<OpenedCapture>> {
    // a dropped file's path is only known here, in the preload (Electron ≥ 32)
    const path = webUtils.getPathForFile(file);
    if (!path) return { ok: false, error: { code: 'unsupported', message: 'this file has no path on disk' } };
    return operations.openCapture({ path });
  },
  onAnalysisEvent: (listener) => listen('analysis', listener),
  onMenuCommand: (listener) => listen('menu', listener),
  onSettingsChanged: (listener) => listen('settings', listener),
  // the desktop app's services live as long as its window
  onDisconnected: () => () => undefined,
};

contextBridge.exposeInMainWorld('tlslens', Object.freeze(api));
