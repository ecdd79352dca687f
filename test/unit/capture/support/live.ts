/**
 * Whether live-capture tests can run here: root (CI runs as root), Linux,
 * and the helper able to open `lo`. When not, the reason is printed and the
 * tests are skipped with it.
 */
import { runHelperOnce } from '../../../../main/capture/client/helper-launch';
import { CaptureError } from '../../../../main/capture/protocol/capture-error';
import { buildHelper } from './helper-build';

export interface LiveEnvironment {
  helperPath: string;
  /** null: live tests can run */
  skipReason: string | null;
}

export async function liveEnvironment(): Promise<LiveEnvironment> {
  const helperPath = await buildHelper();
  let skipReason: string | null = null;
  if (process.platform !== 'linux') skipReason = `live capture tests run on Linux (this is ${process.platform})`;
  else if (process.getuid?.() !== 0) skipReason = 'live capture tests need root (CI runs as root)';
  else {
    try {
      await runHelperOnce({ op: 'check-filter', interface: 'lo', filter: 'tcp' }, { helperPath });
    } catch (err) {
      skipReason = `cap cannot open lo: ${err instanceof CaptureError ? err.message : (err as Error).message}`;
    }
  }
  if (skipReason) process.stderr.write(`[live capture tests skipped] ${skipReason}\n`);
  return { helperPath, skipReason };
}
