/**
 * ISO 8601 (UTC) text of a capture time in seconds since the epoch; null for a time Date
 * cannot hold (a damaged capture's timestamp can lie past the year 275760, where
 * toISOString throws).
 */
export function isoTimeOrNull(epochSeconds: number): string | null {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
