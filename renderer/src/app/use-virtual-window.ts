/**
 * Which rows of a fixed-row-height list are on screen. Only those are drawn:
 * a list of 100,000 connections costs as much as one of 30.
 */
import { useEffect, useState, type RefObject } from 'react';

export interface VirtualWindow {
  first: number;
  /** rows that fit, plus one partly visible */
  count: number;
  height: number;
}

export function useVirtualWindow(container: RefObject<HTMLElement | null>, rowHeight: number): VirtualWindow {
  const [win, setWin] = useState<VirtualWindow>({ first: 0, count: 20, height: 0 });
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const first = Math.floor(el.scrollTop / rowHeight);
      const count = Math.ceil(el.clientHeight / rowHeight) + 1;
      setWin((w) => (w.first === first && w.count === count && w.height === el.clientHeight ? w : { first, count, height: el.clientHeight }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', schedule, { passive: true });
    const observer = new ResizeObserver(schedule);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', schedule);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [container, rowHeight]);
  return win;
}

/** Scroll so row `index` is fully visible. */
export function scrollRowIntoView(el: HTMLElement, index: number, rowHeight: number, headerHeight = 0): void {
  const top = index * rowHeight;
  const visible = el.clientHeight - headerHeight;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + rowHeight > el.scrollTop + visible) el.scrollTop = top + rowHeight - visible;
}
