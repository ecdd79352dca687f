/**
 * One analysis: an Analyzer wired with the protocol layers, its key sources and trusted CAs,
 * plus the readers of its reports. File reading and live capture both drive `analyzer` (a
 * CaptureSink); ended connections are frozen (frozen-tls.ts) or retired (retirement.ts).
 */
import { isPcapngFile } from '../files/capture-file-info';
import { readCaptureFile, type ReadCaptureOptions, type ReadCaptureResult } from '../files/read-capture-file';
import { readTrustedCaFiles } from '../files/trusted-ca-files';
import { Analyzer } from '../model/analyzer';
import { buildReportHead, connectionReport, connectionTableRow, type AnalysisReport, type ConnectionReport, type ConnectionTableRow, type ReportHead } from '../model/report';
import type { TcpConnection } from '../tcp/connection';
import { TlsConnectionAnalyzer } from '../tls/connection';
import { KeyStore } from '../tls/decrypt/key-store';
import type { TlsSummary } from '../../../contract/report/tls-summary';
import type { Anomaly, CaptureSink } from '../types';
import { FrozenTls } from './frozen-tls';
import { addDecryptionSecretsBlock, loadKeyLogFile, loadRsaKeyFile } from './key-sources';
import { Retirement } from './retirement';
import type { AnyConnectionReport, AnyTableRow, SessionOptions } from './session-options';
import { UdpAnalyzer } from '../udp/udp-analyzer';
import { udpConnectionReport, udpTableRow, type UdpConnectionReport, type UdpTableRow } from '../model/udp-report';

export class AnalysisSession {
  readonly analyzer: Analyzer;
  /** QUIC connections and DTLS associations (their reports follow the TCP ones) */
  readonly udp: UdpAnalyzer;
  /** secrets from the key log file and the capture's Decryption Secrets Blocks */
  readonly keys = new KeyStore();
  /** roots from the user's CA files (options.trustedCaPaths), DER */
  private trustedRoots: Uint8Array[] | undefined;
  private readonly frozen: FrozenTls;
  private readonly retirement: Retirement;
  /** what file readers drive: the analyzer, plus DSBs into the key store and capture time for late-key waits */
  private readonly sink: CaptureSink;

  constructor(readonly options: SessionOptions = {}) {
    this.frozen = new FrozenTls(options.tableOnly ?? false);
    this.udp = new UdpAnalyzer({ keys: this.keys, anomaly: (a) => this.analyzer.anomaly(a) });
    this.analyzer = new Analyzer({
      onUdp: (bytes, packet, f, end) => this.udp.handle(bytes, packet, f, end),
      onConnection: (c) => {
        this.retirement.connectionOpened(c);
        options.onConnection?.(c);
      },
      keepEvents: !options.tableOnly,
      onStreamsEnded: (c) => this.retirement.streamsEnded(c),
      afterFrame: (time) => {
        this.keys.tick(time);
        this.retirement.afterFrame(time);
      },
      createConsumer: () => {
        const tls: TlsConnectionAnalyzer = new TlsConnectionAnalyzer({
          onAnomaly: (a) => this.analyzer.anomaly(a),
          // no key source at all: connections are analysed exactly as without decryption
          decryption: this.keys.active ? { keys: this.keys } : undefined,
          extraTrustedRoots: this.trustedRoots,
          onHeldReleased: () => this.heldReleased(tls),
          tableFactsOnly: options.tableOnly,
        });
        return tls;
      },
    });
    this.retirement = new Retirement(this.analyzer, options, this.frozen, (c) => this.parkReport(c));
    const anomaly = (a: Anomaly): void => this.analyzer.anomaly(a);
    if (options.keylogPath) loadKeyLogFile(this.keys, options.keylogPath, anomaly);
    for (const path of options.rsaKeyPaths ?? []) loadRsaKeyFile(this.keys, path, anomaly);
    if (options.trustedCaPaths?.length) this.trustedRoots = readTrustedCaFiles(options.trustedCaPaths, anomaly);
    const analyzer = this.analyzer;
    const keys = this.keys;
    this.sink = {
      // late-bound: callers (the worker) may wrap analyzer.frame
      frame: (f) => analyzer.frame(f),
      skippedFrame: (n) => analyzer.skippedFrame(n),
      interface: (i) => analyzer.interface(i),
      secrets: (s) => {
        analyzer.secrets(s);
        addDecryptionSecretsBlock(keys, s, (a) => analyzer.anomaly(a));
      },
      anomaly: (a) => analyzer.anomaly(a),
    };
  }

  private heldReleased(tls: TlsConnectionAnalyzer): void {
    const connection = this.frozen.released(tls);
    if (connection) this.retirement.streamsEnded(connection);
  }

  /** What a retiring connection leaves in the spool: its report, or its table row (as text when the caller encodes rows). */
  private parkReport(connection: TcpConnection): { text: string; tls: boolean } {
    const report = this.options.tableOnly
      ? this.connectionTableRow(connection)
      : connectionReport(connection, (c) => {
          const summary = this.frozen.summary(c);
          // what the end of the file will say unless a DSB still brings keys (see tlsSummary)
          if (summary && this.keys.secretsAdded === 0) summary.decryption = null;
          return summary;
        });
    const tls = !!report.tls;
    const text = this.options.tableOnly && this.options.tableRowText ? this.options.tableRowText(report as ConnectionTableRow) : JSON.stringify(report);
    return { text, tls };
  }

