/**
 * explain(subject, connection, language): what a message or event is for and
 * what this instance shows, as structured plain text (rendered as React text
 * nodes, never HTML: names in it come from packets).
 */
import type { ConnectionReportView, Language } from '../../../../contract/api';
import { formatInteger, formatMs } from '../../format';
import type { ExplainCatalog } from './catalog-types';
import { explainFacts, versionNoteFor, type Fact, type FactParam } from './facts';
import type { ExplainKind } from './kinds';
import { explainKind, type ExplainSubject } from './subject';
import { EXPLAIN_EN } from './texts.en';
import { EXPLAIN_ZH_CN } from './texts.zh-CN';

export const EXPLAIN_CATALOGS: Record<Language, ExplainCatalog> = { en: EXPLAIN_EN, 'zh-CN': EXPLAIN_ZH_CN };

export interface Explanation {
  kind: ExplainKind;
  title: string;
  purpose: string;
  /** sentences about this instance, filled from the analysis */
  facts: string[];
  /** trouble kinds: what usually causes it */
  causes: string | null;
  /** how this step differs between TLS 1.2 and 1.3 (for the steps where it does) */
  versionNote: string | null;
}

/** The kinds whose step works differently in TLS 1.2 (RSA / (EC)DHE) and TLS 1.3. */
const VERSION_SENSITIVE: ReadonlySet<ExplainKind> = new Set<ExplainKind>([
  'hs.client_hello',
  'hs.server_hello',
  'hs.certificate',
  'hs.server_key_exchange',
  'hs.server_hello_done',
  'hs.client_key_exchange',
  'hs.encrypted',
  'hs.finished',
  'change_cipher_spec',
]);

const PLACEHOLDER = /\{(\w+)\}/g;

export function formatParam(value: FactParam, catalog: ExplainCatalog, language: Language): string {
  if (typeof value === 'number') return Number.isInteger(value) ? formatInteger(language, value) : formatMs(language, value);
  if (typeof value === 'string') return value;
  if ('ms' in value) return formatMs(language, value.ms);
  return catalog.words[value.word];
}

export function renderFact(f: Fact, language: Language): string {
  const catalog = EXPLAIN_CATALOGS[language];
  return catalog.facts[f.key].replace(PLACEHOLDER, (whole, name: string) => (name in f.params ? formatParam(f.params[name], catalog, language) : whole));
}

export function explain(subject: ExplainSubject, connection: ConnectionReportView, language: Language): Explanation {
  const catalog = EXPLAIN_CATALOGS[language];
  const kind = explainKind(subject);
  const text = catalog.kinds[kind];
  const note = VERSION_SENSITIVE.has(kind) ? versionNoteFor(connection.tls) : null;
  return {
    kind,
    title: text.title,
    purpose: text.purpose,
    facts: explainFacts(subject, connection).map((f) => renderFact(f, language)),
    causes: text.causes ?? null,
    versionNote: note ? catalog.versions[note] : null,
  };
}

/** Plain text of an explanation (copy to clipboard). */
export function explanationText(e: Explanation): string {
  return [e.title, '', e.purpose, '', ...e.facts.map((f) => `• ${f}`), ...(e.causes ? ['', e.causes] : []), ...(e.versionNote ? ['', e.versionNote] : [])].join('\n');
}
