/**
 * Electron-side security: nothing navigates, no new windows or webviews, no
 * permission is granted, and no request leaves for the network. See
 * docs/security.md ("Electron") for each item.
 */
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, type Session } from 'electron';
import { isTrustedRendererUrl, type TrustedRenderer } from '../../app/security';

export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    // a single-page app: any navigation (a dropped file, a link in packet text) is refused
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function hardenSession(session: Session, trusted: TrustedRenderer): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // no remote content: only our own files (and the dev server while developing) load
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, trusted) });
  });
}

function isAllowedRequest(url: string, trusted: TrustedRenderer): boolean {
  if (url.startsWith('devtools://')) return true;
  if (isTrustedRendererUrl(url, trusted)) return true;
  const parsed = safeUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === 'file:') {
    // the page's own scripts and styles, next to index.html
    return parsed.pathname.startsWith(pathToFileURL(dirname(trusted.indexFile)).pathname + '/');
  }
  if (trusted.devServerUrl) {
    const dev = safeUrl(trusted.devServerUrl);
    return !!dev && (parsed.origin === dev.origin || (parsed.protocol === 'ws:' && parsed.host === dev.host));
  }
  return false;
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
