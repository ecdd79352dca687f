/** Drawing primitives as SVG elements; colours from the theme via LADDER_STYLES (style props, which the page's CSP allows). */
import type { CSSProperties } from 'react';
import { LADDER_STYLES, type Shape, type ShapeClass } from './draw';

const styleCache = new Map<ShapeClass, CSSProperties>();

function styleOf(c: ShapeClass): CSSProperties {
  let style = styleCache.get(c);
  if (!style) styleCache.set(c, (style = LADDER_STYLES[c] as CSSProperties));
  return style;
}

interface Props {
  shape: Shape;
  /** hit bands only: rows handle their clicks on their group */
  onClick?(): void;
  onDoubleClick?(): void;
}

export function ShapeView({ shape: s, onClick, onDoubleClick }: Props) {
  const style = styleOf(s.c);
  switch (s.t) {
    case 'line':
      return <line x1={s.x1} y1={s.y1} x2={s.x2} y2={s.y2} style={style} strokeDasharray={s.dash ? '5 3' : undefined} className={s.c === 'hit-line' ? 'hit-line' : undefined} />;
    case 'rect':
      return <rect x={s.x} y={s.y} width={s.w} height={s.h} rx={s.rx} style={style} className={s.c === 'hit' ? 'hit-band' : undefined} onClick={onClick} onDoubleClick={onDoubleClick} />;
    case 'text':
      return (
        <text x={s.x} y={s.y} textAnchor={s.anchor} style={style} transform={s.rotate ? `rotate(${s.rotate} ${s.x} ${s.y})` : undefined}>
          {s.text}
          {s.sub && <tspan style={styleOf(s.sub.c)}>{s.sub.text}</tspan>}
        </text>
      );
    case 'path':
      return <path d={s.d} style={style} />;
    case 'circle':
      return <circle cx={s.cx} cy={s.cy} r={s.r} style={style} />;
  }
}
