/** Theme and language: from settings.json (Electron) or localStorage (browser mode), applied to <html>. */
import { useCallback, useEffect, useState } from 'react';
import type { TlsLensApi, UserSettings } from '../../../contract/api';
import { languageForLocale } from '../../../contract/i18n/translate';

export function useSettings(api: TlsLensApi): [UserSettings, (patch: Partial<UserSettings>) => void] {
  const [settings, setSettings] = useState<UserSettings>({ theme: 'system', language: languageForLocale(navigator.language) });
  useEffect(() => {
    void api.getSettings().then((r) => r.ok && setSettings(r.value));
    return api.onSettingsChanged(setSettings);
  }, [api]);
  const update = useCallback(
    (patch: Partial<UserSettings>) => {
      setSettings((s) => ({ ...s, ...patch }));
      void api.updateSettings(patch).then((r) => r.ok && setSettings(r.value));
    },
    [api],
  );
  const dark = usePrefersDark();
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = settings.theme === 'system' ? (dark ? 'dark' : 'light') : settings.theme;
    root.lang = settings.language;
  }, [settings, dark]);
  return [settings, update];
}

function usePrefersDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const m = window.matchMedia?.(query);
    if (!m) return;
    const on = () => setDark(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return dark;
}
