import { describe, expect, it } from 'vitest';
import { translator } from '../../../../../contract/i18n/translate';
import { bitRateTick, siBits } from '../../../../../renderer/src/features/timing/bit-rate';

describe('throughput in bit/s with SI prefixes (issue 22: the axis read "1.M", "2.M" without a unit)', () => {
  it('multiplies bytes by eight and scales by powers of 1000, not 1024', () => {
    expect(siBits(125_000, 'en')).toEqual({ value: '1', prefix: 'M' });
    expect(siBits(1_500_000, 'en')).toEqual({ value: '12', prefix: 'M' });
    expect(siBits(128, 'en')).toEqual({ value: '1.02', prefix: 'k' });
    expect(siBits(100, 'en')).toEqual({ value: '800', prefix: '' });
    expect(siBits(250_000_000, 'en')).toEqual({ value: '2', prefix: 'G' });
  });
  it('gives ticks with a prefix and a whole unit in the tooltip, in both languages', () => {
    expect(bitRateTick(187_500, 'en')).toBe('1.5 M');
    expect(bitRateTick(0, 'en')).toBe('0');
    expect(translator('en')('views.timing.bitsPerSecond', siBits(187_500, 'en'))).toBe('1.5 Mbit/s');
    expect(translator('zh-CN')('views.timing.bitsPerSecond', siBits(187_500, 'zh-CN'))).toBe('1.5 M比特/秒');
    expect(translator('zh-CN')('views.timing.bitsAxis')).toContain('bit/s');
  });
});
