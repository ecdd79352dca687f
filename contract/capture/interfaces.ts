/** A network interface one can capture on, as the helper describes it. */
import type { CaptureErrorInfo } from './capture-errors';

export interface CaptureInterfaceAddress {
  address: string;
  family: 'ipv4' | 'ipv6';
  netmask: string | null;
  broadcast: string | null;
}

export interface CaptureInterface {
  name: string;
  description: string | null;
  addresses: CaptureInterfaceAddress[];
  loopback: boolean;
  /** Linux's pseudo-device for every interface at once (Linux cooked link type) */
  any: boolean;
  /** LINKTYPE_ number it opens with; null when not opened */
  linkType: number | null;
  /** engine's display name (ether, linux-sll, rawip…) */
  linkTypeName: string | null;
  /**
   * ok: opened; permission-denied: listing works without rights, opening does not;
   * down / error: libpcap refused (error says why); not-probed: a non-network
   * pseudo-device (D-Bus, netfilter, Bluetooth, USB) that is listed but not opened.
   */
  status: 'ok' | 'permission-denied' | 'down' | 'error' | 'not-probed';
  error: CaptureErrorInfo | null;
}
