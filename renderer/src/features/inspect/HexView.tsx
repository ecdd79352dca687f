/**
 * A frame's bytes as a hex dump, byte by byte, so a field can light up: the
 * message's own bytes are tinted, the field under the cursor (or chosen in
 * the field list) is highlighted; pointing at a byte reports its offset.
 */
import { memo } from 'react';

export interface ByteRange {
  start: number;
  end: number;
}

/** Frames beyond this are shown up to it (jumbo or coalesced frames): the message part is what matters. */
export const MAX_HEX_BYTES = 8192;

interface Props {
  bytes: Uint8Array;
  /** the message's bytes in this frame */
  message: readonly ByteRange[];
  /** the field being pointed at */
  highlight: readonly ByteRange[];
  onHover(offset: number | null): void;
}

const inAny = (ranges: readonly ByteRange[], i: number) => ranges.some((r) => i >= r.start && i < r.end);

export const HexView = memo(function HexView({ bytes, message, highlight, onHover }: Props) {
  const shown = bytes.subarray(0, MAX_HEX_BYTES);
  const lines = [];
  for (let at = 0; at < shown.length; at += 16) {
    const hex = [];
    const ascii = [];
    for (let i = at; i < Math.min(at + 16, shown.length); i++) {
      const b = shown[i];
      const cls = `${inAny(message, i) ? 'in-message' : ''}${inAny(highlight, i) ? ' hl' : ''}`;
      hex.push(
        <span key={i} className={`byte ${cls}`} data-offset={i} onMouseEnter={() => onHover(i)}>
          {b.toString(16).padStart(2, '0')}
        </span>,
      );
      if (i - at === 7) hex.push(<span key={`s${i}`} className="byte-gap" />);
      ascii.push(
        <span key={i} className={`char ${cls}`} data-offset={i} onMouseEnter={() => onHover(i)}>
          {b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'}
        </span>,
      );
    }
    lines.push(
      <div key={at} className="hex-line">
        <span className="hex-offset">{at.toString(16).padStart(4, '0')}</span>
        <span className="hex-bytes">{hex}</span>
        <span className="hex-ascii">{ascii}</span>
      </div>,
    );
  }
  return (
    <div className="hex-view" data-testid="hex-view" data-length={bytes.length} onMouseLeave={() => onHover(null)}>
      {lines}
      {bytes.length > MAX_HEX_BYTES && <div className="hex-line muted">… {bytes.length - MAX_HEX_BYTES} B</div>}
    </div>
  );
});
