/**
 * t(key, params) over the two catalogs. No React here: the Electron main
 * process uses the same catalogs and function for menus and dialogs.
 */
import type { Language } from '../api/types';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };
export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

export const catalogs: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

const PLACEHOLDER = /\{(\w+)\}/g;

export function translate(language: Language, key: MessageKey, params: TranslateParams = {}): string {
  const text = catalogs[language]?.[key] ?? en[key] ?? key;
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

/** The {names} a message uses, sorted: both catalogs must agree per key. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The system's language, if we have it: any Chinese locale gets 简体中文. */
export function languageForLocale(locale: string | undefined): Language {
  return locale && /^zh\b/i.test(locale) ? 'zh-CN' : 'en';
}
