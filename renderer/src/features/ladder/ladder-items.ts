/**
 * A connection's TCP events and TLS messages merged into one ordered list of
 * ladder items — what the ladder draws one arrow (or marker) for. Pure.
 *
 * The engine lists TCP data as collapsed runs of segments (`data` events)
 * and TLS messages separately (every handshake message, CCS and alert, but
 * of application data only the first and last record per direction). So a
 * data run becomes: the TLS messages it completed (grouped when several end
 * in one segment), then — when segments or bytes are left over — one
 * application-data item for the rest. Runs before TLS starts (STARTTLS) and
 * on connections without TLS stay plain TCP data.
 */
import type { AlertEntry, ConnectionReportView, Direction, TlsMessage } from '../../../../contract/api';
import type { TcpEvent, TcpEventKind } from '../../../../contract/report/tcp-events';

/** Textbook order: 1 TCP handshake → 2 hello → 3 certificate → 4 key exchange → 5 keys/CCS/Finished → 6 encrypted data → 7 close_notify → 8 FIN. */
export type Step = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export type LadderItemKind =
  /** a TCP event other than data (SYN … RST, retransmission, keep-alive …) */
  | 'tcp'
  /** TCP payload that is not TLS (no TLS on the connection, or before STARTTLS) */
  | 'tcp-data'
  /** a TLS handshake message, CCS, alert or heartbeat */
  | 'tls'
  /** encrypted application data: a run of segments */
  | 'app-data'
  /** bytes the capture never had */
  | 'gap';

export interface LadderItem {
  /** stable across re-layouts: "e<event>", "m<message>", "a<alert>", "d<event>" */
  key: string;
  kind: LadderItemKind;
  dir: Direction;
  /** capture time of the (first) frame, epoch seconds */
  time: number;
  /** for runs: capture time of the last frame */
  lastTime: number;
  frame: number;
  lastFrame: number;
  /** capture order: items sort by frame, then by `sub` (arrival within the frame) */
  sub: number;
  step: Step | null;
  /** TLS 1.3's encrypted flight carries several steps at once (e.g. 3–5) */
  stepTo?: Step;
  /** tcp items: the event kind */
  tcpKind?: TcpEventKind;
  eventIndex?: number;
  messageIndex?: number;
  alertIndex?: number;
  /** items that ended in the same TCP segment share this ("<dir>:<frame>") */
  segment?: string;
  /** data items: TCP segments and payload bytes (approximate where a run also carried handshake messages) */
  segments?: number;
  bytes?: number;
  /** the bytes were estimated (a run shared with handshake messages) */
  approximate?: boolean;
  /** a fatal alert, a RST, a retransmission, a gap: drawn as a problem */
  problem?: boolean;
}

export interface LadderSource {
  events: ConnectionReportView['events'];
  tls: { messages: TlsMessage[]; alerts: AlertEntry[]; version?: string | null; versionName?: string | null } | null;
}

const TCP_STEP: Partial<Record<TcpEventKind, Step>> = { syn: 1, 'syn-ack': 1, ack: 1, fin: 8, 'fin-ack': 8, rst: 8 };

const HANDSHAKE_STEP: Record<string, Step> = {
  hello_request: 2,
  client_hello: 2,
  server_hello: 2,
  hello_retry_request: 2,
  hello_verify_request: 2,
  encrypted_extensions: 2,
  certificate: 3,
  certificate_request: 3,
  certificate_status: 3,
  certificate_url: 3,
  compressed_certificate: 3,
  supplemental_data: 3,
  server_key_exchange: 4,
  server_hello_done: 4,
  client_key_exchange: 4,
  certificate_verify: 4,
  finished: 5,
  new_session_ticket: 5,
  end_of_early_data: 5,
  next_protocol: 5,
  key_update: 6,
};

const ALERT_PROBLEM_LEVEL = 2;

/** "6:c2s" → frame; used for the segment key */
function segmentKey(dir: Direction, frame: number): string {
  return `${dir}:${frame}`;
}

function lastFrameOf(m: TlsMessage): number {
  return m.frames.length ? m.frames[m.frames.length - 1] : 0;
}

export function isTls13(source: LadderSource): boolean {
  const v = source.tls?.version;
  return v === '0x0304' || (typeof v === 'string' && v.startsWith('0x7f'));
}

