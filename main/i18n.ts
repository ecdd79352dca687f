/** Menu and dialog strings in the main process: the renderer's own catalogs, shared. */
export { translate, translator, languageForLocale, type Translate } from '../renderer/src/i18n/translate';
