import type { TcpEventKind, TcpEvent } from '../../../contract/report/tcp-events';

export type { TcpEventKind, TcpEvent };

const FLAG_NAMES: Array<[number, string]> = [
  [0x02, 'SYN'],
  [0x01, 'FIN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x20, 'URG'],
  [0x40, 'ECE'],
  [0x80, 'CWR'],
  [0x10, 'ACK'],
];

/** the text of every flag byte, made once: each frame asks for its own */
const FLAG_TEXTS: readonly string[] = Array.from({ length: 256 }, (_, flags) =>
  FLAG_NAMES.filter(([bit]) => flags & bit)
    .map(([, name]) => name)
    .join(', '),
);

export function flagsToString(flags: number): string {
  return FLAG_TEXTS[flags & 0xff];
}
