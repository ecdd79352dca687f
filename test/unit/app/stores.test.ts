import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECENT_FILES, RecentFiles } from '../../../main/app/services/recent-files';
import { Samples } from '../../../main/app/services/samples';
import { Settings } from '../../../main/app/services/settings';
import { safeFileName, Uploads } from '../../../main/app/services/uploads';

const temp = () => mkdtempSync(join(tmpdir(), 'tlslens-store-'));

describe('RecentFiles', () => {
  it('keeps the newest first, once each, at most ten, across restarts', () => {
    const dir = temp();
    const recent = new RecentFiles(dir);
    for (let i = 0; i < 12; i++) recent.add(`/captures/${i}.pcap`, i);
    recent.add('/captures/5.pcap', 5);
    const again = new RecentFiles(dir).list();
    expect(again).toHaveLength(MAX_RECENT_FILES);
    expect(again[0]).toMatchObject({ path: '/captures/5.pcap', name: '5.pcap', exists: false });
    expect(again.filter((r) => r.path === '/captures/5.pcap')).toHaveLength(1);
    expect(again.map((r) => r.path)).not.toContain('/captures/0.pcap');
  });

  it('survives a corrupt file and ignores entries that are not absolute paths', () => {
    const dir = temp();
    writeFileSync(join(dir, 'recent-files.json'), '{not json');
    expect(new RecentFiles(dir).list()).toEqual([]);
    writeFileSync(join(dir, 'recent-files.json'), JSON.stringify([{ path: 'relative.pcap' }, { path: 7 }, { path: '/ok.pcap', size: 3 }]));
    expect(new RecentFiles(dir).list().map((r) => r.path)).toEqual(['/ok.pcap']);
  });
});

describe('Settings', () => {
  it('remembers theme, language and window bounds in settings.json', () => {
    const dir = temp();
    const s = new Settings(dir, 'en');
    expect(s.get()).toEqual({ theme: 'system', language: 'en' });
    const seen: unknown[] = [];
    s.onChange((v) => seen.push(v));
    s.update({ language: 'zh-CN', theme: 'dark' });
    s.setWindowState({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(seen).toEqual([{ theme: 'dark', language: 'zh-CN' }]);
    const again = new Settings(dir, 'en');
    expect(again.get()).toEqual({ theme: 'dark', language: 'zh-CN' });
    expect(again.windowState()).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).language).toBe('zh-CN');
  });

  it('drops invalid values instead of trusting them', () => {
    const dir = temp();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon', language: 'fr', window: { width: 5, height: 5 } }));
    const s = new Settings(dir, 'zh-CN');
    expect(s.get()).toEqual({ theme: 'system', language: 'zh-CN' });
    expect(s.windowState()).toBeNull();
  });
});

describe('Samples', () => {
  it('lists captures with their optional descriptions and opens only listed names', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'b.pcapng'), 'x');
    writeFileSync(join(dir, 'a.pcap'), 'xyz');
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ title: { en: 'Handshake', 'zh-CN': '握手' }, description: 'TLS 1.3' }));
    writeFileSync(join(dir, 'notes.txt'), 'not a sample');
    const samples = new Samples(dir);
    expect(await samples.list()).toEqual([
      { name: 'a.pcap', size: 3, title: { en: 'Handshake', 'zh-CN': '握手' }, description: { en: 'TLS 1.3' } },
      { name: 'b.pcapng', size: 1, title: null, description: null },
    ]);
    expect(await samples.resolve('a.pcap')).toBe(join(dir, 'a.pcap'));
    await expect(samples.resolve('notes.txt')).rejects.toMatchObject({ code: 'unknown-sample' });
    await expect(samples.resolve('../a.pcap')).rejects.toMatchObject({ code: 'unknown-sample' });
  });

  it('is empty when the folder is missing', async () => {
    expect(await new Samples(join(temp(), 'none')).list()).toEqual([]);
  });
});

describe('Uploads', () => {
  it('writes chunks in order to a temp file and removes it afterwards', async () => {
    const uploads = new Uploads(temp());
    const { uploadId } = await uploads.begin('../../x y.pcap', 6);
    await uploads.chunk(uploadId, 0, new Uint8Array([1, 2, 3]));
    await expect(uploads.chunk(uploadId, 0, new Uint8Array([9]))).rejects.toMatchObject({ code: 'upload-failed' });
    await expect(uploads.finish(uploadId)).rejects.toMatchObject({ code: 'upload-failed' });
    await uploads.chunk(uploadId, 3, new Uint8Array([4, 5, 6]));
    await expect(uploads.chunk(uploadId, 6, new Uint8Array([7]))).rejects.toMatchObject({ code: 'upload-failed' });
    const done = await uploads.finish(uploadId);
    expect(done.name).toBe('../../x y.pcap');
    expect(done.path.endsWith('x y.pcap')).toBe(true);
    expect([...readFileSync(done.path)]).toEqual([1, 2, 3, 4, 5, 6]);
    done.remove();
    expect(existsSync(done.path)).toBe(false);
  });

  it('keeps file names safe', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\a\\b.pcap')).toBe('b.pcap');
    expect(safeFileName('..')).toBe('capture.pcap');
    expect(safeFileName('抓包 1.pcapng')).toBe('抓包 1.pcapng');
  });
});
