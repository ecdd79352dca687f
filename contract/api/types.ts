/**
 * What the operations take and give (operations.ts lists the operations):
 * captures and analysis, live capture, connections, samples, settings.
 */
import type { Anomaly, CaptureFormat } from '../report/anomaly';
import type { ConnectionReport } from '../report/connection-report';
import type { TlsSummary } from '../report/tls-summary';
import type { CaptureErrorInfo } from '../capture/capture-errors';
import type { CaptureInterface } from '../capture/interfaces';
import type { CaptureDrops, StopReason } from '../capture/capture-status';
import type { ApiErrorInfo } from './results';

export type { TlsSummary, Anomaly };
/** the parts of a TLS summary the detail views read */
export type {
  AlertEntry,
  CertificateEntry,
  ClientHelloInfo,
  ExtensionEntry,
  FileSpan,
  ServerHelloInfo,
  TlsMessage,
  TlsTimings,
} from '../report/tls-summary';
export type { Direction } from '../report/tcp-events';
export type { CaptureErrorInfo, CaptureInterface, CaptureDrops, StopReason };

// ---------------------------------------------------------------- captures and analysis

/** 'live': a capture running (or run) on a network interface; `path` is its pcapng, written as frames arrive */
export type CaptureSource = 'file' | 'sample' | 'upload' | 'live';

export interface CaptureFileInfo {
  name: string;
  /** null for uploads (the page only knows the name) */
  path: string | null;
  size: number;
  source: CaptureSource;
}

export interface OpenedCapture {
  analysisId: string;
  file: CaptureFileInfo;
}

export interface AnalysisProgress {
  bytesRead: number;
  totalBytes: number;
  /** 0…100 */
  percent: number;
  frames: number;
  connections: number;
  tlsConnections: number;
  anomalies: number;
  /** grows whenever rows were added or changed: the renderer re-fetches its visible page */
  revision: number;
}

export interface AnalysisSummary extends AnalysisProgress {
  format: CaptureFormat | null;
  /** false: reading stopped early (damaged, truncated, cancelled) */
  complete: boolean;
  cancelled: boolean;
  /** error-severity anomalies (what stopped the reading: file and offset in the message) */
  errors: Anomaly[];
  anomalyCounts: Record<string, number>;
}

export type AnalysisEvent =
  | { type: 'started'; analysisId: string; file: CaptureFileInfo }
  | { type: 'progress'; analysisId: string; progress: AnalysisProgress }
  | { type: 'finished'; analysisId: string; summary: AnalysisSummary }
  | { type: 'failed'; analysisId: string; error: ApiErrorInfo }
  | { type: 'closed'; analysisId: string }
  /** live captures: the status about four times a second while running, and once when stopped */
  | { type: 'capture'; analysisId: string; capture: LiveCaptureStatus };

export type AnalysisState =
  | { status: 'idle' }
  | {
      status: 'reading' | 'finished' | 'failed';
      analysisId: string;
      file: CaptureFileInfo;
      progress: AnalysisProgress;
      summary: AnalysisSummary | null;
      error: ApiErrorInfo | null;
      /** live captures only */
      capture: LiveCaptureStatus | null;
    };

// ---------------------------------------------------------------- live capture

export interface StartCaptureRequest {
  interface: string;
  /** BPF capture filter (libpcap syntax); '' = everything */
  filter: string;
  /** bytes kept per frame (1…262144) */
  snapLength: number;
  promiscuous: boolean;
}

export type CaptureFilterCheck = { ok: true; linkType: number } | { ok: false; error: CaptureErrorInfo };

export interface LiveCaptureStatus {
  state: 'running' | 'stopped';
  interface: string;
  filter: string;
  linkType: number;
  snapLength: number;
  promiscuous: boolean;
  /** the pcapng on disk, written as frames arrive */
  path: string;
  frames: number;
  /** bytes on the wire */
  bytes: number;
  fileBytes: number;
  elapsedMs: number;
  /** over the last second while running; the average once stopped */
  framesPerSecond: number;
  bytesPerSecond: number;
  /** kernel: null when the binding cannot read it (shown as unknown, never as 0) */
  drops: CaptureDrops;
  stoppedBy: StopReason | null;
  /** the capture ended on a failure; the file holds what came before */
  error: CaptureErrorInfo | null;
  warnings: string[];
}

/**
 * Electron: a save dialog, then the pcapng is copied ('saved' / 'cancelled').
 * Browser mode: a same-origin URL the page downloads the file from ('download').
 */
export type SaveCaptureResult =
  | { kind: 'saved'; path: string; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'download'; url: string; fileName: string; bytes: number };

// ---------------------------------------------------------------- connections

export type ConnectionStatus = 'complete' | 'incomplete' | 'alert' | 'reset' | 'not-tls';

