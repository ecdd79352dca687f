/** An API error as the user reads it: the translated cause, then the engine's English detail. */
import type { Anomaly, ApiErrorInfo, Language } from '../../../../contract/api';
import { formatInteger } from '../../format';
import { isMessageKey, type Translate } from '../../../../contract/i18n/translate';

export function errorTitle(error: ApiErrorInfo, t: Translate): string {
  return t(`error.${error.code}`);
}

/** Where an anomaly happened, in words. */
export function anomalyPlace(a: Anomaly, t: Translate, language: Language): string {
  if (a.fileOffset === undefined) return '';
  const offset = formatInteger(language, a.fileOffset);
  return a.frame === undefined ? t('errorView.where', { offset }) : t('errorView.whereFrame', { frame: a.frame, offset });
}

/**
 * An anomaly's detail in the reader's language. In English the engine's own
 * sentence (it names the file and the bytes left over); in another language
 * the catalogue's text for its code, the English only for a code it lacks.
 */
export function anomalyText(a: Anomaly, t: Translate, language: Language): string {
  const key = `anomaly.${a.code}`;
  return language !== 'en' && isMessageKey(key) ? t(key) : a.message;
}
