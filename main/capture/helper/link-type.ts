/**
 * cap's open() returns a name for five link types and "Unknown linktype N"
 * (N = libpcap's DLT_ value) for the rest. Files carry LINKTYPE_ values, which
 * equal the DLT_ value except for a few historical ones (pcap-common.c).
 */
import { LINKTYPE, linkTypeName } from '../../engine/link/link-types';

const BY_CAP_NAME: Record<string, number> = {
  NULL: LINKTYPE.NULL,
  ETHERNET: LINKTYPE.ETHERNET,
  IEEE802_11_RADIO: 127,
  LINKTYPE_LINUX_SLL: LINKTYPE.LINUX_SLL,
  // DLT_RAW is 12 (14 on OpenBSD); in files it is always LINKTYPE_RAW
  RAW: LINKTYPE.RAW,
};

/** DLT_ values whose LINKTYPE_ differs (libpcap's dlt_to_linktype). */
const DLT_TO_LINKTYPE: Record<number, number> = {
  11: 100, // ATM_RFC1483
  12: 101, // RAW
  14: 101, // RAW (OpenBSD)
  15: 102, // SLIP_BSDOS
  16: 103, // PPP_BSDOS
  19: 106, // ATM_CLIP
};

/** LINKTYPE_ number for what cap's open() returned; null when it cannot be told. */
export function linkTypeFromCap(capName: string): number | null {
  if (capName in BY_CAP_NAME) return BY_CAP_NAME[capName];
  const m = /^Unknown linktype (\d+)$/.exec(capName);
  if (!m) return null;
  const dlt = Number(m[1]);
  return DLT_TO_LINKTYPE[dlt] ?? dlt;
}

export { linkTypeName };
