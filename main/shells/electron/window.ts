/** The main window: security-relevant web preferences, and its size and place remembered in settings.json. */
import { BrowserWindow, screen } from 'electron';
import type { Settings, WindowState } from '../../app/services/settings';

export interface WindowOptions {
  preload: string;
  settings: Settings;
  title: string;
}

const DEFAULT_SIZE = { width: 1280, height: 820 };

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const saved = visibleState(options.settings.windowState());
  const dark = options.settings.get().theme === 'dark';
  const win = new BrowserWindow({
    ...(saved ?? DEFAULT_SIZE),
    minWidth: 720,
    minHeight: 480,
    title: options.title,
    show: false,
    // no white flash before the page paints in the dark theme
    backgroundColor: dark ? '#17191c' : '#ffffff',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  rememberBounds(win, options.settings);
  return win;
}

/** Saved bounds only if they still land on a connected display (a monitor may be gone). */
function visibleState(state: WindowState | null): WindowState | null {
  if (!state) return null;
  if (state.x === undefined || state.y === undefined) return { width: state.width, height: state.height, maximized: state.maximized };
  const area = screen.getDisplayMatching({ x: state.x, y: state.y, width: state.width, height: state.height }).workArea;
  const overlaps = state.x < area.x + area.width && state.x + state.width > area.x && state.y < area.y + area.height && state.y + state.height > area.y;
  return overlaps ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

function rememberBounds(win: BrowserWindow, settings: Settings): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const bounds = win.getNormalBounds();
    settings.setWindowState({ ...bounds, maximized: win.isMaximized() });
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
