/**
 * Robustness of the whole data path a user walks in the GUI, on hostile
 * input: the project's own sample captures, mangled with a seeded generator
 * (bit flips, runs of 0xff over length fields, random byte overwrites,
 * truncation, a chunk copied over another part of the file), are analysed by
 * the worker as the app does (with the samples' key log and lab CA, and
 * without), every worker op the views use is asked about every listed
 * connection and frame, and every answer goes through the renderer's pure
 * builders a screen would use: flow-list columns, capture summary tiles,
 * waterfall, ladder items/layout/text/SVG, explanations, decoded fields,
 * certificate cards and step sentences, detail rows, throughput, the bytes'
 * hex dump and field map, the exports — in English and in Simplified Chinese.
 *
 * Nothing may throw; every op answers ok, or (for what does not exist) with a
 * clear error result; every text is a string without "undefined", "NaN" or
 * "[object Object]", every translation key exists with all its placeholders
 * filled; results survive JSON (browser mode sends them as JSON). A failure
 * names the mangled file (kept in the temp directory), its seed and what was
 * done to it.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../support/paths';
import { MAX_PAGE_SIZE, SORT_KEYS, type AnalysisSummary, type ApiErrorInfo, type ApiResult, type CaptureSummary, type ConnectionDetails, type ConnectionPage, type ConnectionReportView, type ConnectionRow, type ErrorCode, type ExportResult, type FrameBytes, type Language } from '../../../../contract/api';
import { parseFilter } from '../../../../contract/filter/flow-filter';
import { WorkerAnalysis } from '../../../../main/worker/worker-analysis';
import type { FromWorker, WorkerRequest } from '../../../../main/worker/worker-protocol';
import { alertDescriptionName } from '../../../../contract/names/alerts';
import { cipherSuiteName } from '../../../../contract/names/cipher-suites';
import { extensionName } from '../../../../contract/names/extensions';
import { contentTypeName, handshakeTypeName } from '../../../../contract/names/handshake-types';
import { versionName } from '../../../../contract/names/versions';
import { STEP } from '../../../../contract/certs/steps';
import { formatInteger, formatMs } from '../../../../renderer/src/format';
import { catalogs, isMessageKey, placeholders, translate, type MessageKey, type Translate, type TranslateParams } from '../../../../contract/i18n/translate';
import { cardFacts, shownProblems, TONE_ICON, verdictTone } from '../../../../renderer/src/features/certs/cert-facts';
import { stepDetail } from '../../../../renderer/src/features/certs/step-text';
import { base64ToBytes, hexDump } from '../../../../renderer/src/features/detail/hex-dump';
import { detailRows } from '../../../../renderer/src/features/detail/detail-rows';
import { anomalyPlace, errorTitle } from '../../../../renderer/src/features/errors/error-text';
import { explain, explanationText } from '../../../../renderer/src/features/explain/explain';
import { subjectOfItem, type ExplainSubject } from '../../../../renderer/src/features/explain/subject';
import { shortCipherName } from '../../../../renderer/src/features/flows/column-text';
import { COLUMNS } from '../../../../renderer/src/features/flows/columns';
import { wiresharkFilters } from '../../../../renderer/src/features/filter/wireshark-filter';
import { eventLines, messageLines, type DecodedLine } from '../../../../renderer/src/features/inspect/decoded-fields';
import { assembleMessage, toFrameRanges, toMessageOffset } from '../../../../renderer/src/features/inspect/message-bytes';
import { fieldAt, flattenFields, type FieldNames } from '../../../../renderer/src/features/inspect/tls-fields';
import { siBits } from '../../../../renderer/src/features/timing/bit-rate';
import { MAX_FRAMES } from '../../../../renderer/src/features/inspect/use-frame-bytes';
import { drawBackground, drawGroup, drawHitBand, drawRow, drawSelection, ladderFrame, type Shape } from '../../../../renderer/src/features/ladder/draw';
import { buildLadderItems } from '../../../../renderer/src/features/ladder/ladder-items';
import { ladderText } from '../../../../renderer/src/features/ladder/ladder-text';
import { clockTime, rowLabel, stepText } from '../../../../renderer/src/features/ladder/labels';
import { layoutLadder, type LadderLayout } from '../../../../renderer/src/features/ladder/layout';
import { svgDocument } from '../../../../renderer/src/features/ladder/svg-export';
import { ladderDrawText } from '../../../../renderer/src/features/ladder/use-ladder-text';
import { summaryFacts } from '../../../../renderer/src/features/timing/summary-facts';
import { dataSpans, throughputBuckets } from '../../../../renderer/src/features/timing/throughput';
import { linearScale, segmentRects, waterfallBar } from '../../../../renderer/src/features/timing/waterfall';
import { seededRandom } from '../../../fixtures/builders';
import { writeTemp } from '../../../fixtures/many-connections';
import { engineCannotRead, listSamples } from '../../../golden/support/samples';

const SAMPLES = SAMPLES_DIR;
const CAPTURES = readdirSync(SAMPLES)
  .filter((f) => /\.(pcapng|pcap)$/i.test(f))
  .sort();
const LAB_CA = join(SAMPLES, 'lab-ca.pem');
const SAMPLE_FILES = listSamples(SAMPLES);
const LANGUAGES: Language[] = ['en', 'zh-CN'];
/** mangled variants of each sample; TLSLENS_MANGLED_VARIANTS=500 digs deeper (seeds stay the same for the first ones) */
const VARIANTS = Number(process.env.TLSLENS_MANGLED_VARIANTS) || 40;
/** a file whose analysis takes longer than this counts as hung */
const HANG_MS = 10_000;
const EXPORT_WIDTH = 980;
/** what the inspector's field map names values with (as MessageInspector does) */
const NAMES: FieldNames = { contentType: contentTypeName, version: versionName, handshakeType: handshakeTypeName, cipherSuite: cipherSuiteName, extension: extensionName, alertDescription: alertDescriptionName };
const BAD_TEXT = /undefined|NaN|\[object Object\]/;
const KNOWN_STEPS = new Set<string>(Object.values(STEP));
/** what the mangled files reached, over the whole run: the last test checks each was reached */
const COVERED = new Map<string, number>();
const covered = (what: string) => COVERED.set(what, (COVERED.get(what) ?? 0) + 1);

