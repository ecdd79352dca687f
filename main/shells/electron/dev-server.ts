/**
 * The only door for a page that is not out/renderer/index.html: electron-vite's
 * dev server during `npm run dev`. A built app (packaged or not) never reads
 * ELECTRON_RENDERER_URL and never offers DevTools: `!app.isPackaged` is also
 * true for `electron .` on a build, where anyone who sets the variable could
 * point our preload API at their own page.
 */

/**
 * true only in `electron-vite dev`: vite replaces import.meta.env.DEV with a
 * literal at build time, so a production build has the dev branches removed.
 */
export const DEV_BUILD: boolean = import.meta.env.DEV === true;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The dev server URL to load, or undefined: a dev build, and an http(s) URL on this machine only. */
export function devServerUrl(devBuild: boolean, fromEnv: string | undefined): string | undefined {
  if (!devBuild || !fromEnv) return undefined;
  let url: URL;
  try {
    url = new URL(fromEnv);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!LOCAL_HOSTS.has(url.hostname) || url.username || url.password) return undefined;
  return url.href;
}
