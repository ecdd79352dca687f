/**
 * Something measured from a scroll container (its scroll position, size), re-measured at most
 * once per animation frame on scroll and resize. The state changes only when a measured field
 * does, so a list re-renders when the rows in view change, not on every scrolled pixel.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

export function useScrollMeasure<T extends Record<string, number>>(container: RefObject<HTMLElement | null>, read: (el: HTMLElement) => T, initial: T, key: unknown = null): T {
  const [value, setValue] = useState<T>(initial);
  const reader = useRef(read);
  reader.current = read;
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const next = reader.current(el);
      setValue((old) => (Object.keys(next).every((k) => old[k] === next[k]) ? old : next));
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
  }, [container, key]);
  return value;
}
