/** The capture named on the desktop app's command line (`tlslens capture.pcapng`, a file manager's "Open with"). */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `args` is process.argv after the executable. Electron's own arguments are
 * skipped: switches (start with '-', also added by debuggers and test
 * drivers), and the app itself (a folder, or a .js entry). A path that does
 * not exist is returned all the same: the window shows why it cannot open.
 */
export function captureFromArgs(args: readonly string[], workingDirectory: string): string | null {
  for (const arg of args) {
    if (arg === '' || arg.startsWith('-')) continue;
    const path = resolve(workingDirectory, arg);
    if (/\.(c|m)?js$/i.test(path)) continue;
    try {
      if (statSync(path).isDirectory()) continue;
    } catch {
      // missing: still the user's file
    }
    return path;
  }
  return null;
}
