/**
 * The ladder's SVG export is a file other programs open: whatever a packet
 * puts into a label (names of unknown messages, alert names, addresses) must
 * come out as text, never as markup, and the document must stay well-formed.
 * Built through the same pipeline as the Save SVG button (items → layout →
 * shapes → svgDocument), then read back with a strict little XML reader.
 */
import { describe, expect, it } from 'vitest';
import { drawBackground, drawGroup, drawRow, ladderFrame, type Shape } from '../../../../../renderer/src/features/ladder/draw';
import { buildLadderItems } from '../../../../../renderer/src/features/ladder/ladder-items';
import { layoutLadder } from '../../../../../renderer/src/features/ladder/layout';
import { escapeXml, svgDocument } from '../../../../../renderer/src/features/ladder/svg-export';
import { ladderDrawText } from '../../../../../renderer/src/features/ladder/use-ladder-text';
import { translator } from '../../../../../contract/i18n/translate';
import { syntheticConnection } from '../../../../support/synthetic-connection';

const HOSTILE = `unknown_<script>alert("x")</script>&amp;'<!--]]>\u0001\u0008`;

/** Elements and their text, or an exception when the document is not well-formed XML (as far as an SVG needs). */
function readXml(doc: string): { elements: string[]; texts: string[] } {
  const body = doc.replace(/^<\?xml[^?]*\?>\n/, '');
  const stack: string[] = [];
  const elements: string[] = [];
  const texts: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    m = token.exec(body);
    if (!m) throw new Error(`not well-formed at ${at}: ${JSON.stringify(body.slice(at, at + 40))}`);
    at = token.lastIndex;
    const [, close, name, attributes, selfClose, text] = m;
    if (text !== undefined) {
      if (/&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/.test(text)) throw new Error(`raw & in text: ${text}`);
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new Error('control character in text');
      if (text.trim()) texts.push(text.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))));
      continue;
    }
    if (attributes && /&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)/.test(attributes)) throw new Error(`raw & in attribute: ${attributes}`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      elements.push(name);
      if (!selfClose) stack.push(name);
    }
  }
  if (stack.length) throw new Error(`unclosed ${stack.join(' ')}`);
  return { elements, texts };
}

function exportedSvg(title: string): string {
  const c = syntheticConnection({ exchanges: 1 });
  const unknown = c.tls!.messages.find((m) => m.name === 'server_hello_done')!;
  Object.assign(unknown, { kind: 'unknown', name: HOSTILE });
  const t = translator('en');
  const layout = layoutLadder(buildLadderItems(c));
  const text = ladderDrawText(layout, c, t, 'en');
  const frame = ladderFrame(980);
  const shapes: Shape[] = [...drawBackground(layout, frame, text)];
  layout.groups.forEach((_, i) => shapes.push(...drawGroup(layout, i, frame, text.groupText)));
  for (const row of layout.rows) shapes.push(...drawRow(row, layout, frame, text.row(row)));
  return svgDocument(shapes, 980, layout.height, title, () => '#123456');
}

describe('ladder SVG export with hostile text', () => {
  it('is well-formed, has only SVG drawing elements, and keeps the hostile label as text', () => {
    const svg = exportedSvg(`Connection 0: ${HOSTILE}`);
    const { elements, texts } = readXml(svg);
    for (const e of elements) expect(['svg', 'title', 'line', 'rect', 'text', 'path', 'circle', 'tspan'], e).toContain(e);
    expect(elements).not.toContain('script');
    expect(svg).not.toMatch(/<script|<!--/);
    // the label reads back as the packet's text, minus what XML cannot hold
    const shown = HOSTILE.replace(/[\u0001\u0008]/g, '');
    expect(texts).toContain(`Connection 0: ${shown}`);
    expect(texts.some((t) => t.includes('unknown_<script>'))).toBe(true);
  });

  it('escapeXml leaves nothing markup can see', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
    expect(escapeXml('a\u0000b\u001fc\ufffe')).toBe('abc');
  });
});
