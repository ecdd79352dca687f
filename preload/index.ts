/**
 * Preload (sandboxed, CommonJS): `window.tlslens`, one named function per
 * operation of the contract in api.ts. Never a generic invoke/send: the page
 * can only ask for what is listed here, and main validates every argument.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type AnalysisEvent,
  type ApiResult,
  type MenuCommand,
  type OpenedCapture,
  type TlsLensApi,
  type Unsubscribe,
  type UserSettings,
} from '../contract/api/api';

function listen<T>(channel: string, listener: (payload: T) => void): Unsubscribe {
  const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const api: TlsLensApi = {
  mode: 'electron',
  openCapture: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.openCapture, request),
  showOpenDialog: () => ipcRenderer.invoke(INVOKE_CHANNELS.showOpenDialog),
  async openLocalFile(file: File): Promise<ApiResult<OpenedCapture>> {
    // a dropped file's path is only known here, in the preload (Electron ≥ 32)
    const path = webUtils.getPathForFile(file);
    if (!path) return { ok: false, error: { code: 'unsupported', message: 'this file has no path on disk' } };
    return ipcRenderer.invoke(INVOKE_CHANNELS.openCapture, { path });
  },
  openSample: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.openSample, request),
  cancelAnalysis: () => ipcRenderer.invoke(INVOKE_CHANNELS.cancelAnalysis),
  closeCapture: () => ipcRenderer.invoke(INVOKE_CHANNELS.closeCapture),
  getAnalysisState: () => ipcRenderer.invoke(INVOKE_CHANNELS.getAnalysisState),
  listConnections: (query) => ipcRenderer.invoke(INVOKE_CHANNELS.listConnections, query),
  getConnectionDetails: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.getConnectionDetails, request),
  readFrameBytes: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.readFrameBytes, request),
  getCaptureSummary: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.getCaptureSummary, request),
  exportConnections: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.exportConnections, request),
  saveFile: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.saveFile, request),
  listCaptureInterfaces: () => ipcRenderer.invoke(INVOKE_CHANNELS.listCaptureInterfaces),
  checkCaptureFilter: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.checkCaptureFilter, request),
  startCapture: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.startCapture, request),
  stopCapture: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.stopCapture, request),
  saveCaptureAs: (request) => ipcRenderer.invoke(INVOKE_CHANNELS.saveCaptureAs, request),
  listSamples: () => ipcRenderer.invoke(INVOKE_CHANNELS.listSamples),
  listRecentFiles: () => ipcRenderer.invoke(INVOKE_CHANNELS.listRecentFiles),
  getSettings: () => ipcRenderer.invoke(INVOKE_CHANNELS.getSettings),
  updateSettings: (patch) => ipcRenderer.invoke(INVOKE_CHANNELS.updateSettings, patch),
  onAnalysisEvent: (listener) => listen<AnalysisEvent>(EVENT_CHANNELS.analysis, listener),
  onMenuCommand: (listener) => listen<MenuCommand>(EVENT_CHANNELS.menu, listener),
  onSettingsChanged: (listener) => listen<UserSettings>(EVENT_CHANNELS.settings, listener),
  // the desktop app's services live as long as its window
  onDisconnected: () => () => undefined,
};

contextBridge.exposeInMainWorld('tlslens', Object.freeze(api));