export function messageStep(m: TlsMessage, tls13: boolean): { step: Step | null; stepTo?: Step } {
  // TLS 1.3's ChangeCipherSpec is a dummy for middleboxes (RFC 8446 §D.4): it switches no keys,
  // so it gets no step number of its own (the encrypted flight carries step 5)
  if (m.kind === 'change_cipher_spec') return { step: tls13 ? null : 5 };
  if (m.kind === 'application_data' || m.kind === 'heartbeat') return { step: 6 };
  if (m.kind === 'sslv2') return { step: 2 };
  if (m.kind === 'alert') return { step: null };
  if (m.kind !== 'handshake') return { step: null };
  if (m.type === 'encrypted') {
    // TLS 1.3 without keys: the server's flight after ServerHello is EncryptedExtensions,
    // Certificate, CertificateVerify, Finished; the client's is its Finished
    if (tls13 && m.dir === 's2c') return { step: 3, stepTo: 5 };
    return { step: 5 };
  }
  return { step: HANDSHAKE_STEP[m.name] ?? null };
}

/**
 * For each alert, the message that carried it: an alert record at the same
 * frame and direction, or (TLS 1.3, an inferred close_notify) the
 * application-data record the engine listed there.
 */
function alertsByMessage(messages: TlsMessage[], alerts: AlertEntry[]): { byMessage: Map<number, number>; orphans: number[] } {
  const byMessage = new Map<number, number>();
  const orphans: number[] = [];
  const index = new Map<string, number[]>();
  messages.forEach((m, i) => {
    const key = segmentKey(m.dir, lastFrameOf(m));
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(i);
  });
  alerts.forEach((a, ai) => {
    const candidates = (index.get(segmentKey(a.dir, a.frame)) ?? []).filter((i) => !byMessage.has(i));
    const alertMessage = candidates.find((i) => messages[i].kind === 'alert');
    const appMessage = candidates.find((i) => messages[i].kind === 'application_data');
    const at = alertMessage ?? appMessage;
    if (at === undefined) orphans.push(ai);
    else byMessage.set(at, ai);
  });
  return { byMessage, orphans };
}

/** Sorted (frame, bytes) of the TLS bytes each non-application-data message put in each frame. */
interface CoveredFrames {
  frames: number[];
  bytes: number[];
}

