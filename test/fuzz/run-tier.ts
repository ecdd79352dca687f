import { expect } from 'vitest';
import { runCampaign } from './campaign';

/**
 * The fuzz tier runs as two files, so vitest's two workers share it; each takes its own
 * seeds. `npm run fuzz -- --minutes N` (scripts/fuzz.mjs) runs both for N minutes instead,
 * from seeds of its own (TLSLENS_FUZZ_MINUTES, TLSLENS_FUZZ_SEED).
 */
export const minutes = Number(process.env.TLSLENS_FUZZ_MINUTES ?? 0);
const SEED_BASE = Number(process.env.TLSLENS_FUZZ_SEED ?? 1);
/** inputs per file in `npm test`: a few thousand in all, within a minute */
export const TIER_INPUTS = 1200;
/** in `npm test`, only the corpus captures this small: many inputs rather than big ones */
const TIER_MAX_SOURCE_BYTES = 64 * 1024;

export function tierTitle(part: number): string {
  return minutes > 0 ? `part ${part} runs for ${minutes} minutes` : `${TIER_INPUTS} inputs from seed ${firstSeedOf(part)} pass every check`;
}

function firstSeedOf(part: number): number {
  return SEED_BASE + (part - 1) * 1_000_000_000;
}

export async function runTierPart(part: number): Promise<void> {
  const firstSeed = firstSeedOf(part);
  const label = `fuzz part ${part}`;
  const result = await runCampaign(
    minutes > 0
      ? { seconds: minutes * 60, firstSeed, onProgress: (n, s, f) => console.log(`${label}: ${n} inputs in ${s.toFixed(0)} s (${(n / s).toFixed(1)} inputs/s), ${f} failures`) }
      : { inputs: TIER_INPUTS, firstSeed, maxSourceBytes: TIER_MAX_SOURCE_BYTES },
  );
  console.log(`${label}: ${result.inputs} inputs in ${result.seconds.toFixed(1)} s, ${(result.inputs / result.seconds).toFixed(1)} inputs/s, ${result.failures.length} failures`);
  for (const f of result.failures) console.log(`${label} failure: ${f.source} seed ${f.seed} (${f.steps.join('; ')}) -> ${f.savedAs} (${f.minimisedBytes} bytes)\n  ${f.violations.join('\n  ')}`);
  expect(result.failures.map((f) => `${f.source} seed ${f.seed}: ${f.violations[0]}`)).toEqual([]);
}

export const timeoutMs = minutes > 0 ? minutes * 60_000 + 600_000 : 240_000;