// ---------------------------------------------------------------- problems

/** Everything wrong with one mangled file, each with where it was seen. */
class Problems {
  readonly list: string[] = [];
  /** @param hidden the upload's temp path: the user's file name stands in for it everywhere */
  constructor(private readonly hidden: string) {}

  add(where: string, what: string): void {
    if (this.list.length < 40) this.list.push(`${where}: ${what}`);
  }

  text(where: string, value: unknown): void {
    if (typeof value !== 'string') this.add(where, `not a string: ${typeof value} ${String(value)}`);
    else if (BAD_TEXT.test(value)) this.add(where, `bad text: ${JSON.stringify(excerpt(value, value.search(BAD_TEXT)))}`);
    else if (value.includes(this.hidden)) this.add(where, `shows the upload's temp path: ${JSON.stringify(excerpt(value, value.indexOf(this.hidden)))}`);
  }

  /** Serialises with JSON.stringify and comes back the same (no NaN/Infinity turned null, no bytes turned objects, no holes). */
  json(where: string, value: unknown): void {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (err) {
      this.add(where, `JSON.stringify threw ${(err as Error).message}`);
      return;
    }
    if (typeof text !== 'string') this.add(where, 'JSON.stringify gave no text');
    else if (text.includes(this.hidden)) this.add(where, "shows the upload's temp path");
    const bad = notJson(value, '$');
    if (bad) this.add(where, `does not survive JSON: ${bad}`);
  }

  /** Runs `fn`; a throw is a problem (with its stack), not the end of the test. */
  guard<T>(where: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.add(where, `threw ${(err as Error)?.stack ?? String(err)}`);
      return undefined;
    }
  }
}

function excerpt(text: string, at: number): string {
  return text.slice(Math.max(0, at - 60), at + 60);
}

