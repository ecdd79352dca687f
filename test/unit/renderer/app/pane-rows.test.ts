import { describe, expect, it } from 'vitest';
import { paneRows } from '../../../../renderer/src/app/AnalysisScreen';

describe('the flow list takes the height of its rows (issue 22: one connection took half the screen)', () => {
  it('one row: the list is one row high, the splitter share only caps it', () => {
    expect(paneRows(1, 0.5)).toBe('minmax(0, min(74px, 50.0%)) auto minmax(0, 1fr)');
  });
  it('no rows yet still leaves room for one', () => {
    expect(paneRows(0, 0.3)).toBe(paneRows(1, 0.3));
  });
  it('many rows: the share decides', () => {
    expect(paneRows(500, 0.35)).toBe('minmax(0, min(13048px, 35.0%)) auto minmax(0, 1fr)');
  });
});
