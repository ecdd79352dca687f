/** The server side of the WebSocket opening handshake (RFC 6455 §4.2). */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(secWebSocketKey: string): string {
  return createHash('sha1').update(secWebSocketKey + GUID).digest('base64');
}

/** The Sec-WebSocket-Key of a well-formed upgrade request, or null. */
export function upgradeKey(req: IncomingMessage): string | null {
  if (req.method !== 'GET') return null;
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return null;
  if (!(req.headers.connection ?? '').toLowerCase().split(/\s*,\s*/).includes('upgrade')) return null;
  if (req.headers['sec-websocket-version'] !== '13') return null;
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || Buffer.from(key, 'base64').length !== 16) return null;
  return key;
}

export function switchingProtocolsResponse(key: string): string {
  return ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptKey(key)}`, '', ''].join('\r\n');
}
