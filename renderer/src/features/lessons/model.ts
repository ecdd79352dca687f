/**
 * Guided lessons (labs) as data: each step names a sample, a rule that picks
 * one connection of it and one arrow of that connection's ladder, and a
 * question whose answer is computed from the analysis of the opened capture.
 * Pure: the lesson panel and the unit tests (on the real samples) share it.
 *
 * Rules pick by meaning ("the first Certificate the server sends"), never by
 * position, and over the same ladder items the ladder draws (buildLadderItems),
 * so the item key a rule finds is the ladder row the panel selects.
 */
import type { ConnectionReportView, Direction, Language, TlsMessage } from '../../../../contract/api';
import type { TcpEventKind } from '../../../../contract/report/tcp-events';
import { buildLadderItems, type LadderItem } from '../ladder/ladder-items';

/** Lesson text in both languages (shown as text, never as HTML). */
export interface LessonText {
  en: string;
  'zh-CN': string;
}

export const localize = (text: LessonText, language: Language): string => text[language] ?? text.en;

/** Which connection of the sample a step is about. */
export type ConnectionRule =
  /** the sample's only connection */
  | 'only'
  /** the only connection carrying TLS */
  | 'tls'
  /** the only connection without TLS */
  | 'plain';

/** Which of the matching arrows: 'only' insists there is exactly one. */
export type Which = 'only' | 'first' | 'last';

export type ArrowRule =
  /** a TCP event arrow (SYN, SYN-ACK, the handshake ACK, FIN, the ACK of a FIN, RST) */
  | { tcp: TcpEventKind; dir?: Direction; which?: Which }
  /** a TLS message arrow by its name: client_hello, certificate, change_cipher_spec, finished … */
  | { message: string; dir?: Direction; which?: Which }
  /** a TLS alert arrow by its description (unknown_ca, close_notify …), or 'fatal': any fatal alert */
  | { alert: string; dir?: Direction; which?: Which };

/** What a question's answer is computed from. */
export interface AnswerContext {
  connection: ConnectionReportView;
  /** the ladder items of the connection, and the one the step highlights */
  items: LadderItem[];
  item: LadderItem;
  /** the TLS message the arrow stands for, if any */
  message: TlsMessage | null;
}

export interface ChoiceOption {
  id: string;
  text: LessonText;
}

export type Question =
  | {
      kind: 'choice';
      prompt: LessonText;
      options: ChoiceOption[];
      /** the id of the right option, from the analysis */
      answer(ctx: AnswerContext): string;
    }
  | {
      kind: 'number';
      prompt: LessonText;
      answer(ctx: AnswerContext): number;
    }
  | {
      kind: 'text';
      prompt: LessonText;
      /** every accepted spelling (compared without case, spaces, '-' and '_') */
      answer(ctx: AnswerContext): string[];
    };

export interface LessonStep {
  id: string;
  /** the sample file this step looks at (samples/NAME) */
  sample: string;
  connection: ConnectionRule;
  arrow: ArrowRule;
  title: LessonText;
  body: LessonText;
  question: Question;
  /** shown after a right answer: why it is so */
  explain: LessonText;
}

export interface Lesson {
  id: string;
  title: LessonText;
  summary: LessonText;
  steps: LessonStep[];
  /** the finish page */
  finish: LessonText;
}

export class LessonRuleError extends Error {}

/** The connection a rule picks, by its position in `connections`. */
export function pickConnection(rule: ConnectionRule, connections: readonly ConnectionReportView[]): ConnectionReportView {
  const candidates = rule === 'only' ? connections : connections.filter((c) => (rule === 'tls' ? c.tls !== null : c.tls === null));
  if (candidates.length !== 1) throw new LessonRuleError(`connection rule "${rule}" matches ${candidates.length} connections, not one`);
  return candidates[0];
}

function describeRule(rule: ArrowRule): string {
  const what = 'tcp' in rule ? `TCP ${rule.tcp}` : 'message' in rule ? `message ${rule.message}` : `alert ${rule.alert}`;
  return `${rule.which ?? 'only'} ${what}${rule.dir ? ` ${rule.dir}` : ''}`;
}

/** Does the ladder item stand for what the rule names? */
function matches(rule: ArrowRule, item: LadderItem, connection: ConnectionReportView): boolean {
  if (rule.dir && item.dir !== rule.dir) return false;
  if ('tcp' in rule) return item.kind === 'tcp' && item.tcpKind === rule.tcp;
  const tls = connection.tls;
  if (!tls) return false;
  if ('alert' in rule) {
    const alert = item.alertIndex !== undefined ? tls.alerts[item.alertIndex] : undefined;
    return alert !== undefined && (rule.alert === 'fatal' ? alert.level === 2 : alert.descriptionName === rule.alert);
  }
  if (item.kind !== 'tls' || item.messageIndex === undefined || item.alertIndex !== undefined) return false;
  return tls.messages[item.messageIndex]?.name === rule.message;
}