/** One line of the flow list. */
export interface ConnectionRow {
  id: number;
  client: string;
  server: string;
  sni: string | null;
  tlsVersion: string | null;
  cipher: string | null;
  handshakeMs: number | null;
  status: ConnectionStatus;
  bytes: number;
  frames: number;
  start: number;
  /** RSA, ECDHE, TLS1.3-ECDHE … */
  keyExchange: string | null;
  /** the ALPN protocol the server selected */
  alpn: string | null;
  /** certificate validation verdict (valid, expired, wrong-host …) */
  certVerdict: string | null;
  ja4: string | null;
  /** description of the first fatal alert (status 'alert') */
  alert: string | null;
  bytesC2s: number;
  bytesS2c: number;
  framesC2s: number;
  framesS2c: number;
  durationMs: number;
  /** SYN → handshake ACK (iRTT) */
  tcpRttMs: number | null;
  /** waterfall boundaries, ms after `start`: TCP connected, TLS handshake done (or failed), teardown began */
  connectMs: number | null;
  tlsDoneMs: number | null;
  teardownMs: number | null;
}

export const SORT_KEYS = [
  'id',
  'client',
  'server',
  'sni',
  'tlsVersion',
  'cipher',
  'handshakeMs',
  'status',
  'bytes',
  'keyExchange',
  'alpn',
  'certVerdict',
  'ja4',
  'bytesC2s',
  'bytesS2c',
  'framesC2s',
  'framesS2c',
  'frames',
  'start',
  'durationMs',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
/** the flow list's order */
export interface ConnectionSort {
  key: SortKey;
  direction: SortDirection;
}

/** Paging, sorting and filtering happen in the analysis worker; the renderer asks for the visible window. */
export interface ConnectionQuery {
  analysisId: string;
  offset: number;
  /** at most MAX_PAGE_SIZE */
  limit: number;
  sort: ConnectionSort;
  /** filter expression (contract/filter/flow-filter.ts): words anywhere, sni:, version:, status:, ip:, port: …, ANDed; '' = all */
  filter: string;
  /** also report where this connection sits in the filtered, sorted order */
  locateId?: number;
}

export interface ConnectionPage {
  analysisId: string;
  revision: number;
  offset: number;
  /** rows matching the filter */
  total: number;
  /** all connections so far */
  totalAll: number;
  rows: ConnectionRow[];
  /** index of `locateId` in the filtered, sorted order; null when absent or filtered out */
  locatedIndex: number | null;
}

export type ConnectionReportView = Omit<ConnectionReport, 'tls'> & { tls: TlsSummary | null };

export interface ConnectionDetails {
  analysisId: string;
  row: ConnectionRow;
  connection: ConnectionReportView;
}

/** Counts across the capture, for the summary charts (most frequent first). */
export interface CountEntry {
  key: string;
  count: number;
}

export interface HistogramBin {
  /** inclusive lower edge */
  from: number;
  /** exclusive upper edge; null for the open last bin */
  to: number | null;
  count: number;
}

export interface CaptureSummary {
  analysisId: string;
  revision: number;
  connections: number;
  tlsConnections: number;
  /** first and last connection activity (epoch seconds); null with no connections */
  firstTime: number | null;
  lastTime: number | null;
  versions: CountEntry[];
  cipherSuites: CountEntry[];
  keyExchanges: CountEntry[];
  statuses: CountEntry[];
  /** fatal alerts by description */
  failures: CountEntry[];
  certVerdicts: CountEntry[];
  handshakeMs: HistogramBin[];
  tcpRttMs: HistogramBin[];
}

export type ExportFormat = 'csv' | 'json';

export interface ExportRequest {
  analysisId: string;
  format: ExportFormat;
  /** the flow list's filter and order: what is exported is what is listed */
  filter: string;
  sort: ConnectionSort;
}

/**
 * Electron: a save dialog, then the service writes the file ('saved' / 'cancelled').
 * Browser mode: the content, for the page to download ('content').
 */
export type ExportResult =
  | { kind: 'saved'; path: string; count: number; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'content'; fileName: string; mimeType: string; content: string; count: number };

/** Electron only: a file the page made (ladder SVG/PNG, chart PNG), saved through a save dialog. */
export interface SaveFileRequest {
  suggestedName: string;
  /** text (SVG) or bytes (PNG) */
  data: string | Uint8Array;
}

export interface FrameBytes {
  analysisId: string;
  frame: number;
  fileOffset: number;
  /** captured length of the frame */
  length: number;
  /** the frame's bytes re-read from the capture file */
  base64: string;
}

// ---------------------------------------------------------------- samples, recent files, settings

export type LocalizedText = { en: string; 'zh-CN'?: string };

export interface SampleInfo {
  /** file name inside samples/ (the id used to open it) */
  name: string;
  size: number;
  title: LocalizedText | null;
  description: LocalizedText | null;
}

export interface RecentFile {
  path: string;
  name: string;
  size: number;
  /** epoch milliseconds */
  openedAt: number;
  exists: boolean;
}

export type ThemeSetting = 'system' | 'light' | 'dark';
export type Language = 'en' | 'zh-CN';
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

export interface UserSettings {
  theme: ThemeSetting;
  language: Language;
}

// ---------------------------------------------------------------- menu (Electron)

/** 'gallery': Help > Samples and Lessons… (the gallery page) */
export type MenuCommand = 'open' | 'close' | 'find' | 'next-connection' | 'previous-connection' | 'capture-start' | 'capture-stop' | 'gallery';

// ---------------------------------------------------------------- uploads (browser mode)

export interface UploadChunk {
  uploadId: string;
  offset: number;
  data: Uint8Array;
}

