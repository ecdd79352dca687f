/** Numbers and durations as the chosen language writes them. */
import type { Language } from '../../contract/api';

const integerFormats = new Map<Language, Intl.NumberFormat>();
const msFormats = new Map<Language, Intl.NumberFormat>();

export function formatInteger(language: Language, n: number): string {
  let f = integerFormats.get(language);
  if (!f) integerFormats.set(language, (f = new Intl.NumberFormat(language, { maximumFractionDigits: 0 })));
  return f.format(n);
}

/** milliseconds with three decimals (the engine's microsecond precision) */
export function formatMs(language: Language, ms: number): string {
  let f = msFormats.get(language);
  if (!f) msFormats.set(language, (f = new Intl.NumberFormat(language, { minimumFractionDigits: 3, maximumFractionDigits: 3 })));
  return f.format(ms);
}
