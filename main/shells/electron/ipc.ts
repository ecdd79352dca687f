/**
 * Electron IPC: one handler per operation of the contract's table, each going through the
 * sender-frame check and its validator (ipc-router.ts), and the services'
 * events pushed to the window.
 */
import { dialog, ipcMain, type BrowserWindow } from 'electron';
import { EVENT_CHANNELS, OPERATION_NAMES, OPERATIONS, type MenuCommand } from '../../../contract/api';
import { createApiHandlers } from '../../app/api-handlers';
import { translator } from '../../../contract/i18n/translate';
import { createIpcRouter } from './ipc-router';
import { isTrustedRendererUrl, type TrustedRenderer } from '../../app/security';
import type { Services } from '../../app/services/index';

export function registerIpc(services: Services, window: () => BrowserWindow | null, trusted: TrustedRenderer): void {
  const handlers = createApiHandlers(services, {
    chooseCaptureFile: () => chooseCaptureFile(services, window()),
    chooseSavePath: (name) => chooseSavePath(services, window(), name),
    uploads: false,
  });
  const route = createIpcRouter(handlers, (url) => isTrustedRendererUrl(url, trusted));
  for (const op of OPERATION_NAMES) {
    ipcMain.handle(OPERATIONS[op].channel, (event, ...args: unknown[]) => route(op, event, args));
  }
  const send = (channel: string, payload: unknown) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  };
  services.analysis.subscribe((event) => send(EVENT_CHANNELS.analysis, event));
  services.settings.onChange((settings) => send(EVENT_CHANNELS.settings, settings));
}

export function sendMenuCommand(window: BrowserWindow | null, command: MenuCommand): void {
  if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNELS.menu, command);
}

export async function chooseCaptureFile(services: Services, window: BrowserWindow | null): Promise<string | null> {
  const t = translator(services.settings.get().language);
  const options: Electron.OpenDialogOptions = {
    title: t('dialog.openTitle'),
    properties: ['openFile'],
    filters: [
      { name: t('dialog.captures'), extensions: ['pcap', 'pcapng', 'cap'] },
      { name: t('dialog.allFiles'), extensions: ['*'] },
    ],
  };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

/** Where to save an export (connections, ladder, chart); null when the user cancels. */
export async function chooseSavePath(services: Services, window: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const t = translator(services.settings.get().language);
  const extension = /\.(\w+)$/.exec(suggestedName)?.[1] ?? '';
  const options: Electron.SaveDialogOptions = {
    title: t('views.dialog.saveTitle'),
    defaultPath: suggestedName,
    filters: [...(extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : []), { name: t('dialog.allFiles'), extensions: ['*'] }],
  };
  const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
