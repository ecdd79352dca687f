/** A titled chart box with "Save PNG": the chart's own SVG, serialised with its literal colours, drawn onto a canvas. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import { saveData, svgToPng } from '../export/save';

interface Props {
  title: string;
  fileName: string;
  background: string;
  testId: string;
  /** legend, paging: above the chart */
  header?: ReactNode;
  /** drawn at the card's inner width (measured, so the chart never overflows its card) */
  children(width: number): ReactNode;
}

/** The chart's SVG as a standalone document, on an opaque background (transparent PNGs read badly in viewers). */
export function standaloneSvg(svg: SVGSVGElement, background: string): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const width = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const height = svg.height.baseVal.value || svg.getBoundingClientRect().height;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', getComputedStyle(svg).fontFamily || 'sans-serif');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', background);
  clone.insertBefore(rect, clone.firstChild);
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

export function ChartCard({ title, fileName, background, testId, header, children }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState('');
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const savePng = async () => {
    const svg = box.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    const doc = standaloneSvg(svg, background);
    try {
      const png = await svgToPng(doc.text, doc.width, doc.height);
      const outcome = await saveData(api, fileName, png, 'image/png');
      setStatus(outcome.ok ? t('views.export.saved', { name: outcome.name }) : outcome.cancelled ? '' : t('views.export.failed', { reason: outcome.reason }));
    } catch (err) {
      setStatus(t('views.export.failed', { reason: (err as Error).message }));
    }
  };
  return (
    <section className="chart-card" data-testid={testId}>
      <h3>
        <span>{title}</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => void savePng()} data-testid={`${testId}-png`}>
          {t('views.timing.exportPng')}
        </button>
      </h3>
      {status && (
        <p className="muted small chart-status" role="status">
          {status}
        </p>
      )}
      {header}
      <div ref={box} className="chart-body">
        {width > 0 && children(width)}
      </div>
    </section>
  );
}
