/**
 * A validation step's detail in the chosen language, worded from the step's
 * structured `args` (the engine's `variant` picks the sentence, the other
 * fields fill it in). Steps without args (summaries made before they existed)
 * or with a code/variant this build does not know keep the engine's English
 * `message`, marked as English for the page.
 */
import type { Language } from '../../../../contract/api';
import type { StepArgs, ValidationStep } from '../../../../contract/certs/steps';
import { isMessageKey, type MessageKey, type Translate, type TranslateParams } from '../../../../contract/i18n/translate';

export interface StepDetail {
  text: string;
  /** the language `text` is in: the engine's English when no sentence was found */
  language: Language;
}

/** 2024-01-01T12:00:00.000Z → "2024-01-01 12:00:00 UTC" (as the engine judged it, not in the viewer's time zone; "UTC" reads the same in both languages) */
function utc(iso: string | undefined): string {
  if (!iso) return '';
  return `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC`;
}

function quoted(name: string | undefined, t: Translate): string {
  return `“${name ? name : t('views.stepText.part.unnamed')}”`;
}

function list(items: readonly string[], language: Language): string {
  return items.join(language === 'zh-CN' ? '、' : ', ');
}

export function stepDetail(step: ValidationStep, t: Translate, language: Language): StepDetail {
  const english: StepDetail = { text: step.message, language: 'en' };
  const args: StepArgs | undefined = step.args;
  if (!args || typeof args.variant !== 'string') return english;
  const key = `views.stepText.${step.code}.${args.variant}`;
  if (!isMessageKey(key)) return english;
  const params: TranslateParams = {
    index: step.certIndex ?? 0,
    subject: quoted(args.subject, t),
    issuerIndex: args.issuerIndex ?? '',
    issuer: args.issuer ? `“${args.issuer}”` : t('views.stepText.part.someIssuer'),
    notBefore: utc(args.notBefore),
    notAfter: utc(args.notAfter),
    at: utc(args.at),
    host: args.host ?? '',
    presented: args.presented ?? '',
    commonName: args.commonName ?? '',
    algorithm: args.algorithm ?? '',
    since: args.since ?? '',
    purposes: list(args.purposes ?? [], language),
    pathLen: args.pathLen ?? '',
    below: args.below ?? '',
    anchor: quoted(args.anchor, t),
    duplicateOf: args.duplicateOf ?? '',
    sent: args.sent ?? '',
    max: args.max ?? '',
    ignored: args.sent !== undefined && args.max !== undefined ? args.sent - args.max : '',
    path: (args.path ?? []).map((i) => `#${i}`).join(' → '),
    names: list(args.names ?? [], language),
    more: args.namesMore ? t('views.stepText.part.namesMore', { count: args.namesMore }) : '',
    leaf: args.leaf ? t('views.stepText.part.leaf') : '',
    error: args.error ? t('views.stepText.part.parseError', { error: args.error }) : '',
    constraint: t(args.basicConstraints ? 'views.stepText.part.caFalse' : 'views.stepText.part.noBasicConstraints'),
    source: t(args.anchorSource === 'extra' ? 'views.stepText.part.source.extra' : 'views.stepText.part.source.bundled'),
    note: args.anchorNote
      ? t(`views.stepText.part.note.${args.anchorNote}` as MessageKey, { date: utc(args.anchorNote === 'expired' ? args.notAfter : args.notBefore) })
      : '',
    store: t(args.extraRoots ? 'views.stepText.part.store.extra' : 'views.stepText.part.store.bundled'),
    fetch: args.caIssuers ? t('views.stepText.part.fetch', { url: args.caIssuers }) : '',
    cn: args.commonName ? t('views.stepText.part.noNamesCn', { commonName: args.commonName }) : '',
    holders: [
      ...(args.holders ?? []).map((index) => t('views.stepText.part.holderCert', { index })),
      ...(args.holderRoots ?? []).map((name) => t('views.stepText.part.holderRoot', { name: quoted(name, t) })),
    ].join(t('views.stepText.part.or')),
  };
  return { text: t(key, params), language };
}
