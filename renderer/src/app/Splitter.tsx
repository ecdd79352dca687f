/** The bar between the flow list and the details: drag it, or use the arrow keys on it. */
import { useRef } from 'react';
import { useI18n } from '../i18n/i18n-context';

const MIN = 0.15;
const MAX = 0.85;

export function Splitter({ value, onChange }: { value: number; onChange(v: number): void }) {
  const bar = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const clamp = (v: number) => Math.min(MAX, Math.max(MIN, v));
  return (
    <div
      ref={bar}
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('panes.resize')}
      title={t('panes.resize')}
      aria-valuenow={Math.round(value * 100)}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowUp') onChange(clamp(value - 0.05));
        else if (e.key === 'ArrowDown') onChange(clamp(value + 0.05));
        else return;
        e.preventDefault();
      }}
      onPointerDown={(e) => {
        const panes = bar.current?.parentElement;
        if (!panes) return;
        const box = panes.getBoundingClientRect();
        const target = e.currentTarget;
        target.setPointerCapture(e.pointerId);
        const move = (ev: PointerEvent) => onChange(clamp((ev.clientY - box.top) / box.height));
        const up = () => {
          target.removeEventListener('pointermove', move);
          target.removeEventListener('pointerup', up);
        };
        target.addEventListener('pointermove', move);
        target.addEventListener('pointerup', up);
      }}
    />
  );
}
