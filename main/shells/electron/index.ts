/**
 * Electron main process (thin): services, one hardened window, IPC, menu,
 * and a capture named on the command line. The analysis runs in a worker
 * thread (services/analysis-service.ts), never on this thread.
 */
import { join } from 'node:path';
import { app, BrowserWindow, Menu, session } from 'electron';
import { analysisWorkerPath, rendererDir, samplesDir } from '../../app/app-paths';
import { captureDirIn } from '../../capture/client/capture-dir';
import { captureFromArgs } from './command-line';
import { hardenAllWebContents, hardenSession } from './electron-hardening';
import { languageForLocale, translate } from '../../../contract/i18n/translate';
import { registerIpc, sendMenuCommand } from './ipc';
import { buildMenu } from './menu';
import type { TrustedRenderer } from '../../app/security';
import { createServices, disposeServices, openCaptureByPath, type Services } from '../../app/services/index';
import { createMainWindow } from './window';
import { DEV_BUILD, devServerUrl } from './dev-server';

const trusted: TrustedRenderer = {
  indexFile: join(rendererDir(), 'index.html'),
  devServerUrl: DEV_BUILD && !app.isPackaged ? devServerUrl(true, process.env.ELECTRON_RENDERER_URL) : undefined,
};

let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

// tests and portable set-ups keep their own settings and recent files
if (process.env.TLSLENS_USER_DATA) app.setPath('userData', process.env.TLSLENS_USER_DATA);

app.enableSandbox();
hardenAllWebContents();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    // `tlslens other.pcap` while the app runs: open it here instead of a second window
    const file = captureFromArgs(argv.slice(1), workingDirectory);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    if (file && services) void openCaptureByPath(services, file).catch(() => undefined);
  });
  app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, trusted);
  const svc = createServices({
    userDataDir: app.getPath('userData'),
    samplesDir: samplesDir(),
    workerPath: analysisWorkerPath(),
    defaultLanguage: languageForLocale(app.getLocale()),
    captureDir: captureDirIn(app.getPath('userData')),
  });
  services = svc;
  mainWindow = createMainWindow({ preload: join(__dirname, '../preload/index.cjs'), settings: svc.settings, title: translate(svc.settings.get().language, 'app.name') });
  mainWindow.on('closed', () => (mainWindow = null));
  registerIpc(svc, () => mainWindow, trusted);

  const refreshMenu = async () => {
    const menu = buildMenu(
      { settings: svc.settings.get(), recent: svc.recent.list(), samples: await svc.samples.list(), devTools: DEV_BUILD && !app.isPackaged },
      {
        command: (command) => sendMenuCommand(mainWindow, command),
        openRecent: (path) => void openCaptureByPath(svc, path).catch(() => undefined),
        openSample: (name) => void svc.samples.resolve(name).then((path) => svc.analysis.open(path, { source: 'sample' })).catch(() => undefined),
        updateSettings: (patch) => svc.settings.update(patch),
        window: () => mainWindow,
      },
    );
    Menu.setApplicationMenu(menu);
  };
  svc.settings.onChange(() => void refreshMenu());
  svc.analysis.subscribe((event) => {
    if (event.type === 'started') void refreshMenu();
  });
  await refreshMenu();

  if (trusted.devServerUrl) await mainWindow.loadURL(trusted.devServerUrl);
  else await mainWindow.loadFile(trusted.indexFile);

  const file = captureFromArgs(process.argv.slice(1), process.cwd());
  // a bad path still opens: the window shows the error view for it
  if (file) void openCaptureByPath(svc, file).catch(() => undefined);
}

app.on('window-all-closed', () => {
  // a running live capture is stopped first, so its pcapng ends on a whole block
  if (services) void disposeServices(services).finally(() => app.quit());
  else app.quit();
});
