/** A scroll container's top, height and width, updated at most once per frame (the ladder draws only what is in view). */
import type { RefObject } from 'react';
import { useScrollMeasure } from '../../app/use-scroll-measure';

export interface ScrollWindow {
  top: number;
  height: number;
  width: number;
}

export function useScrollWindow(container: RefObject<HTMLElement | null>): ScrollWindow {
  return useScrollMeasure(container, (el) => ({ top: el.scrollTop, height: el.clientHeight, width: el.clientWidth }), { top: 0, height: 600, width: 800 });
}
