/**
 * Where the tests find the project, its samples and the shared corpus: the one
 * place these paths are written (TLSLENS_CORPUS points at another corpus checkout).
 */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');
export const SAMPLES_DIR = join(ROOT, 'samples');
/** The shared corpus lives beside the project, never inside it. */
export const CORPUS_DIR = resolve(process.env.TLSLENS_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));
