import type { Direction } from './stream-sink';

/** Kinds of per-connection events, in the order a textbook would name them. */
export type TcpEventKind =
  | 'syn'
  | 'syn-ack'
  | 'ack'
  | 'data'
  | 'fin'
  | 'fin-ack'
  | 'rst'
  | 'retransmission'
  | 'out-of-order'
  | 'keep-alive'
  | 'zero-window'
  | 'gap';

export interface TcpEvent {
  kind: TcpEventKind;
  frame: number;
  /** seconds since the epoch */
  time: number;
  dir: Direction;
  /** file offset of the frame, to re-read it */
  fileOffset: number;
  /** TCP flags as Wireshark writes them, e.g. "SYN, ACK" */
  flags: string;
  /** relative sequence number (stream offset) and payload length */
  seq: number;
  len: number;
  /** for collapsed runs of data segments: how many, how many bytes, and the last frame */
  segments?: number;
  bytes?: number;
  lastFrame?: number;
  lastTime?: number;
  /** for gaps: missing byte count */
  missing?: number;
}

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
