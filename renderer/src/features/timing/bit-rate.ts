/**
 * Rates as networks quote them: bits per second with SI prefixes
 * (k = 10³, M = 10⁶, G = 10⁹; never 1024), three significant digits at most.
 */
const PREFIXES: Array<[number, string]> = [
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** bytes/s → { number, prefix } in bit/s: 1 500 000 B/s → { value: "12", prefix: "M" } */
export function siBits(bytesPerSecond: number, language: string): { value: string; prefix: string } {
  const bits = Math.max(0, bytesPerSecond) * 8;
  const [scale, prefix] = PREFIXES.find(([s]) => bits >= s) ?? [1, ''];
  const value = new Intl.NumberFormat(language, { maximumSignificantDigits: 3 }).format(bits / scale);
  return { value, prefix };
}

/** an axis tick: the number and prefix only ("1.5 M"), the unit is on the axis title */
export function bitRateTick(bytesPerSecond: number, language: string): string {
  const { value, prefix } = siBits(bytesPerSecond, language);
  return prefix ? `${value} ${prefix}` : value;
}