function coveredFrames(messages: TlsMessage[], isListed: (i: number) => boolean, dir: Direction): CoveredFrames {
  const byFrame = new Map<number, number>();
  messages.forEach((m, i) => {
    if (m.dir !== dir || !isListed(i)) return;
    // a plaintext handshake message's span starts after its record header (5 bytes)
    const header = m.kind === 'handshake' && typeof m.type === 'number' && m.recordType === 22 ? 5 : 0;
    m.fileOffsets.forEach((s, k) => byFrame.set(s.frame, (byFrame.get(s.frame) ?? 0) + s.length + (k === 0 ? header : 0)));
    // spans capped by the engine: the frames list is still complete
    for (const f of m.frames) if (!byFrame.has(f)) byFrame.set(f, 0);
  });
  const frames = [...byFrame.keys()].sort((a, b) => a - b);
  return { frames, bytes: frames.map((f) => byFrame.get(f)!) };
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function buildLadderItems(source: LadderSource): LadderItem[] {
  const events = source.events;
  const messages = source.tls?.messages ?? [];
  const alerts = source.tls?.alerts ?? [];
  const tls13 = isTls13(source);
  const { byMessage: alertOf, orphans } = alertsByMessage(messages, alerts);
  const isAppData = (i: number) => messages[i].kind === 'application_data' && !alertOf.has(i);
  const listed = (i: number) => !isAppData(i);
  const covered: Record<Direction, CoveredFrames> = { c2s: coveredFrames(messages, listed, 'c2s'), s2c: coveredFrames(messages, listed, 's2c') };
  const tlsStart = messages.length ? Math.min(...messages.map((m) => m.time)) : Infinity;

  // messages by (direction, completing frame), in arrival order
  const byDirFrame: Record<Direction, { frames: number[]; indices: number[] }> = { c2s: { frames: [], indices: [] }, s2c: { frames: [], indices: [] } };
  messages
    .map((m, i) => ({ frame: lastFrameOf(m), i, dir: m.dir }))
    .sort((a, b) => a.frame - b.frame || a.i - b.i)
    .forEach(({ frame, i, dir }) => {
      byDirFrame[dir].frames.push(frame);
      byDirFrame[dir].indices.push(i);
    });
  const used = new Uint8Array(messages.length);
  const items: LadderItem[] = [];

  const messageItem = (i: number, seq: number): LadderItem => {
    const m = messages[i];
    const frame = lastFrameOf(m);
    const alertIndex = alertOf.get(i);
    const alert = alertIndex === undefined ? undefined : alerts[alertIndex];
    let step = messageStep(m, tls13);
    if (alert) step = { step: alert.description === 0 ? 7 : null };
    const item: LadderItem = {
      key: `m${i}`,
      kind: 'tls',
      dir: m.dir,
      time: m.time,
      lastTime: m.time,
      frame,
      lastFrame: frame,
      sub: seq,
      step: step.step,
      messageIndex: i,
      segment: segmentKey(m.dir, frame),
    };
    if (step.stepTo) item.stepTo = step.stepTo;
    if (alertIndex !== undefined) item.alertIndex = alertIndex;
    if (alert && alert.level === ALERT_PROBLEM_LEVEL) item.problem = true;
    if (m.kind === 'alert' && !alert) item.problem = true;
    return item;
  };

  events.forEach((e: TcpEvent, ei) => {
    // within a frame: the event itself, then the messages its run completed, then the rest of the run
    const seq = ei * 4;
    if (e.kind !== 'data') {
      const item: LadderItem = {
        key: `e${ei}`,
        kind: e.kind === 'gap' ? 'gap' : 'tcp',
        dir: e.dir,
        time: e.time,
        lastTime: e.time,
        frame: e.frame,
        lastFrame: e.frame,
        sub: seq,
        step: TCP_STEP[e.kind] ?? null,
        tcpKind: e.kind,
        eventIndex: ei,
      };
      if (e.kind === 'rst' || e.kind === 'retransmission' || e.kind === 'gap' || e.kind === 'zero-window' || e.kind === 'out-of-order') item.problem = true;
      items.push(item);
      return;
    }
    const first = e.frame;
    const last = e.lastFrame ?? e.frame;
    const segments = e.segments ?? 1;
    const bytes = e.bytes ?? e.len;
    const lastTime = e.lastTime ?? e.time;
    if (!source.tls || lastTime < tlsStart) {
      items.push({ key: `d${ei}`, kind: 'tcp-data', dir: e.dir, time: e.time, lastTime, frame: first, lastFrame: last, sub: seq, step: 6, eventIndex: ei, segments, bytes });
      return;
    }
    // the TLS messages this run completed
    const lane = byDirFrame[e.dir];
    const carried: number[] = [];
    const appMessages: number[] = [];
    for (let k = lowerBound(lane.frames, first); k < lane.frames.length && lane.frames[k] <= last; k++) {
      const i = lane.indices[k];
      if (used[i]) continue;
      used[i] = 1;
      (isAppData(i) ? appMessages : carried).push(i);
    }
    carried.forEach((i, k) => items.push(messageItem(i, seq + 1 + k / (carried.length + 1))));
    // what is left of the run is application data
    const cover = covered[e.dir];
    let coveredSegments = 0;
    let coveredBytes = 0;
    let lastCovered = 0;
    for (let k = lowerBound(cover.frames, first); k < cover.frames.length && cover.frames[k] <= last; k++) {
      coveredSegments++;
      coveredBytes += cover.bytes[k];
      lastCovered = cover.frames[k];
    }
    const restSegments = segments - coveredSegments;
    if (restSegments <= 0 && appMessages.length === 0) return;
    const firstApp = appMessages.length ? messages[appMessages[0]] : null;
    const frame = firstApp ? firstApp.frames[0] : lastCovered ? Math.min(last, lastCovered + 1) : first;
    const time = firstApp ? Math.min(firstApp.time, lastTime) : carried.length ? messages[carried[carried.length - 1]].time : e.time;
    items.push({
      key: `d${ei}`,
      kind: 'app-data',
      dir: e.dir,
      time,
      lastTime: Math.max(time, lastTime),
      frame,
      lastFrame: last,
      sub: seq + 2,
      step: 6,
      eventIndex: ei,
      ...(appMessages.length ? { messageIndex: appMessages[0] } : {}),
      segments: Math.max(1, restSegments),
      bytes: Math.max(0, bytes - coveredBytes),
      ...(coveredSegments > 0 ? { approximate: true } : {}),
    });
  });

  // messages no data run accounted for (event list truncated, odd captures): placed by frame
  messages.forEach((m, i) => {
    if (used[i]) return;
    if (isAppData(i)) {
      const frame = lastFrameOf(m);
      items.push({ key: `m${i}`, kind: 'app-data', dir: m.dir, time: m.time, lastTime: m.time, frame, lastFrame: frame, sub: Number.MAX_SAFE_INTEGER - 2, step: 6, messageIndex: i, segments: m.frames.length, bytes: m.length });
    } else items.push(messageItem(i, Number.MAX_SAFE_INTEGER - 2));
  });
  for (const ai of orphans) {
    const a = alerts[ai];
    items.push({
      key: `a${ai}`,
      kind: 'tls',
      dir: a.dir,
      time: a.time,
      lastTime: a.time,
      frame: a.frame,
      lastFrame: a.frame,
      sub: Number.MAX_SAFE_INTEGER - 1,
      step: a.description === 0 ? 7 : null,
      alertIndex: ai,
      segment: segmentKey(a.dir, a.frame),
      ...(a.level === ALERT_PROBLEM_LEVEL ? { problem: true } : {}),
    });
  }
  return items.sort((a, b) => a.frame - b.frame || a.sub - b.sub);
}
