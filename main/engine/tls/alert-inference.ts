/**
 * Without keys an encrypted alert's description is unreadable, but a connection that ends
 * with one small encrypted alert just before FIN is closing politely: that alert is almost
 * always close_notify. Same for TLS 1.3, whose alerts travel as application data: a final
 * 19-byte record (2 alert bytes + 1 inner type + 16-byte AEAD tag) is a close_notify.
 */

import type { Direction } from '../tcp/stream-sink';
import type { LastRecord } from './direction-state';
import { ALERT_CLOSE_NOTIFY, alertDescriptionName, alertLevelName } from '../../../contract/names/alerts';
import type { AlertEntry } from '../../../contract/report/tls-summary';

/** Largest protected alert: SHA-384 CBC with explicit IV (16 + 48 MAC + padding to 80); GCM is 26, ChaCha 18. */
const MAX_PROTECTED_ALERT = 80;
const TLS13_ALERT_RECORD = 2 + 1 + 16;
/** TLS_AES_128_CCM_8_SHA256 has an 8-byte tag */
const TLS13_ALERT_RECORD_CCM8 = 2 + 1 + 8;

export interface InferenceContext {
  tls13: boolean;
  cipherSuite: number | null;
  handshakeComplete: boolean;
}

function closeNotify(base: Pick<AlertEntry, 'dir' | 'frame' | 'time'>): AlertEntry {
  return {
    ...base,
    level: 1,
    levelName: alertLevelName(1),
    description: ALERT_CLOSE_NOTIFY,
    descriptionName: alertDescriptionName(ALERT_CLOSE_NOTIFY),
    encrypted: true,
    inferred: true,
  };
}

export function inferCloseNotify(alerts: readonly AlertEntry[], last: Record<Direction, LastRecord | null>, ctx: InferenceContext): AlertEntry[] {
  const out = alerts.map((a) => ({ ...a }));
  for (const dir of ['c2s', 's2c'] as const) {
    const record = last[dir];
    if (!record) continue;
    if (record.encryptedAlert && record.alertIndex !== null && record.length <= MAX_PROTECTED_ALERT) {
      const a = out[record.alertIndex];
      out[record.alertIndex] = closeNotify(a);
      continue;
    }
    const alertSized = record.length === TLS13_ALERT_RECORD || (ctx.cipherSuite === 0x1305 && record.length === TLS13_ALERT_RECORD_CCM8);
    if (ctx.tls13 && ctx.handshakeComplete && record.contentType === 23 && alertSized) {
      out.push(closeNotify({ dir, frame: record.frame, time: record.time }));
    }
  }
  return out
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.time - y.a.time || x.i - y.i)
    .map((x) => x.a);
}
