/**
 * The anomalies of one TLS connection, bounded: a broken stream repeats the same complaint
 * per record, so each kind is kept a few times only, and the list itself is capped (the
 * count keeps going).
 */

import type { Anomaly, FrameRef, Severity } from '../types';

const MAX_ANOMALIES = 200;
const MAX_ANOMALIES_PER_CODE = 20;

export class ConnectionAnomalies {
  readonly list: Anomaly[] = [];
  count = 0;
  /** made at the first anomaly: most connections have none, and a Map per connection adds up over 100,000 */
  private codes: Map<string, number> | null = null;
  /** the latest record's frame: anomalies found inside a record (or a message it completes) are placed there */
  latest: FrameRef | null = null;

  constructor(private readonly onAnomaly?: (a: Anomaly) => void) {}

  add(code: string, message: string, severity: Severity, at?: FrameRef): void {
    this.count++;
    const codes = (this.codes ??= new Map());
    const seen = (codes.get(code) ?? 0) + 1;
    codes.set(code, seen);
    if (seen > MAX_ANOMALIES_PER_CODE) return;
    const a: Anomaly = { code, message, severity };
    if (at) {
      a.frame = at.frame;
      a.fileOffset = at.fileOffset;
    }
    if (this.list.length < MAX_ANOMALIES) this.list.push(a);
    this.onAnomaly?.(a);
  }

  /** An anomaly of the latest record (or of a message it completed). */
  atLatest(code: string, message: string, severity: Severity): void {
    this.add(code, message, severity, this.latest ?? undefined);
  }
}
