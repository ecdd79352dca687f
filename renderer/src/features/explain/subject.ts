/** What the explanation box is asked about: a TCP event, a TLS message or alert, a stretch of data. */
import type { AlertEntry, ConnectionReportView, Direction, TlsMessage } from '../../../../contract/api';
import type { TcpEvent } from '../../../../contract/report/tcp-events';
import type { LadderItem } from '../ladder/ladder-items';
import type { LadderRun } from '../ladder/layout';
import { alertKind, handshakeKind, type ExplainKind } from './kinds';

export interface DataStretch {
  dir: Direction;
  segments: number;
  bytes: number;
  frame: number;
  lastFrame: number;
  time: number;
  lastTime: number;
  /** bytes estimated: the run also carried handshake messages */
  approximate?: boolean;
}

export type ExplainSubject =
  | { type: 'tcp'; event: TcpEvent }
  | { type: 'message'; message: TlsMessage; alert?: AlertEntry }
  /** an alert the engine found without a message of its own (inferred close_notify) */
  | { type: 'alert'; alert: AlertEntry }
  | { type: 'app-data'; data: DataStretch; message?: TlsMessage }
  | { type: 'plain-data'; data: DataStretch }
  | { type: 'run'; run: LadderRun };

export function explainKind(subject: ExplainSubject): ExplainKind {
  switch (subject.type) {
    case 'tcp':
      return `tcp.${subject.event.kind}`;
    case 'alert':
      return alertKindOf(subject.alert);
    case 'app-data':
      return 'application_data';
    case 'plain-data':
      return 'tcp_data.plain';
    case 'run':
      return 'application_data.run';
    case 'message': {
      const m = subject.message;
      if (subject.alert) return alertKindOf(subject.alert);
      switch (m.kind) {
        case 'handshake':
          return `hs.${m.type === 'encrypted' ? 'encrypted' : handshakeKind(m.name)}`;
        case 'change_cipher_spec':
          return 'change_cipher_spec';
        case 'alert':
          return m.type === 'encrypted' ? 'alert.encrypted' : `alert.${alertKind(m.name)}`;
        case 'application_data':
          return 'application_data';
        case 'heartbeat':
          return 'heartbeat';
        case 'sslv2':
          return 'sslv2';
        default:
          return 'record.unknown';
      }
    }
  }
}

function alertKindOf(alert: AlertEntry): ExplainKind {
  if (alert.inferred) return 'close_notify.inferred';
  if (alert.encrypted) return 'alert.encrypted';
  return `alert.${alertKind(alert.descriptionName)}`;
}

/** The subject a ladder item stands for. */
export function subjectOfItem(item: LadderItem, connection: ConnectionReportView): ExplainSubject | null {
  const tls = connection.tls;
  const message = item.messageIndex !== undefined ? tls?.messages[item.messageIndex] : undefined;
  const alert = item.alertIndex !== undefined ? tls?.alerts[item.alertIndex] : undefined;
  const data: DataStretch = {
    dir: item.dir,
    segments: item.segments ?? 1,
    bytes: item.bytes ?? 0,
    frame: item.frame,
    lastFrame: item.lastFrame,
    time: item.time,
    lastTime: item.lastTime,
    ...(item.approximate ? { approximate: true } : {}),
  };
  switch (item.kind) {
    case 'tcp':
    case 'gap': {
      const event = item.eventIndex !== undefined ? connection.events[item.eventIndex] : undefined;
      return event ? { type: 'tcp', event } : null;
    }
    case 'tcp-data':
      return { type: 'plain-data', data };
    case 'app-data':
      return { type: 'app-data', data, ...(message ? { message } : {}) };
    case 'tls':
      if (message) return { type: 'message', message, ...(alert ? { alert } : {}) };
      return alert ? { type: 'alert', alert } : null;
  }
}
