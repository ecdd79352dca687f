/**
 * Saving what the page made (ladder SVG/PNG, chart PNG, exports): Electron
 * asks main for a save dialog (the window may not navigate or download by
 * itself); browser mode downloads from the page.
 */
import type { TlsLensApi } from '../../../../contract/api';

export type SaveOutcome = { ok: true; name: string } | { ok: false; cancelled: true } | { ok: false; cancelled: false; reason: string };

export async function saveData(api: TlsLensApi, name: string, data: string | Uint8Array, mimeType: string): Promise<SaveOutcome> {
  if (api.mode === 'electron') {
    const r = await api.saveFile({ suggestedName: name, data });
    if (!r.ok) return { ok: false, cancelled: false, reason: r.error.message };
    return r.value.saved && r.value.path ? { ok: true, name: r.value.path } : { ok: false, cancelled: true };
  }
  download(name, data, mimeType);
  return { ok: true, name };
}

/** Makes the browser download `url` (same origin or a blob) as `name`. */
export function downloadUrl(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A download of `data` as a file, from the page itself. */
export function download(name: string, data: string | Uint8Array, mimeType: string): void {
  const blob = new Blob([typeof data === 'string' ? data : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer)], { type: mimeType });
  const url = URL.createObjectURL(blob);
  downloadUrl(url, name);
  // the download has its own reference by now
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copy text; falls back to a hidden text area where the Clipboard API is not offered. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** An SVG document rendered to PNG bytes via an <img> and a canvas (data: URLs are allowed by the page's policy). */
export async function svgToPng(svg: string, width: number, height: number, maxPixels = 32_000): Promise<Uint8Array> {
  const scale = Math.max(0.2, Math.min(2, maxPixels / Math.max(width, height)));
  const image = new Image();
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.min(maxPixels, Math.ceil(width * scale));
  canvas.height = Math.min(maxPixels, Math.ceil(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the PNG could not be made');
  return new Uint8Array(await blob.arrayBuffer());
}
