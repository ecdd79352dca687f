/** A scroll container's top, height and width, updated at most once per frame (the ladder draws only what is in view). */
import { useEffect, useState, type RefObject } from 'react';

export interface ScrollWindow {
  top: number;
  height: number;
  width: number;
}

export function useScrollWindow(container: RefObject<HTMLElement | null>): ScrollWindow {
  const [win, setWin] = useState<ScrollWindow>({ top: 0, height: 600, width: 800 });
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setWin((w) => (w.top === el.scrollTop && w.height === el.clientHeight && w.width === el.clientWidth ? w : { top: el.scrollTop, height: el.clientHeight, width: el.clientWidth }));
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
  }, [container]);
  return win;
}
