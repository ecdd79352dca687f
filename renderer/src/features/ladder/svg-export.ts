/**
 * Shapes → a standalone SVG document. Colours and fonts are written as
 * attributes with the theme's variables resolved (an exported file, or an
 * SVG drawn onto a canvas for PNG, cannot see the page's CSS). All text is
 * XML-escaped: labels come from packets.
 */
import { LADDER_STYLES, type Shape, type ShapeClass } from './draw';

const ATTRIBUTE: Record<string, string> = {
  fill: 'fill',
  stroke: 'stroke',
  strokeWidth: 'stroke-width',
  fontSize: 'font-size',
  fontWeight: 'font-weight',
  fontFamily: 'font-family',
  fontStyle: 'font-style',
  opacity: 'opacity',
  strokeOpacity: 'stroke-opacity',
  paintOrder: 'paint-order',
};

export function escapeXml(text: string): string {
  // also drop characters XML 1.0 forbids (packet data can hold anything)
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** CSS var(--x) → its value, from `resolve` (getComputedStyle in the page, a fixed palette in tests). */
export type ResolveVar = (name: string) => string;

export function styleAttributes(c: ShapeClass, resolve: ResolveVar): string {
  const style = LADDER_STYLES[c];
  let out = '';
  for (const [key, raw] of Object.entries(style)) {
    const attr = ATTRIBUTE[key];
    if (!attr) continue;
    const value = typeof raw === 'string' ? raw.replace(/var\((--[\w-]+)\)/g, (_, name: string) => resolve(name).trim()) : String(raw);
    out += ` ${attr}="${escapeXml(value)}"`;
  }
  return out;
}

const n = (v: number) => String(Math.round(v * 10) / 10);

export function shapeToSvg(s: Shape, resolve: ResolveVar): string {
  const style = styleAttributes(s.c, resolve);
  switch (s.t) {
    case 'line':
      return `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}"${style}${s.dash ? ' stroke-dasharray="5 3"' : ''}/>`;
    case 'rect':
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}"${s.rx ? ` rx="${s.rx}"` : ''}${style}/>`;
    case 'text':
      return `<text x="${n(s.x)}" y="${n(s.y)}"${s.anchor && s.anchor !== 'start' ? ` text-anchor="${s.anchor}"` : ''}${s.rotate ? ` transform="rotate(${s.rotate} ${n(s.x)} ${n(s.y)})"` : ''}${style} xml:space="preserve">${escapeXml(s.text)}${s.sub ? `<tspan${styleAttributes(s.sub.c, resolve)}>${escapeXml(s.sub.text)}</tspan>` : ''}</text>`;
    case 'path':
      return `<path d="${escapeXml(s.d)}"${style}/>`;
    case 'circle':
      return `<circle cx="${n(s.cx)}" cy="${n(s.cy)}" r="${n(s.r)}"${style}/>`;
  }
}

export function svgDocument(shapes: readonly Shape[], width: number, height: number, title: string, resolve: ResolveVar): string {
  const body = shapes.filter((s) => s.c !== 'hit' && s.c !== 'hit-line').map((s) => shapeToSvg(s, resolve));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="${escapeXml(resolve('--font-ui').trim() || 'sans-serif')}">`,
    `<title>${escapeXml(title)}</title>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** The page's theme variables, as the exported file needs them. */
export function pageVariables(): ResolveVar {
  const style = getComputedStyle(document.documentElement);
  return (name) => style.getPropertyValue(name) || 'currentColor';
}