/** The first value under `value` that JSON would change or drop, as a path; null when there is none. */
function notJson(value: unknown, path: string, depth = 0): string | null {
  if (depth > 64) return `${path}: nested too deep`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} = ${value}`;
    case 'undefined':
      return null; // a dropped property reads back as absent: same to every reader
    case 'object':
      break;
    default:
      return `${path} is a ${typeof value}`;
  }
  if (value === null) return null;
  if (ArrayBuffer.isView(value)) return `${path} is a ${value.constructor.name}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return `${path}[${i}] is undefined (null in JSON)`;
      const bad = notJson(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${path} is a ${(value as object).constructor?.name ?? 'non-plain object'}`;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const bad = notJson(v, `${path}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/**
 * The app's translator, watched: a key missing from the language's catalog,
 * a placeholder left unfilled, or a parameter that is not a finite number or
 * a string is a problem (the user would read a key, "{name}" or "NaN").
 */
function watchedTranslator(language: Language, problems: Problems, where: () => string): Translate {
  return (key: MessageKey, params: TranslateParams = {}) => {
    const catalog = catalogs[language] as Record<string, string>;
    if (!isMessageKey(key) || typeof catalog[key] !== 'string') problems.add(where(), `no ${language} text for key ${JSON.stringify(key)}`);
    else {
      for (const name of placeholders(catalog[key])) if (!(name in params)) problems.add(where(), `${key}: {${name}} left unfilled`);
    }
    for (const [name, v] of Object.entries(params)) {
      if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') problems.add(where(), `${key}: parameter ${name} = ${String(v)}`);
    }
    return translate(language, key, params);
  };
}

// ---------------------------------------------------------------- mangling

interface Field {
  at: number;
  size: number;
}

/** Where the length fields are: capture blocks and records, and IP, TCP, TLS record and handshake lengths in the packets. */
function lengthFields(bytes: Uint8Array): Field[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Field[] = [];
  const packet = (at: number, length: number) => {
    // Ethernet → IPv4/IPv6 → TCP → TLS record → handshake
    if (length < 14) return;
    const etherType = view.getUint16(at + 12);
    let ip = at + 14;
    let tcp: number;
    const end = at + length;
    if (etherType === 0x0800 && ip + 20 <= end) {
      fields.push({ at: ip + 2, size: 2 });
      if (bytes[ip + 9] !== 6) return;
      tcp = ip + (bytes[ip] & 0x0f) * 4;
    } else if (etherType === 0x86dd && ip + 40 <= end) {
      fields.push({ at: ip + 4, size: 2 });
      if (bytes[ip + 6] !== 6) return;
      tcp = ip + 40;
    } else return;
    if (tcp + 20 > end) return;
    fields.push({ at: tcp + 12, size: 1 }); // data offset
    const payload = tcp + (bytes[tcp + 12] >> 4) * 4;
    if (payload + 5 <= end && bytes[payload] >= 20 && bytes[payload] <= 24 && bytes[payload + 1] === 3) {
      fields.push({ at: payload + 3, size: 2 });
      if (bytes[payload] === 22 && payload + 9 <= end) fields.push({ at: payload + 6, size: 3 });
    }
  };
  if (view.getUint32(0, false) === 0x0a0d0d0a) {
    const little = view.getUint32(8, true) === 0x1a2b3c4d;
    for (let o = 0; o + 12 <= bytes.length; ) {
      const type = view.getUint32(o, little);
      const total = view.getUint32(o + 4, little);
      if (total < 12 || o + total > bytes.length) break;
      fields.push({ at: o + 4, size: 4 }, { at: o + total - 4, size: 4 });
      if (type === 1) fields.push({ at: o + 12, size: 4 }); // snap length
      if (type === 6) {
        fields.push({ at: o + 20, size: 4 }, { at: o + 24, size: 4 });
        packet(o + 28, Math.min(view.getUint32(o + 20, little), total - 32));
      }
      if (type === 3) fields.push({ at: o + 8, size: 4 });
      o += total;
    }
  } else {
    const magic = view.getUint32(0, true);
    const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    for (let o = 24; o + 16 <= bytes.length; ) {
      const included = view.getUint32(o + 8, little);
      fields.push({ at: o + 8, size: 4 }, { at: o + 12, size: 4 });
      if (o + 16 + included > bytes.length) break;
      packet(o + 16, included);
      o += 16 + included;
    }
  }
  return fields.filter((f) => f.at >= 24);
}

const KINDS = ['bit flips', '0xff over length fields', 'byte overwrites', 'truncation', 'chunk copy'] as const;
type Kind = (typeof KINDS)[number];
/** bytes at the start of the file no mangling touches but truncation: the file stays a capture */
const KEEP = 24;

function mangleOnce(bytes: Uint8Array, kind: Kind, fields: readonly Field[], rnd: () => number): { bytes: Uint8Array; what: string } {
  const int = (n: number) => Math.floor(rnd() * n);
  const out = new Uint8Array(bytes);
  const room = out.length - KEEP;
  if (room <= 0) return { bytes: out, what: `${kind} (nothing to do)` };
  switch (kind) {
    case 'bit flips': {
      const n = 1 + int(12);
      const at: number[] = [];
      for (let i = 0; i < n; i++) {
        const p = KEEP + int(room);
        out[p] ^= 1 << int(8);
        at.push(p);
      }
      return { bytes: out, what: `${n} bit flips at ${at.join(',')}` };
    }
    case '0xff over length fields': {
      const usable = fields.filter((f) => f.at + f.size <= out.length);
      if (!usable.length) return mangleOnce(bytes, 'byte overwrites', fields, rnd);
      const n = 1 + int(4);
      const at: string[] = [];
      for (let i = 0; i < n; i++) {
        const f = usable[int(usable.length)];
        const size = Math.min(out.length - f.at, f.size + (rnd() < 0.3 ? int(4) : 0));
        out.fill(0xff, f.at, f.at + size);
        at.push(`${f.at}+${size}`);
      }
      return { bytes: out, what: `0xff over ${at.join(',')}` };
    }
    case 'byte overwrites': {
      const n = 1 + int(40);
      for (let i = 0; i < n; i++) out[KEEP + int(room)] = int(256);
      return { bytes: out, what: `${n} random bytes` };
    }
    case 'truncation': {
      const at = int(bytes.length);
      return { bytes: out.slice(0, at), what: `truncated to ${at}` };
    }
    case 'chunk copy': {
      const size = 1 + int(Math.min(room, 1 + int(600)));
      const from = int(out.length - size + 1);
      const to = KEEP + int(Math.max(1, room - size + 1));
      out.copyWithin(to, from, from + size);
      return { bytes: out, what: `${size} bytes from ${from} copied to ${to}` };
    }
  }
}

/** One variant: its first mangling cycles through the kinds (each kind gets its share), then up to two more at random. */
function mangle(original: Uint8Array, variant: number, rnd: () => number): { bytes: Uint8Array; what: string[] } {
  const fields = lengthFields(original);
  const kinds: Kind[] = [KINDS[variant % KINDS.length]];
  for (let extra = Math.floor(rnd() * 3); extra > 0; extra--) kinds.push(KINDS[Math.floor(rnd() * KINDS.length)]);
  // truncation last, so the other manglings land in the file
  kinds.sort((a, b) => Number(a === 'truncation') - Number(b === 'truncation'));
  let bytes = original;
  const what: string[] = [];
  for (const kind of kinds) {
    const step = mangleOnce(bytes, kind, fields, rnd);
    bytes = step.bytes;
    what.push(step.what);
  }
  return { bytes, what };
}

// ---------------------------------------------------------------- the views of one connection

interface Context {
  problems: Problems;
  /** where we are, for the problem list */
  at: string;
}

function decodedLineTexts(ctx: Context, where: string, lines: readonly DecodedLine[], t: Translate): void {
  lines.forEach((l, i) => {
    ctx.problems.text(`${where}[${i}] label`, l.label);
    ctx.problems.text(`${where}[${i}] value`, l.value);
    l.items?.forEach((item, k) => ctx.problems.text(`${where}[${i}] item ${k}`, item));
  });
}

function shapeChecks(ctx: Context, where: string, shapes: readonly Shape[]): void {
  ctx.problems.json(`${where} shapes`, shapes);
  for (const s of shapes) {
    if (s.t === 'text') {
      ctx.problems.text(`${where} shape text`, s.text);
      if (s.sub) ctx.problems.text(`${where} shape sub`, s.sub.text);
    }
    if (s.t === 'path') ctx.problems.text(`${where} path`, s.d);
  }
}

/** The ladder tab in one language: text copy, drawing, SVG export, each row's label, step, explanation and decoded fields. */
function ladderViews(ctx: Context, c: ConnectionReportView, layout: LadderLayout, language: Language, t: Translate): void {
  const p = ctx.problems;
  const where = `${ctx.at} ladder (${language}, ${layout.runs.filter((r) => r.expanded).length}/${layout.runs.length} runs open)`;
  p.json(`${where} layout`, layout);
  p.text(`${where} text`, p.guard(`${where} ladderText`, () => ladderText(layout, c, t, language)));
  p.guard(`${where} drawing`, () => {
    const text = ladderDrawText(layout, c, t, language);
    const frame = ladderFrame(EXPORT_WIDTH);
    const shapes: Shape[] = [...drawBackground(layout, frame, text)];
    layout.groups.forEach((_, i) => shapes.push(...drawGroup(layout, i, frame, text.groupText)));
    for (const row of layout.rows) {
      const rowText = text.row(row);
      p.text(`${where} row ${row.key} time`, rowText.time);
      p.text(`${where} row ${row.key} delta`, rowText.delta);
      p.text(`${where} row ${row.key} step`, rowText.step);
      if (rowText.pause !== null) p.text(`${where} row ${row.key} pause`, rowText.pause);
      shapes.push(...drawRow(row, layout, frame, rowText), ...drawSelection(row, layout, frame), drawHitBand(row, layout, frame));
    }
    // on screen: the narrowest frame, with the header drawn by the page
    shapes.push(...drawBackground(layout, ladderFrame(0), text, 0, layout.height, false));
    shapeChecks(ctx, where, shapes);
    const svg = svgDocument(shapes, EXPORT_WIDTH, layout.height, t('views.ladder.title', { id: c.id, client: c.client, server: c.server }), () => '#123456');
    p.text(`${where} svg`, svg);
    covered('ladder SVG');
  });
  for (const row of layout.rows) {
    const rw = `${where} row ${row.key}`;
    p.guard(rw, () => {
      const label = rowLabel(row, layout, c, t, language);
      p.text(`${rw} title`, label.title);
      p.text(`${rw} detail`, label.detail);
      p.text(`${rw} step text`, stepText(row, t));
      // the inspector's head line
      p.text(`${rw} inspector head`, [stepText(row, t), t(row.dir === 'both' ? 'views.ladder.phase.data' : `dir.${row.dir}`), clockTime(row.time), label.detail].filter(Boolean).join(' · '));
      const isRun = row.kind === 'run' || row.kind === 'run-header';
      const run = isRun ? layout.runs.find((r) => r.key === row.runKey) : undefined;
      if (isRun && !run) p.add(rw, `run ${row.runKey} not in the layout`);
      if (isRun) p.text(`${rw} run toggle`, t(run?.expanded ? 'views.ladder.collapse' : 'views.ladder.expand'));
      const subject: ExplainSubject | null = run ? { type: 'run', run } : subjectOfItem(row.item, c);
      if (subject) {
        const e = explain(subject, c, language);
        covered(`explanation (${language})`);
        p.json(`${rw} explanation`, e);
        for (const part of [e.title, e.purpose, ...e.facts, e.causes ?? '', e.versionNote ?? '', explanationText(e)]) p.text(`${rw} explanation (${e.kind})`, part);
      }
      const message = !isRun && row.item.messageIndex !== undefined ? c.tls?.messages[row.item.messageIndex] : undefined;
      const event = !isRun && row.item.eventIndex !== undefined ? c.events[row.item.eventIndex] : undefined;
      if (!isRun && row.item.messageIndex !== undefined && !message) p.add(rw, `message ${row.item.messageIndex} not in the connection`);
      if (!isRun && row.item.eventIndex !== undefined && !event) p.add(rw, `event ${row.item.eventIndex} not in the connection`);
      if (message) decodedLineTexts(ctx, `${rw} fields`, messageLines(message, c, t), t);
      if (!message && event) {
        decodedLineTexts(ctx, `${rw} fields`, eventLines(event, t), t);
        p.text(`${rw} bytes head`, `${t('views.inspect.bytes')} · ${t('views.ladder.frame', { frame: event.frame })}`);
      }
      if (!message && !event && !isRun && row.item.alertIndex !== undefined) p.text(`${rw} frame`, t('views.ladder.frame', { frame: formatInteger(language, row.item.frame) }));
    });
  }
}

const colonHex = (hex: string) => (hex.match(/../g) ?? []).join(':').toUpperCase();

/** The certificates tab in one language (the words CertificatesView puts on screen). */
function certificateViews(ctx: Context, c: ConnectionReportView, language: Language, t: Translate): void {
  const p = ctx.problems;
  const where = `${ctx.at} certificates (${language})`;
  const tls = c.tls;
  if (!tls) return p.text(where, t('views.certs.notTls'));
  const validation = tls.validation;
  if (tls.certificates.length === 0 && !validation) {
    return p.text(where, t(tls.resumed ? 'views.certs.resumed' : tls.version === '0x0304' ? 'views.certs.encrypted13' : 'views.certs.none'));
  }
  const verdict = validation?.verdict ?? 'no-certificates';
  p.text(`${where} verdict`, `${TONE_ICON[verdictTone(verdict)]} ${t('views.certs.verdict')}: ${t(`views.verdict.${verdict}` as MessageKey)}`);
  p.text(`${where} verdict description`, t(`views.verdictDesc.${verdict}` as MessageKey));
  p.text(`${where} anchor`, `${validation?.trustAnchor ? t('views.certs.trustAnchor', { anchor: validation.trustAnchor }) : t('views.certs.noAnchor')} · ${t(validation?.trustAnchorSource === 'user' ? 'views.certs.offlineUser' : 'views.certs.offline')}`);
  for (const chain of [tls.certificates, tls.clientCertificates]) {
    const facts = cardFacts(tls, c.start, chain);
    p.json(`${where} card facts`, facts);
    chain.forEach((cert, i) => {
      const f = facts[i];
      const cw = `${where} cert ${i}`;
      p.text(`${cw} role`, `${t('views.certs.cert', { index: f.index })} · ${t(`views.certs.role.${f.role}`)}`);
      for (const problem of shownProblems(f)) p.text(`${cw} badge`, `${TONE_ICON.bad} ${t(`views.certs.badge.${problem}`)}`);
      p.text(`${cw} name`, cert.subjectCN ?? cert.subject);
      p.text(`${cw} subject`, cert.subject);
      covered('certificate card');
      p.text(`${cw} issuer`, cert.issuer);
      p.text(`${cw} validity`, t('views.certs.validRange', { from: cert.notBefore.slice(0, 10), to: cert.notAfter.slice(0, 10) }));
      const sans = cert.sans ?? [];
      if (sans.length) p.text(`${cw} sans`, `${sans.slice(0, 12).join(', ')}${sans.length > 12 ? ` ${t('views.certs.sansMore', { count: formatInteger(language, sans.length - 12) })}` : ''}`);
      if (cert.keyType) p.text(`${cw} key`, cert.keyBits ? t('views.certs.keyDesc', { type: cert.keyType.toUpperCase(), bits: cert.keyBits }) : cert.keyType);
      if (cert.signatureAlgorithm) p.text(`${cw} signature`, cert.signatureAlgorithm);
      if (cert.serialNumber) p.text(`${cw} serial`, colonHex(cert.serialNumber));
      p.text(`${cw} sha256`, colonHex(cert.sha256));
      if (cert.sha1) p.text(`${cw} sha1`, colonHex(cert.sha1));
      if (f.issuerIsNext) p.text(`${cw} arrow`, t('views.certs.issuedBy'));
      else if (f.role !== 'root') p.text(`${cw} arrow`, t('views.certs.issuerNotSent', { issuer: cert.issuer }));
    });
  }
  for (const step of validation?.steps ?? []) {
    const sw = `${where} step ${step.code}`;
    const key = `views.step.${step.code}`;
    const title = KNOWN_STEPS.has(step.code) && isMessageKey(key) ? t(key) : t('views.step.unknown', { code: step.code });
    p.text(`${sw} title`, `${title}${step.certIndex !== undefined ? ` · ${t('views.certs.cert', { index: step.certIndex })}` : ''} · ${t(step.ok ? 'views.certs.stepOk' : 'views.certs.stepFailed')}`);
    const detail = stepDetail(step, t, language);
    if (detail.language === language) covered(`certificate step sentence (${language})`);
    p.text(`${sw} detail`, detail.text);
  }
}

/** The details tab, the timing tab's throughput, in one language. */
function listViews(ctx: Context, c: ConnectionReportView, language: Language, t: Translate): void {
  const p = ctx.problems;
  const where = `${ctx.at} details (${language})`;
  p.text(`${where} heading`, t('detail.heading', { id: c.id, client: c.client, server: c.server }));
  p.text(
    `${where} summary`,
    t('detail.summary', { frames: formatInteger(language, c.frames.c2s + c.frames.s2c), bytes: formatInteger(language, c.bytes.c2s + c.bytes.s2c), duration: formatMs(language, c.durationMs), close: t(`close.${c.tcp.closeKind}` as MessageKey) }) +
      (c.tcp.handshakeRttMs !== null ? ` · ${t('detail.rtt', { rtt: formatMs(language, c.tcp.handshakeRttMs) })}` : ''),
  );
  const rows = detailRows(c, t);
  p.json(`${where} rows`, rows);
  for (const r of rows) {
    p.text(`${where} ${r.key} time`, t('detail.time', { ms: formatMs(language, r.offsetSeconds * 1000) }));
    p.text(`${where} ${r.key} dir`, t(`dir.${r.dir}`));
    p.text(`${where} ${r.key} event`, r.event);
    p.text(`${where} ${r.key} info`, r.info);
  }
  const buckets = throughputBuckets(dataSpans(c.events), c.start, Math.max(c.end, c.start + 0.001));
  p.json(`${ctx.at} throughput`, buckets);
  if (buckets.length > 100_000) p.add(`${ctx.at} throughput`, `${buckets.length} buckets`);
  for (const b of buckets.slice(0, 200)) {
    p.text(`${ctx.at} throughput tooltip (${language})`, [t('views.timing.at', { s: formatMs(language, b.t) }), t('views.timing.bitsPerSecond', siBits(b.c2s, language)), t('views.timing.bitsPerSecond', siBits(b.s2c, language))].join(' '));
  }
  p.text(`${ctx.at} throughput title (${language})`, t('views.timing.throughput', { id: c.id }));
}

/** The flow list's row and its waterfall bar, in one language. */
function rowViews(ctx: Context, row: ConnectionRow, language: Language, t: Translate, origin: number): void {
  const p = ctx.problems;
  for (const column of COLUMNS) {
    const text = p.guard(`${ctx.at} column ${column.key}`, () => column.text(row, t, language));
    p.text(`${ctx.at} column ${column.key} (${language})`, text);
    if (column.cellClass) p.text(`${ctx.at} column ${column.key} class`, column.cellClass(row));
  }
  const filters = wiresharkFilters(row);
  p.text(`${ctx.at} wireshark stream`, filters.stream);
  p.text(`${ctx.at} wireshark conversation`, filters.conversation);
  const bar = waterfallBar(row, origin, `#${row.id} ${row.sni ?? row.server}`);
  p.json(`${ctx.at} waterfall bar`, bar);
  p.text(`${ctx.at} waterfall label`, bar.label);
  p.json(`${ctx.at} waterfall rects`, segmentRects(row, origin, linearScale([0, 10], [0, 800])));
}

// ---------------------------------------------------------------- one mangled file, as the app reads it

type Worker = Pick<WorkerAnalysis, 'handle'>;

async function ask<T>(ctx: Context, worker: Worker, request: WorkerRequest, what: string): Promise<ApiResult<T> | null> {
  let result: ApiResult<unknown>;
  try {
    result = await worker.handle(request);
  } catch (err) {
    ctx.problems.add(`${ctx.at} ${what}`, `handle() threw instead of answering: ${(err as Error)?.stack ?? String(err)}`);
    return null;
  }
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    ctx.problems.add(`${ctx.at} ${what}`, `not a result: ${String(result)}`);
    return null;
  }
  ctx.problems.json(`${ctx.at} ${what} result`, result);
  if (!result.ok) errorTexts(ctx, `${what} error`, result.error);
  return result as ApiResult<T>;
}

