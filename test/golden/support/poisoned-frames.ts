/**
 * A frame's bytes are only valid during Analyzer.frame (the reader reuses its window, a live
 * capture its packet buffer): every layer must copy what it keeps. These helpers analyse a
 * capture twice, once as usual and once with each frame's bytes overwritten the moment the
 * analyzer returns, read in small chunks so the window is reused often; a layer that kept a
 * view would report different bytes, names, records or certificates.
 */
import { Analyzer, analyzeCapture, type AnalyzeCaptureOptions } from '../../../main/engine/index';

const POISON = 0xee;

export async function reportsWithAndWithoutPoison(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ plain: string; poisoned: string; frames: number }> {
  const plain = await analyzeCapture(path, options);
  const frame = Analyzer.prototype.frame;
  let frames = 0;
  Analyzer.prototype.frame = function (this: Analyzer, f) {
    frame.call(this, f);
    f.data.fill(POISON);
    frames++;
  };
  try {
    const poisoned = await analyzeCapture(path, { ...options, chunkSize: 4096 });
    return { plain: JSON.stringify(plain.report), poisoned: JSON.stringify(poisoned.report), frames };
  } finally {
    Analyzer.prototype.frame = frame;
  }
}
