/**
 * Security rules that need no Electron: which page may call the API, and the
 * Content-Security-Policy. The Electron-side hardening (navigation, windows,
 * permissions) is in main/shells/electron/electron-hardening.ts.
 */
import { pathToFileURL } from 'node:url';

export interface TrustedRenderer {
  /** out/renderer/index.html */
  indexFile: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), when running `npm run dev` */
  devServerUrl?: string;
}

/** Is `url` our own renderer page (file:// index.html, or the dev server's origin)? */
export function isTrustedRendererUrl(url: unknown, trusted: TrustedRenderer): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return parsed.pathname === pathToFileURL(trusted.indexFile).pathname && parsed.host === '';
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    return parsed.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1');
  }
  return false;
}

/**
 * The renderer's policy; the same text is in renderer/index.html's meta tag
 * (for Electron's file:// page) and sent as a header by browser mode, which
 * names its own WebSocket origins and adds frame-ancestors (a meta tag cannot).
 */
export function contentSecurityPolicy(wsOrigins: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${wsOrigins.map((o) => ' ' + o).join('')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Browser mode's header: the meta policy plus what only a header can say. */
export function serveContentSecurityPolicy(wsOrigins: readonly string[]): string {
  return `${contentSecurityPolicy(wsOrigins)}; frame-ancestors 'none'`;
}

/** What renderer/index.html's meta tag must say (a unit test keeps the two in step). */
export const META_CONTENT_SECURITY_POLICY = contentSecurityPolicy(['ws://127.0.0.1:*', 'ws://localhost:*']);
