import { describe, it } from 'vitest';
import { runTierPart, tierTitle, timeoutMs } from './run-tier';

describe('fuzz: mutated samples and corpus captures pass every check (analyse-input.ts)', () => {
  it(tierTitle(1), () => runTierPart(1), timeoutMs);
});
