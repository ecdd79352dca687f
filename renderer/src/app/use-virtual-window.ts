/**
 * Which rows of a fixed-row-height list are on screen. Only those are drawn:
 * a list of 100,000 connections costs as much as one of 30.
 */
import type { RefObject } from 'react';
import { useScrollMeasure } from './use-scroll-measure';

export interface VirtualWindow {
  first: number;
  /** rows that fit, plus one partly visible */
  count: number;
  height: number;
}

export function useVirtualWindow(container: RefObject<HTMLElement | null>, rowHeight: number): VirtualWindow {
  return useScrollMeasure(
    container,
    (el) => ({ first: Math.floor(el.scrollTop / rowHeight), count: Math.ceil(el.clientHeight / rowHeight) + 1, height: el.clientHeight }),
    { first: 0, count: 20, height: 0 },
    rowHeight,
  );
}

/** Scroll so row `index` is fully visible. */
export function scrollRowIntoView(el: HTMLElement, index: number, rowHeight: number, headerHeight = 0): void {
  const top = index * rowHeight;
  const visible = el.clientHeight - headerHeight;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + rowHeight > el.scrollTop + visible) el.scrollTop = top + rowHeight - visible;
}
