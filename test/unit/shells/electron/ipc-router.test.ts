import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisWorkerPath } from '../../../../main/app/app-paths';
import { createApiHandlers } from '../../../../main/app/api-handlers';
import { createIpcRouter } from '../../../../main/shells/electron/ipc-router';
import { isTrustedRendererUrl } from '../../../../main/app/security';
import { createServices, disposeServices } from '../../../../main/app/services/index';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-ipc-'));
const services = createServices({ userDataDir: join(dir, 'user'), samplesDir: join(dir, 'samples'), workerPath: analysisWorkerPath() });
const trusted = { indexFile: '/opt/tlslens/out/renderer/index.html' };
const route = createIpcRouter(createApiHandlers(services, { uploads: false }), (url) => isTrustedRendererUrl(url, trusted));
const ownFrame = { senderFrame: { url: 'file:///opt/tlslens/out/renderer/index.html' } };

afterAll(() => disposeServices(services));

describe('IPC router', () => {
  it('answers our own renderer page', async () => {
    const r = await route('getAnalysisState', ownFrame, []);
    expect(r).toEqual({ ok: true, value: { status: 'idle' } });
  });

  it.each([
    ['a remote page', 'https://evil.example/index.html'],
    ['another local file', 'file:///tmp/evil.html'],
    ['a file beside ours', 'file:///opt/tlslens/out/renderer/other.html'],
    ['a data: URL', 'data:text/html,<script>1</script>'],
    ['an empty URL (destroyed frame)', ''],
  ])('refuses a request from %s', async (_what, url) => {
    const r = await route('listRecentFiles', { senderFrame: { url } }, []);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
  });

  it('refuses a request whose frame is gone', async () => {
    const r = await route('listRecentFiles', { senderFrame: null }, []);
    expect(!r.ok && r.error.code).toBe('forbidden');
  });

  it('refuses extra arguments and invalid ones before any service runs', async () => {
    const extra = await route('openCapture', ownFrame, [{ path: '/tmp/a.pcap' }, 'more']);
    expect(!extra.ok && extra.error.code).toBe('invalid-argument');
    const wrong = await route('openCapture', ownFrame, [{ path: 7 }]);
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('path must be a string') });
  });

  it('gives a clear error for a path that is not a capture, naming the file', async () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is text\n');
    const r = await route('openCapture', ownFrame, [{ path: text }]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('not-a-capture');
      expect(r.error.message).toContain(text);
      // the file's bytes never come back in the error (issue 21 item 3)
      expect(r.error.message).not.toContain('68 65 6c 6c'); // "hell"
    }
    // and it becomes the visible state, so the window shows the error view
    const state = await route('getAnalysisState', ownFrame, []);
    expect(state.ok && state.value).toMatchObject({ status: 'failed', error: { code: 'not-a-capture' } });
  });

  it('gives a clear error for a missing file and for a folder', async () => {
    const missing = await route('openCapture', ownFrame, [{ path: join(dir, 'nope.pcap') }]);
    expect(!missing.ok && missing.error).toMatchObject({ code: 'not-found', message: expect.stringContaining('nope.pcap') });
    const folder = await route('openCapture', ownFrame, [{ path: dir }]);
    expect(!folder.ok && folder.error.code).toBe('not-a-file');
  });

  it('keeps uploads to browser mode', async () => {
    const r = await route('uploadBegin', ownFrame, [{ name: 'x.pcap', size: 10 }]);
    expect(!r.ok && r.error.code).toBe('unsupported');
  });
});
