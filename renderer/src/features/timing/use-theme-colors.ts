/**
 * The theme's chart colours as literal values: recharts writes them into SVG
 * attributes (where var() is not dependable), and an exported PNG must carry
 * them. Re-read when the theme switches.
 */
import { useEffect, useState } from 'react';

export interface ChartColors {
  connect: string;
  tls: string;
  data: string;
  teardown: string;
  c2s: string;
  s2c: string;
  bar: string;
  grid: string;
  axis: string;
  fg: string;
  bg: string;
  selected: string;
}

const VARS: Record<keyof ChartColors, string> = {
  connect: '--chart-connect',
  tls: '--chart-tls',
  data: '--chart-data',
  teardown: '--chart-teardown',
  c2s: '--chart-c2s',
  s2c: '--chart-s2c',
  bar: '--chart-bar',
  grid: '--chart-grid',
  axis: '--chart-axis',
  fg: '--fg',
  bg: '--bg',
  selected: '--accent',
};

function read(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const out = {} as ChartColors;
  for (const [key, name] of Object.entries(VARS)) out[key as keyof ChartColors] = style.getPropertyValue(name).trim() || '#888';
  return out;
}

export function useThemeColors(): ChartColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setColors(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return colors;
}
