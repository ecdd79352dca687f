import { describe, expect, it } from 'vitest';
import { reportsWithAndWithoutPoison } from '../golden/support/poisoned-frames';
import { CORPUS_AVAILABLE, CORPUS_SKIP_REASON, keylogFor, listCorpus } from './corpus';

/**
 * Corpus tier: every capture (with its key log where the corpus has one) gives the same report
 * when each frame's bytes are overwritten as soon as the analyzer returns: no layer keeps a
 * view of a frame (the file reader reuses its window).
 */
describe.skipIf(!CORPUS_AVAILABLE)('corpus: frame bytes are not kept past their frame', () => {
  for (const entry of listCorpus()) {
    it(entry.name, async () => {
      const { plain, poisoned, frames } = await reportsWithAndWithoutPoison(entry.capture, { keylogPath: keylogFor(entry.name) });
      expect(frames).toBe(entry.truth.file_info.packets);
      expect(poisoned).toBe(plain);
    });
  }
});

if (!CORPUS_AVAILABLE) {
  describe('corpus tier', () => {
    it.skip(CORPUS_SKIP_REASON, () => {});
  });
}
