/** The chosen language for React components: `const { t } = useI18n()`. */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Language } from '../../../contract/api';
import { translator, type Translate } from '../../../contract/i18n/translate';

interface I18n {
  language: Language;
  t: Translate;
}

const I18nContext = createContext<I18n>({ language: 'en', t: translator('en') });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => ({ language, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
