/**
 * Browser mode: which paths the page may open by name (openCapture). The page
 * is reachable by anything that got the token, and a path is all it sends, so
 * only what the user already put in reach opens: the samples, the captures
 * folder, and files in the recent list (which only the user's own opens add).
 * Files the user picks in the page arrive as uploads and need no path. Every
 * refusal is the same error, so it cannot be used to learn whether a path
 * exists, is a folder, or is a capture (issue 21 item 3).
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { ApiError } from './services/api-error';
import type { Services } from './services/index';

export const NOT_OPENABLE_MESSAGE = 'Only the samples, the captures folder and recent files open by path here; choose other files with Open or drop them on the page';

async function real(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

function inside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Resolves to the real path to open, or throws the one refusal. */
export async function openableFromPage(services: Services, path: string): Promise<string> {
  const file = await real(path);
  if (file) {
    for (const folder of [services.samples.folder, services.captureDir]) {
      const root = await real(folder);
      if (root && inside(root, file)) return file;
    }
    for (const recent of services.recent.list()) {
      if ((await real(recent.path)) === file) return file;
    }
  }
  throw new ApiError('forbidden', NOT_OPENABLE_MESSAGE);
}
