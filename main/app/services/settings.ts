/**
 * User settings in settings.json (user-data folder): theme, language and the
 * desktop window's bounds. Browser mode keeps theme and language in the
 * page's localStorage instead and does not use this.
 */
import { join } from 'node:path';
import { LANGUAGES, type Language, type UserSettings } from '../../../contract/api';
import { readJsonFile, writeJsonFile } from './json-file';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

interface Stored extends UserSettings {
  window: WindowState | null;
}

const THEMES = ['system', 'light', 'dark'] as const;

export class Settings {
  private readonly file: string;
  private stored: Stored;
  private readonly listeners = new Set<(s: UserSettings) => void>();

  constructor(userDataDir: string, defaultLanguage: Language = 'en') {
    this.file = join(userDataDir, 'settings.json');
    this.stored = parseStored(readJsonFile(this.file), defaultLanguage);
  }

  get(): UserSettings {
    return { theme: this.stored.theme, language: this.stored.language };
  }

  update(patch: Partial<UserSettings>): UserSettings {
    this.stored = { ...this.stored, ...patch };
    this.save();
    const now = this.get();
    for (const l of this.listeners) l(now);
    return now;
  }

  onChange(listener: (s: UserSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  windowState(): WindowState | null {
    return this.stored.window;
  }

  setWindowState(state: WindowState): void {
    this.stored = { ...this.stored, window: state };
    this.save();
  }

  private save(): void {
    try {
      writeJsonFile(this.file, this.stored);
    } catch {
      // settings are a convenience: an unwritable profile must not break the app
    }
  }
}

function parseStored(value: unknown, defaultLanguage: Language): Stored {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const theme = THEMES.includes(v.theme as (typeof THEMES)[number]) ? (v.theme as UserSettings['theme']) : 'system';
  const language = LANGUAGES.includes(v.language as Language) ? (v.language as Language) : defaultLanguage;
  return { theme, language, window: parseWindow(v.window) };
}

function parseWindow(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, width, height, maximized } = value as Record<string, unknown>;
  const int = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && Math.abs(n) < 100_000;
  if (!int(width) || !int(height) || (width as number) < 400 || (height as number) < 300) return null;
  return {
    ...(int(x) && int(y) ? { x: x as number, y: y as number } : {}),
    width: width as number,
    height: height as number,
    maximized: maximized === true,
  };
}
