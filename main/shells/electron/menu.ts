/**
 * The application menu, in the chosen language, with the shortcuts a
 * Wireshark user expects. Rebuilt when the language, the recent files or
 * the samples change.
 */
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { LANGUAGES, type MenuCommand, type RecentFile, type SampleInfo, type ThemeSetting, type UserSettings } from '../../../contract/api';
import { translator } from '../../../contract/i18n/translate';
import { groupSamples } from '../../../contract/samples/gallery';

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(path: string): void;
  openSample(name: string): void;
  updateSettings(patch: Partial<UserSettings>): void;
  window(): BrowserWindow | null;
}

export interface MenuState {
  settings: UserSettings;
  recent: RecentFile[];
  samples: SampleInfo[];
  devTools: boolean;
}

const THEMES: ThemeSetting[] = ['system', 'light', 'dark'];

export function buildMenu(state: MenuState, actions: MenuActions): Menu {
  const t = translator(state.settings.language);
  const recent: MenuItemConstructorOptions[] = state.recent.length
    ? state.recent.map((r) => ({ label: r.path, enabled: r.exists, click: () => actions.openRecent(r.path) }))
    : [{ label: t('menu.noRecent'), enabled: false }];
  // in the gallery's teaching order, a separator between its groups
  const samples: MenuItemConstructorOptions[] = state.samples.length
    ? groupSamples(state.samples).flatMap((group, i) => [
        ...(i > 0 ? [{ type: 'separator' as const }] : []),
        ...group.samples.map((s) => ({ label: s.title?.[state.settings.language] ?? s.title?.en ?? s.name, click: () => actions.openSample(s.name) })),
      ])
    : [{ label: t('menu.noSamples'), enabled: false }];

  const template: MenuItemConstructorOptions[] = [
    {
      label: t('menu.file'),
      submenu: [
        { label: t('menu.open'), accelerator: 'CmdOrCtrl+O', click: () => actions.command('open') },
        { label: t('menu.openRecent'), submenu: recent },
        { label: t('menu.openSample'), submenu: samples },
        { label: t('menu.close'), accelerator: 'CmdOrCtrl+W', click: () => actions.command('close') },
        { type: 'separator' },
        { label: t('menu.quit'), accelerator: 'CmdOrCtrl+Q', click: () => app.quit() },
      ],
    },
    {
      label: t('menu.edit'),
      submenu: [
        { label: t('menu.undo'), role: 'undo' },
        { label: t('menu.redo'), role: 'redo' },
        { type: 'separator' },
        { label: t('menu.cut'), role: 'cut' },
        { label: t('menu.copy'), role: 'copy' },
        { label: t('menu.paste'), role: 'paste' },
        { label: t('menu.selectAll'), role: 'selectAll' },
      ],
    },
    {
      label: t('menu.view'),
      submenu: [
        { label: t('menu.find'), accelerator: 'CmdOrCtrl+F', click: () => actions.command('find') },
        { label: t('menu.next'), accelerator: 'CmdOrCtrl+Down', click: () => actions.command('next-connection') },
        { label: t('menu.previous'), accelerator: 'CmdOrCtrl+Up', click: () => actions.command('previous-connection') },
        { type: 'separator' },
        {
          label: t('menu.theme'),
          submenu: THEMES.map((theme) => ({
            label: t(`theme.${theme}`),
            type: 'radio' as const,
            checked: state.settings.theme === theme,
            click: () => actions.updateSettings({ theme }),
          })),
        },
        {
          label: t('menu.language'),
          submenu: LANGUAGES.map((language) => ({
            label: t(`language.${language}`),
            type: 'radio' as const,
            checked: state.settings.language === language,
            click: () => actions.updateSettings({ language }),
          })),
        },
        { type: 'separator' },
        { label: t('menu.zoomIn'), role: 'zoomIn' },
        { label: t('menu.zoomOut'), role: 'zoomOut' },
        { label: t('menu.resetZoom'), role: 'resetZoom' },
        { label: t('menu.fullScreen'), role: 'togglefullscreen' },
        ...(state.devTools ? [{ label: t('menu.devTools'), role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      // as in Wireshark: Capture > Start… (Ctrl+K opens the options), Stop (Ctrl+E)
      label: t('menu.capture'),
      submenu: [
        { label: t('menu.captureStart'), accelerator: 'CmdOrCtrl+K', click: () => actions.command('capture-start') },
        { label: t('menu.captureStop'), accelerator: 'CmdOrCtrl+E', click: () => actions.command('capture-stop') },
      ],
    },
    {
      label: t('menu.help'),
      submenu: [
        { label: t('menu.gallery'), click: () => actions.command('gallery') },
        { label: t('menu.openSample'), submenu: samples },
        { type: 'separator' },
        {
          label: t('menu.about'),
          click: () => {
            const options = { type: 'info' as const, title: t('menu.about'), message: t('app.name'), detail: t('about.detail', { version: app.getVersion() }) };
            const win = actions.window();
            void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
