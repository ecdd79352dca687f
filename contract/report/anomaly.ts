/** What the engine reports about odd input, and the capture formats it reads: shared by the reports and the UI. */

export type Severity = 'info' | 'warning' | 'error';

/** Something odd about the input. Never fatal by itself; collected and counted. */
export interface Anomaly {
  /** stable machine-readable code, e.g. "pcap.truncated-record", "tcp.retransmission" */
  code: string;
  /** English, human-readable; the UI translates by `code` and shows this as detail */
  message: string;
  severity: Severity;
  frame?: number;
  /** absolute byte offset in the capture file, where it applies */
  fileOffset?: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';