/** The one ladder item a rule picks in a connection; throws when there is none (or, for 'only', several). */
export function findArrow(rule: ArrowRule, connection: ConnectionReportView, items: LadderItem[] = buildLadderItems(connection)): LadderItem {
  const found = items.filter((item) => matches(rule, item, connection));
  const which = rule.which ?? 'only';
  if (found.length === 0) throw new LessonRuleError(`no arrow is the ${describeRule(rule)}`);
  if (which === 'only' && found.length > 1) throw new LessonRuleError(`${found.length} arrows match the ${describeRule(rule)}`);
  return which === 'last' ? found[found.length - 1] : found[0];
}

export interface ResolvedStep {
  connectionId: number;
  /** the ladder item (row) key the step highlights */
  itemKey: string;
  context: AnswerContext;
}

/** Where a step points in an analysis: its connection, its arrow, and what its answer is computed from. */
export function resolveStep(step: LessonStep, connections: readonly ConnectionReportView[]): ResolvedStep {
  const connection = pickConnection(step.connection, connections);
  const items = buildLadderItems(connection);
  const item = findArrow(step.arrow, connection, items);
  const message = item.messageIndex !== undefined ? (connection.tls?.messages[item.messageIndex] ?? null) : null;
  return { connectionId: connection.id, itemKey: item.key, context: { connection, items, item, message } };
}

/** Lower case, without spaces, '-', '_' and a leading "TLS_": "TLS_AES_128_GCM_SHA256" = "aes128gcmsha256". */
export function normalizeText(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.:]+/g, '')
    .replace(/^tls(?!1)/, '');
}

/** The right answer, as the panel shows it after a right answer and as tests read it. */
export function expectedAnswer(question: Question, ctx: AnswerContext): string {
  if (question.kind === 'choice') return question.answer(ctx);
  if (question.kind === 'number') return String(question.answer(ctx));
  return question.answer(ctx)[0] ?? '';
}

/** Is what the student gave (an option id, a number or a text) the answer the analysis gives? */
export function checkAnswer(question: Question, ctx: AnswerContext, given: string): boolean {
  const input = given.trim();
  if (!input) return false;
  if (question.kind === 'choice') return question.answer(ctx) === input;
  if (question.kind === 'number') {
    if (!/^[+]?\d+$/.test(input.replace(/[\s,]/g, ''))) return false;
    return Number(input.replace(/[\s,+]/g, '')) === question.answer(ctx);
  }
  const accepted = question.answer(ctx).map(normalizeText).filter(Boolean);
  return accepted.includes(normalizeText(input));
}

// ------------------------------------------------------------ facts the answers are computed from

/**
 * Round trips of the TLS handshake before the client could send application
 * data: how many times the client sent a flight and waited for the server's
 * answer. Counted from the messages in capture order, up to the client's
 * first application-data record.
 */
export function handshakeRoundTrips(c: ConnectionReportView): number {
  const messages = c.tls?.messages ?? [];
  const firstData = messages.findIndex((m) => m.dir === 'c2s' && m.kind === 'application_data');
  const upTo = firstData < 0 ? messages.length : firstData;
  let trips = 0;
  let clientSpoke = false;
  for (let i = 0; i < upTo; i++) {
    const m = messages[i];
    if (m.kind === 'application_data') continue;
    if (m.dir === 'c2s') clientSpoke = true;
    else if (clientSpoke) {
      trips++;
      clientSpoke = false;
    }
  }
  return trips;
}

/** Handshake messages the server sent inside encrypted records (TLS 1.3: content type 23 on the wire), before its application data. */
export function encryptedServerHandshake(c: ConnectionReportView): TlsMessage[] {
  const out: TlsMessage[] = [];
  for (const m of c.tls?.messages ?? []) {
    if (m.dir !== 's2c') continue;
    if (m.kind === 'application_data') break;
    if (m.kind === 'handshake' && m.recordType === 23 && m.name !== 'new_session_ticket') out.push(m);
  }
  return out;
}

/** The ladder items of the TCP handshake (SYN, SYN-ACK, ACK) or of the teardown (FIN, their ACKs, RST). */
export function tcpItems(items: LadderItem[], phase: 'handshake' | 'teardown'): LadderItem[] {
  const kinds: TcpEventKind[] = phase === 'handshake' ? ['syn', 'syn-ack', 'ack'] : ['fin', 'fin-ack', 'rst'];
  return items.filter((i) => i.kind === 'tcp' && i.tcpKind !== undefined && kinds.includes(i.tcpKind));
}

/** "127.0.1.1:80" / "[2001:db8::1]:443" → 80 / 443 */
export function portOf(endpoint: string): number {
  const m = /:(\d+)$/.exec(endpoint);
  if (!m) throw new LessonRuleError(`no port in "${endpoint}"`);
  return Number(m[1]);
}

/** The CN of a distinguished name "CN=…, O=…" (commas inside the value escaped), or the whole name. */
export function commonName(dn: string): string {
  const m = /(?:^|,\s*)CN=((?:\\,|[^,])*)/.exec(dn);
  return m ? m[1].replace(/\\,/g, ',').trim() : dn;
}
