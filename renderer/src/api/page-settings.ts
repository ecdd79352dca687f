/** Browser mode's settings: theme and language in this browser's localStorage. */
import { LANGUAGES, type Language, type ThemeSetting, type UserSettings } from '../../../contract/api';
import { languageForLocale } from '../../../contract/i18n/translate';

const KEY = 'tlslens.settings';
const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark'];

export interface PageSettings {
  get(): UserSettings;
  update(patch: Partial<UserSettings>): UserSettings;
  onChange(listener: (s: UserSettings) => void): () => void;
}

export function pageSettings(storage: Storage | null = safeStorage()): PageSettings {
  const listeners = new Set<(s: UserSettings) => void>();
  let current = load(storage);
  return {
    get: () => current,
    update(patch) {
      current = { ...current, ...patch };
      try {
        storage?.setItem(KEY, JSON.stringify(current));
      } catch {
        // private windows may refuse storage: the choice lasts for this page only
      }
      for (const l of listeners) l(current);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function load(storage: Storage | null): UserSettings {
  const fallback: UserSettings = { theme: 'system', language: languageForLocale(navigator.language) };
  try {
    const v = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<UserSettings> | null;
    return {
      theme: v && THEMES.includes(v.theme as ThemeSetting) ? (v.theme as ThemeSetting) : fallback.theme,
      language: v && LANGUAGES.includes(v.language as Language) ? (v.language as Language) : fallback.language,
    };
  } catch {
    return fallback;
  }
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
