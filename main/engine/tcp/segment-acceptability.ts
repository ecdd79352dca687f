import type { HalfStream } from './half-stream';

/**
 * The receive window a segment's numbers are judged against (RFC 5961 §3.2: RCV.NXT =<
 * SEG.SEQ < RCV.NXT + RCV.WND). The capture does not always show the window (its scale is set
 * in SYNs that may not be captured), so any number within 1 MiB of what the sender has sent
 * counts: an old connection's numbers, or a blind guess, fall outside it all but once in 2,000.
 */
const WINDOW = 1 << 20;

/** a RST at stream offset `offset` of `sender`'s half would be accepted by the receiver */
export function resetInWindow(offset: number, sender: HalfStream): boolean {
  return offset >= sender.next - WINDOW && offset <= sender.highest + WINDOW;
}

/**
 * SYN-SENT (RFC 9293 §3.10.7.3): `ack` acknowledges nothing the client sent (SEG.ACK =< ISS
 * or SEG.ACK > SND.NXT), `clientHighest` being the furthest client stream offset seen.
 */
export function acknowledgesNothingSent(ack: number, clientIsn: number, clientHighest: number): boolean {
  const acked = (ack - clientIsn + 4294967296) % 4294967296;
  return acked === 0 || acked > clientHighest + 1 + WINDOW;
}
