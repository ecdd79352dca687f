/** LINKTYPE_* values (tcpdump.org/linktypes) this engine decodes, with display names. */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  RAW_OPENBSD: 12,
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const NAMES: Record<number, string> = {
  0: 'null',
  1: 'ether',
  9: 'ppp',
  12: 'rawip',
  14: 'rawip',
  101: 'rawip',
  108: 'loop',
  113: 'linux-sll',
  228: 'rawip4',
  229: 'rawip6',
  276: 'linux-sll2',
};

export function linkTypeName(linkType: number): string {
  return NAMES[linkType] ?? `linktype-${linkType}`;
}
