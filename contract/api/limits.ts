/** The sizes main accepts from a page (the operation table's argument checks use them). */

/** rows per listConnections page */
export const MAX_PAGE_SIZE = 500;

export const LIMITS = {
  path: 4096,
  name: 255,
  analysisId: 64,
  filter: 200,
  uploadId: 64,
  /** one upload chunk; the page sends 1 MiB */
  chunkBytes: 4 * 1024 * 1024,
  index: 2 ** 31 - 1,
  /** a ladder SVG/PNG or a chart PNG the page saves (Electron) */
  savedFileBytes: 64 * 1024 * 1024,
  /** an interface name (Windows' \\Device\\NPF_{GUID} is ~50) */
  interfaceName: 256,
  captureFilter: 2000,
  /** libpcap's largest snap length */
  snapLength: 262144,
} as const;