function errorTexts(ctx: Context, where: string, error: ApiErrorInfo): void {
  ctx.problems.text(`${ctx.at} ${where} message`, error.message);
  if (!error.message) ctx.problems.add(`${ctx.at} ${where}`, 'empty message');
  for (const language of LANGUAGES) ctx.problems.text(`${ctx.at} ${where} title (${language})`, errorTitle(error, watchedTranslator(language, ctx.problems, () => `${ctx.at} ${where}`)));
}

/** A request that must work: its value, or null (and a problem). */
async function must<T>(ctx: Context, worker: Worker, request: WorkerRequest, what: string): Promise<T | null> {
  const r = await ask<T>(ctx, worker, request, what);
  if (!r) return null;
  if (!r.ok) {
    ctx.problems.add(`${ctx.at} ${what}`, `answered ${r.error.code}: ${r.error.message}`);
    return null;
  }
  return r.value;
}

/** A request about something that does not exist: a clear error result with this code. */
async function refused(ctx: Context, worker: Worker, request: WorkerRequest, what: string, code: ErrorCode): Promise<void> {
  const r = await ask(ctx, worker, request, what);
  if (r && (r.ok || r.error.code !== code)) ctx.problems.add(`${ctx.at} ${what}`, `expected error ${code}, got ${JSON.stringify(r).slice(0, 200)}`);
}