  /** Whether TLS was seen on the connection (cheap: no summary is built). */
  hasTls(connection: TcpConnection): boolean {
    return this.frozen.hasTls(connection);
  }

  /** TLS summary of a connection, or null when it carries no TLS. */
  tlsSummary(connection: TcpConnection): TlsSummary | null {
    const summary = this.frozen.summary(connection);
    // summaries frozen while a pcapng might still have brought keys: it brought none
    if (summary && !this.keys.active) summary.decryption = null;
    return summary;
  }

  /** Report of one connection, as the CLI's JSON has it. */
  connectionReport(connection: TcpConnection): ConnectionReport {
    return connectionReport(connection, (c) => this.tlsSummary(c));
  }

  /**
   * Read a whole file through the analyzer (streamed). A pcapng may carry its keys in DSBs
   * anywhere in the file, so a connection may hold its encrypted records until they come
   * (bounded: decrypt/pending-records.ts); the end of the file releases what is still held.
   */
  async readFile(path: string, options: ReadCaptureOptions = {}): Promise<ReadCaptureResult> {
    if (await isPcapngFile(path)) this.keys.expectMore();
    try {
      const read = await readCaptureFile(path, this.sink, options);
      this.retirement.inputEnd();
      this.analyzer.finish();
      this.udp.finish();
      return read;
    } finally {
      this.keys.close();
    }
  }

  /** The report without its connections (see connectionReports). */
  reportHead(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): ReportHead {
    return buildReportHead(this.analyzer, file, read, (c) => this.hasTls(c), this.retirement.retiredTls);
  }

  /** Connection reports one at a time, so a writer never holds them all. */
  *connectionReports(): Generator<ConnectionReport> {
    this.assertFullReports();
    for (const item of this.retirement.connectionsInIdOrder()) yield typeof item === 'string' ? (JSON.parse(item) as ConnectionReport) : this.connectionReport(item);
  }

  /** The same, JSON-encoded (compact): retired connections come straight from the spool; the QUIC and DTLS ones follow. */
  *connectionReportJson(): Generator<string> {
    this.assertFullReports();
    for (const item of this.retirement.connectionsInIdOrder()) yield typeof item === 'string' ? item : JSON.stringify(this.connectionReport(item));
    for (const r of this.udpConnectionReports()) yield JSON.stringify(r);
  }

  /** Every connection's report: the TCP ones in id order, then the QUIC and DTLS ones (ids after the last TCP one). */
  *allConnectionReports(): Generator<AnyConnectionReport> {
    yield* this.connectionReports();
    yield* this.udpConnectionReports();
  }

  /** Reports of the QUIC connections and DTLS associations, numbered after every TCP connection. */
  *udpConnectionReports(): Generator<UdpConnectionReport> {
    this.numberUdpConnections();
    for (const c of this.udp.connections) yield udpConnectionReport(c);
  }

  private numberUdpConnections(): void {
    const first = this.analyzer.connectionCount;
    this.udp.connections.forEach((c, i) => (c.id = first + i));
  }

  private *udpTableRows(): Generator<UdpTableRow> {
    this.numberUdpConnections();
    for (const c of this.udp.connections) yield udpTableRow(c);
  }

  /**
   * Table rows one at a time (with options.tableOnly, the only way to read the connections).
   * A spooled item is a row or a whole report, which has every column of one. The rows can
   * be read more than once (a table measures its columns first); dispose() ends that.
   */
  *connectionTableRows(): Generator<AnyTableRow> {
    if (this.options.tableRowText) throw new Error('this analysis parked its table rows as text (tableRowTexts)');
    for (const item of this.retirement.connectionsInIdOrder(false)) yield typeof item === 'string' ? (JSON.parse(item) as ConnectionTableRow) : this.connectionTableRow(item);
    yield* this.udpTableRows();
  }

  /** The rows of the connections not retired yet (still in memory), in id order: what tableRowTexts() will encode last. */
  *liveTableRows(): Generator<AnyTableRow> {
    for (const c of this.analyzer.liveConnections()) yield this.connectionTableRow(c);
    yield* this.udpTableRows();
  }

  /**
   * With options.tableRowText: every row's text in id order, once (the spool is closed after):
   * retired rows as parked, the others encoded now by the same function.
   */
  *tableRowTexts(): Generator<string> {
    const encode = this.options.tableRowText;
    if (!encode) throw new Error('tableRowTexts needs options.tableRowText');
    for (const item of this.retirement.connectionsInIdOrder()) yield typeof item === 'string' ? item : encode(this.connectionTableRow(item));
    for (const row of this.udpTableRows()) yield encode(row);
  }

  private connectionTableRow(connection: TcpConnection): ConnectionTableRow {
    const facts = this.frozen.tableFacts(connection);
    return connectionTableRow(connection, facts && { versionName: facts.versionName, sni: facts.sni });
  }

  private assertFullReports(): void {
    // the spool holds table rows, not reports: a caller mixing the two would print half-empty reports
    if (this.options.tableOnly) throw new Error('this analysis kept table rows only (tableOnly)');
  }

  /** Removes the spool file of an analysis whose reports will not be read. */
  dispose(): void {
    this.retirement.dispose();
  }

  report(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): AnalysisReport {
    return { ...this.reportHead(file, read), connections: [...this.connectionReports()] };
  }
}
