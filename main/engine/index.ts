/**
 * The engine's door: what the CLI, the analysis worker, live capture and tests import.
 * Pure TypeScript on Node, no Electron; the Node file-system uses live in files/.
 */
export { AnalysisSession } from './session/analysis-session';
export { analyzeCapture, analyzeCaptureStreaming, type AnalyzeCaptureOptions } from './session/analyze-capture';
export { DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_RETIRE_AFTER_SECONDS, type AnyConnectionReport, type AnyTableRow, type SessionOptions } from './session/session-options';
export type { UdpConnectionReport, UdpTableRow } from './model/udp-report';
export { Analyzer } from './model/analyzer';
export type { AnalysisReport, ConnectionReport, ConnectionTableRow, ReportHead } from './model/report';
export type { TcpConnection } from './tcp/connection';
export type { TlsSummary } from '../../contract/report/tls-summary';
export { readBytesAt } from './files/read-capture-file';
