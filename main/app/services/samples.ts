/**
 * The project's sample captures: samples/*.pcap|*.pcapng, each with an
 * optional same-name .json ({ "title": …, "description": … }, either a
 * string or { "en": …, "zh-CN": … }; docs/schema.md "Sample files" has the whole format).
 * Opened by file name only, which must be one of the listed names: the page
 * never passes a path here. A sample opens with its companions: its key log
 * (the JSON's "keylog", else NAME.keys) and the CA its JSON names ("trustedCa").
 */
import { existsSync, promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import type { LocalizedText, SampleInfo } from '../../../contract/api';
import { ApiError } from './api-error';
import { readJsonFile } from './json-file';

const CAPTURE = /\.(pcap|pcapng)$/i;

export class Samples {
  constructor(private readonly dir: string) {}

  /** the samples folder (browser mode lets the page open files in it by path) */
  get folder(): string {
    return this.dir;
  }

  async list(): Promise<SampleInfo[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch {
      return [];
    }
    const out: SampleInfo[] = [];
    for (const name of names.filter((n) => CAPTURE.test(n)).sort()) {
      const stat = await fsp.stat(join(this.dir, name)).catch(() => null);
      if (!stat?.isFile()) continue;
      const meta = readJsonFile(join(this.dir, name.replace(CAPTURE, '.json')), 64 * 1024) as Record<string, unknown> | null;
      out.push({ name, size: stat.size, title: localized(meta?.title), description: localized(meta?.description) });
    }
    return out;
  }

  /** The sample's path, for a name from list(); anything else is refused. */
  async resolve(name: string): Promise<string> {
    const known = await this.list();
    if (!known.some((s) => s.name === name)) throw new ApiError('unknown-sample', `no sample named "${name}"`);
    return join(this.dir, name);
  }

  /** The key log and CA files to open a listed sample with (only plain file names inside the samples folder). */
  async companions(name: string): Promise<{ keylogPath?: string; trustedCaPaths?: string[] }> {
    await this.resolve(name);
    const meta = readJsonFile(join(this.dir, name.replace(CAPTURE, '.json')), 64 * 1024) as Record<string, unknown> | null;
    const inside = (file: unknown): string | null => {
      if (typeof file !== 'string' || !file || basename(file) !== file || file.startsWith('.')) return null;
      const path = join(this.dir, file);
      return existsSync(path) ? path : null;
    };
    const out: { keylogPath?: string; trustedCaPaths?: string[] } = {};
    const keylog = inside(meta?.keylog) ?? inside(name.replace(CAPTURE, '.keys'));
    if (keylog) out.keylogPath = keylog;
    const cas = (Array.isArray(meta?.trustedCa) ? meta.trustedCa : [meta?.trustedCa]).map(inside).filter((p): p is string => p !== null);
    if (cas.length) out.trustedCaPaths = cas;
    return out;
  }
}

function localized(value: unknown): LocalizedText | null {
  if (typeof value === 'string' && value.trim()) return { en: value };
  if (typeof value === 'object' && value !== null) {
    const { en, 'zh-CN': zh } = value as Record<string, unknown>;
    if (typeof en === 'string' && en.trim()) return typeof zh === 'string' && zh.trim() ? { en, 'zh-CN': zh } : { en };
  }
  return null;
}
