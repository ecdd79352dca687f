/**
 * Who may talk to browser mode: requests to 127.0.0.1/localhost on our port
 * (a DNS-rebinding page has another Host), carrying the per-launch token
 * (in the URL the server prints, then in a cookie the first answer sets), and
 * for the WebSocket, an Origin equal to the page's own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardConfig {
  token: string;
  port: number;
}

export type GuardVerdict =
  | { ok: true; host: string; path: string; tokenFromQuery: boolean }
  | { ok: false; reason: 'host' | 'token' | 'target' };

export function cookieName(port: number): string {
  // cookies ignore ports: one name per server so two instances do not overwrite each other's
  return `tlslens_token_${port}`;
}

export function allowedHost(hostHeader: string | undefined, port: number): string | null {
  if (!hostHeader) return null;
  const host = hostHeader.toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` ? host : null;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The request target as a URL on our own origin, or null when it is not an
 * origin-form path (RFC 9112 §3.2.1): `//[`, `http://a:99999/`, `*` and
 * anything WHATWG URL refuses. Never throws.
 */
export function parseTarget(target: string | undefined, host: string): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    const url = new URL(target, `http://${host}`);
    return url.host === host ? url : null;
  } catch {
    return null;
  }
}

export function checkRequest(req: IncomingMessage, config: GuardConfig): GuardVerdict {
  const host = allowedHost(req.headers.host, config.port);
  if (!host) return { ok: false, reason: 'host' };
  const url = parseTarget(req.url, host);
  if (!url) return { ok: false, reason: 'target' };
  const path = url.pathname;
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) {
    return sameToken(queryToken, config.token) ? { ok: true, host, path, tokenFromQuery: true } : { ok: false, reason: 'token' };
  }
  return sameToken(cookieValue(req.headers.cookie, cookieName(config.port)), config.token) ? { ok: true, host, path, tokenFromQuery: false } : { ok: false, reason: 'token' };
}

/** The WebSocket must come from the page we served: same scheme, host and port. */
export function checkOrigin(req: IncomingMessage, host: string): boolean {
  return req.headers.origin === `http://${host}`;
}
