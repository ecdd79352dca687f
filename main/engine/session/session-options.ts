/** What one analysis is asked to do, and the CLI's defaults for bounded memory. */
import type { AnalyzerOptions } from '../model/analyzer';
import type { ConnectionReport, ConnectionTableRow } from '../model/report';
import type { UdpConnectionReport, UdpTableRow } from '../model/udp-report';

export interface SessionOptions {
  /** NSS key log file (SSLKEYLOGFILE format): read once, before analysis, to decrypt TLS */
  keylogPath?: string;
  /** server RSA private keys (PEM, PKCS#1 or PKCS#8): RSA key exchange pre-master secrets are decrypted with them */
  rsaKeyPaths?: string[];
  /** CA files (PEM or DER) to trust besides Node's bundled roots: read once, before analysis */
  trustedCaPaths?: string[];
  onConnection?: AnalyzerOptions['onConnection'];
  /**
   * Bounded memory for one-pass readers (the CLI): a connection whose streams ended is
   * reported this many seconds of capture time after its last packet, parked in a spool file
   * and forgotten. connectionReports() still gives every connection, in id order.
   */
  retireAfterSeconds?: number;
  /**
   * With retireAfterSeconds: a connection that has not ended but sent nothing for this many
   * seconds of capture time is ended as the end of the input would end it, reported and
   * forgotten (Zeek's inactivity timeout); later frames of it are counted as tcp.after-report.
   * Undefined or 0: connections that never close stay in memory to the end.
   */
  idleTimeoutSeconds?: number;
  /**
   * Only the table is wanted (the CLI's --format text): retired connections are kept as table
   * rows, read with connectionTableRows(); no TLS summary (certificate validation) is built.
   */
  tableOnly?: boolean;
  /**
   * With tableOnly: the text a retired connection's row is parked as, instead of its JSON
   * (the CLI formats and measures its cells once, as the connection retires); read them back
   * with tableRowTexts(). connectionTableRows() then has no rows to give.
   */
  tableRowText?: (row: AnyTableRow) => string;
}

/** Capture seconds after a connection's last packet before the CLI reports and forgets it. */
export const DEFAULT_RETIRE_AFTER_SECONDS = 60;
/**
 * Capture seconds of silence after which the CLI ends and reports a connection that never
 * closed: longer than Zeek's 5-minute TCP inactivity timeout and than the idle timeouts of
 * browsers and servers, so a connection still in use is hardly ever cut.
 */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 600;

/** A TCP connection's report or a QUIC/DTLS one (`transport` tells them apart). */
export type AnyConnectionReport = ConnectionReport | UdpConnectionReport;
export type AnyTableRow = ConnectionTableRow | UdpTableRow;
