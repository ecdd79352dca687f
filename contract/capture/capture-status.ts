/** What a live capture reports about itself: why it stopped, what it dropped. */

export type StopReason = 'requested' | 'count' | 'signal' | 'input-closed' | 'failed';

export interface CaptureDrops {
  /** libpcap's kernel drop count (pcap_stats ps_drop); null when the binding cannot read it */
  kernel: number | null;
  kernelSource: 'pcap_stats' | 'unavailable: cap 0.2.1 has no pcap_stats binding';
  /** the interface's receive drops since the start (Linux rx_dropped; libpcap's ps_ifdrop); null when unknown */
  interface: number | null;
  /** frames the app could not take in time (the helper's bounded queue was full) */
  app: number;
}
