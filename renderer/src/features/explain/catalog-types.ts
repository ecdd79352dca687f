/** The shape both explanation catalogs share (English is the reference; Chinese must match it key for key). */
import type { FactKey, WordKey } from './facts';
import type { ExplainKind, VersionNote } from './kinds';

export interface KindText {
  /** a short heading, e.g. "ClientHello" */
  title: string;
  /** what this kind of message or event is for, in plain words */
  purpose: string;
  /** alerts, resets and other trouble: what usually causes it */
  causes?: string;
}

export interface ExplainCatalog {
  kinds: Record<ExplainKind, KindText>;
  /** sentences about this instance, with {placeholders} filled from the data */
  facts: Record<FactKey, string>;
  words: Record<WordKey, string>;
  /** how the step differs between TLS 1.2 (RSA / ECDHE / DHE) and TLS 1.3 */
  versions: Record<VersionNote, string>;
}