/** Browser mode sends results as JSON: the views get what survives that. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

interface Outcome {
  connections: number;
  messages: number;
  frames: number;
  failed: boolean;
}

async function analyseMangled(ctx: Context, path: string, companions: { keylogPath?: string; trustedCaPaths?: string[] }): Promise<Outcome> {
  const p = ctx.problems;
  const posted: FromWorker[] = [];
  const worker = new WorkerAnalysis({ path, displayName: 'mangled.pcapng', ...companions }, (m) => posted.push(m));
  let timer: NodeJS.Timeout | undefined;
  const ran = await Promise.race([
    worker.run().then(
      () => 'done' as const,
      (err: Error) => err,
    ),
    new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), HANG_MS))),
  ]);
  clearTimeout(timer);
  const outcome: Outcome = { connections: 0, messages: 0, frames: 0, failed: false };
  if (ran === 'hung') {
    p.add(ctx.at, `analysis still running after ${HANG_MS} ms`);
    worker.cancel();
    return outcome;
  }
  if (ran instanceof Error) {
    p.add(ctx.at, `run() threw ${ran.stack}`);
    return outcome;
  }
  for (const m of posted) p.json(`${ctx.at} posted ${m.type}`, m);
  const ends = posted.filter((m) => m.type === 'finished' || m.type === 'failed');
  if (ends.length !== 1) p.add(ctx.at, `posted ${ends.length} finished/failed messages`);
  const end = ends[0];
  if (end?.type === 'failed') {
    outcome.failed = true;
    errorTexts(ctx, 'failed', end.error);
  }
  if (end?.type === 'finished') finishedTexts(ctx, end.summary);
  if (end?.type === 'finished' && !end.summary.complete) covered('damaged-file banner');

  const summary = await must<Omit<CaptureSummary, 'analysisId'>>(ctx, worker, { op: 'summary' }, 'summary');
  if (summary) {
    const facts = p.guard(`${ctx.at} summary facts`, () => summaryFacts(overTheWire({ ...summary, analysisId: 'a' })));
    p.json(`${ctx.at} summary facts`, facts);
    if (facts) summaryTexts(ctx, overTheWire({ ...summary, analysisId: 'a' }), facts);
  }

  // the flow list: every page, every sort, a few filters (one from the data, some malformed)
  const rows: ConnectionRow[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = await must<Omit<ConnectionPage, 'analysisId'>>(ctx, worker, { op: 'list', query: { offset, limit: MAX_PAGE_SIZE, sort: { key: 'id', direction: 'asc' }, filter: '' } }, `list from ${offset}`);
    if (!page) break;
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) break;
  }
  rows.forEach((row, i) => row.id !== i && p.add(`${ctx.at} list`, `row ${i} has id ${row.id}`));
  outcome.connections = rows.length;
  if (summary && summary.connections !== rows.length) p.add(`${ctx.at} summary`, `${summary.connections} connections, the list has ${rows.length}`);
  const someSni = rows.find((r) => r.sni)?.sni ?? 'example';
  const filters = ['', `sni:${someSni}`, 'status:alert', 'port:443 version:1.3', '"unclosed', 'sni:', 'ip:999.1.1.1', '\u0000\uffff', 'NaN'];
  for (const key of SORT_KEYS) {
    for (const direction of ['asc', 'desc'] as const) {
      const filter = filters[(key.length + direction.length) % filters.length];
      const page = await must<Omit<ConnectionPage, 'analysisId'>>(ctx, worker, { op: 'list', query: { offset: 0, limit: 50, sort: { key, direction }, filter, locateId: rows.length - 1 } }, `list by ${key} ${direction} "${filter}"`);
      if (page && page.rows.some((r) => !r || typeof r.id !== 'number')) p.add(`${ctx.at} list by ${key}`, 'a row without an id');
    }
  }
  // beside the filter box: the terms that can never match
  for (const filter of filters) {
    const problems = p.guard(`${ctx.at} filter "${filter}"`, () => parseFilter(filter).problems);
    for (const language of LANGUAGES) {
      if (problems?.length) p.text(`${ctx.at} filter problem (${language})`, watchedTranslator(language, p, () => ctx.at)('views.filter.problem', { terms: problems.map((x) => x.term).join(' ') }));
    }
  }
  const origin = summary?.firstTime ?? 0;
  for (const row of rows) {
    for (const language of LANGUAGES) {
      const rc: Context = { problems: p, at: `${ctx.at} row ${row.id}` };
      p.guard(`${rc.at} (${language})`, () => rowViews(rc, overTheWire(row), language, watchedTranslator(language, p, () => rc.at), origin));
    }
  }

  // every connection's details, and the bytes of every frame its views show
  const frameBytes = new Map<number, Uint8Array>();
  const fetchFrame = async (frame: number, cc: Context): Promise<Uint8Array | undefined> => {
    if (frameBytes.has(frame)) return frameBytes.get(frame);
    const fb = await must<Omit<FrameBytes, 'analysisId'>>(cc, worker, { op: 'bytes', frame }, `bytes of frame ${frame}`);
    if (!fb) return undefined;
    const bytes = p.guard(`${cc.at} frame ${frame} base64`, () => base64ToBytes(overTheWire(fb).base64));
    if (!bytes) return undefined;
    if (bytes.length !== fb.length) p.add(`${cc.at} frame ${frame}`, `${bytes.length} bytes for length ${fb.length}`);
    p.text(`${cc.at} frame ${frame} hex dump`, p.guard(`${cc.at} hex dump`, () => hexDump(bytes)));
    for (const language of LANGUAGES) {
      const t = watchedTranslator(language, p, () => `${cc.at} frame ${frame}`);
      p.text(`${cc.at} frame ${frame} bytes title (${language})`, t('bytes.title', { frame: fb.frame, length: formatInteger(language, fb.length), offset: formatInteger(language, fb.fileOffset) }));
    }
    frameBytes.set(frame, bytes);
    covered('hex dump');
    outcome.frames++;
    return bytes;
  };
  let highestFrame = 0;
  for (let id = 0; id < rows.length; id++) {
    const cc: Context = { problems: p, at: `${ctx.at} connection ${id}` };
    const details = await must<Omit<ConnectionDetails, 'analysisId'>>(cc, worker, { op: 'details', connectionId: id }, 'details');
    if (!details) continue;
    const c = overTheWire(details).connection;
    if (c.id !== id) p.add(cc.at, `details of connection ${c.id}`);
    outcome.messages += c.tls?.messages.length ?? 0;
    covered(c.tls ? 'TLS connection' : 'plain TCP connection');
    for (const language of LANGUAGES) {
      const t = watchedTranslator(language, p, () => cc.at);
      const items = p.guard(`${cc.at} ladder items`, () => buildLadderItems(c));
      if (items) {
        p.json(`${cc.at} ladder items`, items);
        const collapsed = p.guard(`${cc.at} ladder layout`, () => layoutLadder(items));
        if (collapsed) {
          p.guard(`${cc.at} ladder (${language})`, () => ladderViews(cc, c, collapsed, language, t));
          if (collapsed.runs.length) {
            const open = p.guard(`${cc.at} ladder layout, runs open`, () => layoutLadder(items, { expanded: new Set(collapsed.runs.map((r) => r.key)) }));
            if (open) covered('ladder with runs open');
            if (open) p.guard(`${cc.at} ladder open (${language})`, () => ladderViews(cc, c, open, language, t));
          }
        }
      }
      p.guard(`${cc.at} certificates (${language})`, () => certificateViews(cc, c, language, t));
      p.guard(`${cc.at} details (${language})`, () => listViews(cc, c, language, t));
    }
    // the frames the inspector and the details tab read: each message's (its first MAX_FRAMES), each event's
    const frames = new Set<number>();
    for (const e of c.events) frames.add(e.frame);
    for (const m of c.tls?.messages ?? []) {
      if (m.frames.length) frames.add(m.frames[m.frames.length - 1]);
      for (const f of [...new Set(m.fileOffsets.map((s) => s.frame))].slice(0, MAX_FRAMES)) frames.add(f);
    }
    for (const frame of frames) {
      highestFrame = Math.max(highestFrame, frame);
      await fetchFrame(frame, cc);
    }
    for (const [i, m] of (c.tls?.messages ?? []).entries()) {
      const mw = `${cc.at} message ${i} (${m.name})`;
      const wanted = [...new Set(m.fileOffsets.map((s) => s.frame))].slice(0, MAX_FRAMES);
      const map = new Map<number, Uint8Array>();
      for (const f of wanted) {
        const b = frameBytes.get(f);
        if (b) map.set(f, b);
      }
      if (map.size < wanted.length) continue; // the inspector waits for all of them; missing ones were reported above
      const asm = p.guard(`${mw} assemble`, () => assembleMessage(m, map, NAMES));
      if (!asm) continue;
      covered(m.decrypted ? 'field map of a decrypted message' : 'field map');
      p.json(`${mw} pieces`, asm.pieces);
      p.json(`${mw} fields`, asm.fields);
      p.guard(`${mw} field map`, () => {
        const flat = flattenFields(asm.fields);
        for (const f of flat) {
          if (!(f.start >= 0 && f.start <= f.end)) p.add(mw, `field ${f.id} has range [${f.start}, ${f.end})`);
          if (f.value !== undefined) p.text(`${mw} field ${f.id} value`, f.value);
          for (const language of LANGUAGES) p.text(`${mw} field ${f.id} (${language})`, watchedTranslator(language, p, () => mw)(f.label, f.labelParams));
          for (const r of toFrameRanges(asm.pieces, f.start, f.end)) if (!(r.start >= 0 && r.end <= (map.get(r.frame)?.length ?? 0))) p.add(mw, `field ${f.id} maps outside frame ${r.frame}: ${r.start}–${r.end}`);
        }
        // pointing at each byte of each piece finds its place in the message (and maybe a field)
        for (const piece of asm.pieces) {
          for (let k = 0; k < Math.min(piece.length, 64); k++) {
            const at = toMessageOffset(asm.pieces, piece.frame, piece.frameStart + k);
            if (at === null) p.add(mw, `byte ${piece.frameStart + k} of frame ${piece.frame} is not in the message`);
            else fieldAt(asm.fields, at);
          }
        }
      });
    }
  }

  // what does not exist is refused clearly
  await refused(ctx, worker, { op: 'details', connectionId: rows.length }, 'details past the end', 'unknown-connection');
  await refused(ctx, worker, { op: 'details', connectionId: -1 }, 'details -1', 'unknown-connection');
  await refused(ctx, worker, { op: 'details', connectionId: 0.5 }, 'details 0.5', 'unknown-connection');
  await refused(ctx, worker, { op: 'bytes', frame: 0 }, 'bytes of frame 0', 'unknown-frame');
  await refused(ctx, worker, { op: 'bytes', frame: 2.5 }, 'bytes of frame 2.5', 'unknown-frame');
  await refused(ctx, worker, { op: 'stop-capture' }, 'stop-capture', 'unsupported');
  await refused(ctx, worker, { op: 'capture-file' }, 'capture-file', 'unsupported');
  if (highestFrame === 0 && !outcome.failed) await ask(ctx, worker, { op: 'bytes', frame: 1 }, 'bytes of frame 1');

  // the exports, as listed (browser mode: the content)
  for (const format of ['csv', 'json'] as const) {
    const r = await must<ExportResult>(ctx, worker, { op: 'export', format, filter: '', sort: { key: 'id', direction: 'asc' } }, `export ${format}`);
    if (!r) continue;
    if (r.kind !== 'content') {
      p.add(`${ctx.at} export ${format}`, `answered ${r.kind}`);
      continue;
    }
    p.text(`${ctx.at} export ${format} name`, r.fileName);
    p.text(`${ctx.at} export ${format}`, r.content);
    if (r.count !== rows.length) p.add(`${ctx.at} export ${format}`, `${r.count} connections, the list has ${rows.length}`);
    covered(`export ${format}`);
    if (format === 'json') p.guard(`${ctx.at} export json parses`, () => JSON.parse(r.content));
  }
  return outcome;
}

function finishedTexts(ctx: Context, summary: AnalysisSummary): void {
  for (const language of LANGUAGES) {
    const t = watchedTranslator(language, ctx.problems, () => `${ctx.at} finished`);
    // status bar and the damaged-file banner
    ctx.problems.text(`${ctx.at} status bar (${language})`, [summary.frames, summary.connections, summary.tlsConnections, summary.anomalies].map((n) => formatInteger(language, n)).join(' '));
    if (!summary.complete && !summary.cancelled) ctx.problems.text(`${ctx.at} banner (${language})`, `${t('errorView.damagedTitle')} ${t('errorView.damagedBody')}`);
    for (const a of summary.errors) ctx.problems.text(`${ctx.at} banner error (${language})`, `${anomalyPlace(a, t, language)} ${a.message}`);
  }
}

function summaryTexts(ctx: Context, summary: CaptureSummary, facts: ReturnType<typeof summaryFacts>): void {
  for (const language of LANGUAGES) {
    const t = watchedTranslator(language, ctx.problems, () => `${ctx.at} summary`);
    const share = (s: typeof facts.topVersion) => (s ? `${s.key} · ${t('views.timing.tile.share', { count: formatInteger(language, s.count), percent: s.percent })}` : t('views.timing.none'));
    const bin = facts.medianHandshakeBin;
    const median = bin ? t('views.timing.tile.bin', { range: bin.to === null ? `≥ ${formatInteger(language, bin.from)}` : `${formatInteger(language, bin.from)}–${formatInteger(language, bin.to)}` }) : t('views.timing.none');
    const tiles = [facts.connections, facts.tlsConnections, facts.failed].map((n) => formatInteger(language, n));
    ctx.problems.text(`${ctx.at} summary tiles (${language})`, [...tiles, median, share(facts.topVersion), share(facts.topKeyExchange)].join(' | '));
    for (const bin of [...summary.handshakeMs, ...summary.tcpRttMs]) {
      ctx.problems.text(
        `${ctx.at} histogram tooltip (${language})`,
        `${bin.to === null ? t('views.timing.bucketOpen', { from: formatInteger(language, bin.from) }) : t('views.timing.bucket', { from: String(bin.from), to: String(bin.to) })} ${t('views.timing.count', { count: formatInteger(language, bin.count) })}`,
      );
    }
    const word = (prefix: string) => (key: string) => (isMessageKey(`${prefix}${key}`) ? t(`${prefix}${key}` as MessageKey) : key);
    const counts: Array<[string, readonly { key: string; count: number }[], (k: string) => string]> = [
      ['versions', summary.versions, (k) => k],
      ['key exchanges', summary.keyExchanges, (k) => k],
      ['ciphers', summary.cipherSuites, shortCipherName],
      ['statuses', summary.statuses, word('status.')],
      ['failures', summary.failures, (k) => k],
      ['verdicts', summary.certVerdicts, word('views.verdict.')],
    ];
    for (const [name, entries, label] of counts) for (const e of entries) ctx.problems.text(`${ctx.at} ${name} chart (${language})`, `${label(e.key)} ${formatInteger(language, e.count)}`);
  }
}

// ---------------------------------------------------------------- the test

describe('mangled sample captures through the worker and every view', () => {
  it('finds the samples', () => {
    expect(CAPTURES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(CAPTURES)('%s', async (name) => {
    const original = new Uint8Array(readFileSync(join(SAMPLES, name)));
    const keylog = join(SAMPLES, name.replace(/\.(pcapng|pcap)$/i, '.keys'));
    const failures: string[] = [];
    const seen = { connections: 0, messages: 0, frames: 0, failed: 0 };
    for (let variant = 0; variant < VARIANTS; variant++) {
      const seed = (hashName(name) ^ (variant * 0x9e3779b1)) >>> 0;
      const rnd = seededRandom(seed);
      const { bytes, what } = mangle(original, variant, rnd);
      const path = writeTemp(`${name.replace(/\.\w+$/, '')}-v${variant}${name.match(/\.\w+$/)![0]}`, bytes);
      // as the sample gallery opens it (key log and lab CA) on even variants, as a bare file on odd ones
      const companions: { keylogPath?: string; trustedCaPaths?: string[] } = variant % 2 === 0 ? { ...(existsSync(keylog) ? { keylogPath: keylog } : {}), trustedCaPaths: [LAB_CA] } : {};
      const ctx: Context = { problems: new Problems(path), at: '' };
      try {
        const outcome = await analyseMangled(ctx, path, companions);
        seen.connections += outcome.connections;
        seen.messages += outcome.messages;
        seen.frames += outcome.frames;
        seen.failed += Number(outcome.failed);
      } catch (err) {
        ctx.problems.add('test', `threw ${(err as Error)?.stack ?? String(err)}`);
      }
      const opened = companions.keylogPath ? ', with key log and lab CA' : companions.trustedCaPaths ? ', with lab CA' : '';
      // a file that showed a problem stays in the temp directory, named in the failure, to be opened again
      if (ctx.problems.list.length) failures.push(`${path} (seed ${seed}, ${what.join('; ')}${opened}):\n  ${ctx.problems.list.join('\n  ')}`);
      else rmSync(dirname(path), { recursive: true, force: true });
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    // the mangled files still held something to look at (QUIC and DTLS samples: no connection, so
    // no frame shown, until the engine reads UDP, issue 23; every check above still ran on them)
    const described = SAMPLE_FILES.find((s) => s.json.capture === name);
    if (!described || !engineCannotRead(described)) {
      expect(seen.connections).toBeGreaterThan(VARIANTS / 2);
      expect(seen.frames).toBeGreaterThan(VARIANTS);
    }
    if (process.env.TLSLENS_MANGLED_VARIANTS) console.log(name, seen);
  }, 30_000 + VARIANTS * 1000);

  it('the mangled files reached every view', () => {
    const wanted = [
      'TLS connection',
      'plain TCP connection',
      'damaged-file banner',
      'ladder SVG',
      'ladder with runs open',
      'explanation (en)',
      'explanation (zh-CN)',
      'certificate card',
      'certificate step sentence (en)',
      'certificate step sentence (zh-CN)',
      'field map',
      'field map of a decrypted message',
      'hex dump',
      'export csv',
      'export json',
    ];
    expect(Object.fromEntries(wanted.map((w) => [w, (COVERED.get(w) ?? 0) > 0]))).toEqual(Object.fromEntries(wanted.map((w) => [w, true])));
    if (process.env.TLSLENS_MANGLED_VARIANTS) console.log(COVERED);
  });
});

/** FNV-1a of the file name: each sample gets its own seeds, stable across runs. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
