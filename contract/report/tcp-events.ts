/** Which way a segment or record went: client to server, or server to client. */
export type Direction = 'c2s' | 's2c';

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
