/** What the app asks the capture helper (one JSON argument) and what it answers (message records). Types only. */
import type { CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import type { CaptureInterface } from '../../../contract/capture/interfaces';

/** What a capture is asked to do, the same at every layer (service, live capture, helper). */
export interface CaptureSettings {
  interface: string;
  /** BPF capture filter (libpcap syntax) */
  filter?: string;
  /** bytes kept per packet (1…65535: cap fixes libpcap's own snap length at 65535) */
  snapLength?: number;
  promiscuous?: boolean;
  /** libpcap's kernel buffer in bytes (default 32 MiB) */
  bufferSize?: number;
  /** stop by itself after this many packets */
  count?: number;
}

export type HelperRequest =
  | { op: 'list' }
  | { op: 'check-filter'; interface: string; filter: string }
  | (CaptureSettings & {
      op: 'capture';
      /** bytes the helper may hold for a slow app before it drops (and counts) packets */
      maxQueueBytes?: number;
      statsIntervalMs?: number;
    });

export interface HelperStats {
  /** packets libpcap handed to the helper */
  captured: number;
  capturedBytes: number;
  /** packets the helper dropped because the app did not read fast enough (queue full) */
  queueDropped: number;
  queuedBytes: number;
  /** pcap_stats(): null when the binding cannot read it (cap 0.2.1 has no stats()) */
  kernel: { received: number; dropped: number; interfaceDropped: number } | null;
  /** the interface's own receive drops since the start (Linux /sys/class/net/IF/statistics/rx_dropped; libpcap's ps_ifdrop) */
  interfaceDrops: number | null;
  /** epoch seconds */
  time: number;
}

export type HelperMessage =
  | {
      type: 'started';
      interface: string;
      /** LINKTYPE_* number as written to files */
      linkType: number;
      /** what cap called it */
      capLinkType: string;
      snapLength: number;
      filter: string;
      promiscuous: boolean;
      bufferSize: number;
      /** 'helper-clock': cap 0.2.1 does not pass libpcap's timestamps, the helper stamps each packet on arrival */
      timestampSource: 'helper-clock' | 'libpcap';
      warnings: string[];
      pid: number;
    }
  | { type: 'stats'; stats: HelperStats }
  | { type: 'error'; error: CaptureErrorInfo }
  | { type: 'stopped'; reason: 'requested' | 'count' | 'input-closed' | 'signal'; stats: HelperStats }
  | { type: 'interfaces'; interfaces: CaptureInterface[] }
  | { type: 'filter-ok'; interface: string; filter: string; linkType: number };
