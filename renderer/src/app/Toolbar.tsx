/** Top bar: open / close / cancel, live capture, reading or upload progress, theme and language. */
import type { ReactNode } from 'react';
import { LANGUAGES, type Language, type ThemeSetting, type UserSettings } from '../../../contract/api';
import { useI18n } from '../i18n/i18n-context';
import type { AnalysisView } from './use-analysis';

export interface UploadProgress {
  name: string;
  sent: number;
  total: number;
}

interface Props {
  analysis: AnalysisView;
  upload: UploadProgress | null;
  settings: UserSettings;
  onOpen(): void;
  onClose(): void;
  onCancel(): void;
  onSettings(patch: Partial<UserSettings>): void;
  /** the gallery of samples and lessons (Electron also has it in the Help menu) */
  onGallery(): void;
  /** live capture controls (features/capture) */
  children?: ReactNode;
}

const THEMES: ThemeSetting[] = ['system', 'light', 'dark'];

export function Toolbar({ analysis, upload, settings, onOpen, onClose, onCancel, onSettings, onGallery, children }: Props) {
  const { t } = useI18n();
  // a live capture "reads" until stopped: its state is in the status bar, not a progress bar
  const reading = analysis.status === 'reading' && analysis.file?.source !== 'live';
  const percent = upload ? (upload.total > 0 ? Math.round((upload.sent / upload.total) * 100) : 0) : (analysis.progress?.percent ?? 0);
  return (
    <header className="toolbar">
      <span className="brand">{t('app.name')}</span>
      <button type="button" onClick={onOpen} data-testid="toolbar-open">
        {t('toolbar.open')}
      </button>
      <button type="button" onClick={onClose} disabled={analysis.status === 'idle'} data-testid="toolbar-close">
        {t('toolbar.close')}
      </button>
      {children}
      {(reading || upload) && (
        <div className="progress" data-testid="progress">
          <progress max={100} value={percent} />
          <span className="progress-text">
            {upload ? t('progress.uploading', { name: upload.name, percent }) : t('progress.reading', { name: analysis.file?.name ?? '', percent: Math.floor(percent) })}
          </span>
          {reading && !upload && (
            <button type="button" onClick={onCancel} data-testid="toolbar-cancel">
              {t('toolbar.cancel')}
            </button>
          )}
        </div>
      )}
      <span className="spacer" />
      <button type="button" onClick={onGallery} data-testid="toolbar-gallery">
        {t('toolbar.gallery')}
      </button>
      <label className="setting">
        {t('toolbar.theme')}
        <select value={settings.theme} onChange={(e) => onSettings({ theme: e.target.value as ThemeSetting })} data-testid="theme-select">
          {THEMES.map((theme) => (
            <option key={theme} value={theme}>
              {t(`theme.${theme}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="setting">
        {t('toolbar.language')}
        <select value={settings.language} onChange={(e) => onSettings({ language: e.target.value as Language })} data-testid="language-select">
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`language.${language}`)}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
