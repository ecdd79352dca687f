/**
 * Browser mode's WebSocket, on the `ws` package in noServer mode: our guard
 * (Host, token, Origin, path) answers the upgrade request before `ws` sees it;
 * `ws` owns framing (RFC 6455: masking, fragmentation, control frames, UTF-8)
 * within a 5 MiB message limit and no compression. What `ws` does not decide
 * for us is a client that stops reading: every write is checked against
 * MAX_PENDING_BYTES and the socket is dropped past it, and a client that
 * stops answering pings is dropped after one missed heartbeat.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { BridgeSocket } from './ws-bridge';

/** an upload chunk (1 MiB) plus its header, with room to spare */
export const MAX_WS_MESSAGE_BYTES = 5 * 1024 * 1024;
/** replies and pongs queued for a client that does not read: past this it is dropped (1008) */
export const MAX_PENDING_BYTES = 4 * 1024 * 1024;
export const DEFAULT_HEARTBEAT_MS = 30_000;

export interface WebSocketHandlers {
  onText(text: string): void;
  onBinary(data: Buffer): void;
  onClose(): void;
}

export interface WebSocketDoorOptions {
  heartbeatMs?: number;
  maxPendingBytes?: number;
}

export interface WebSocketDoor {
  /** hands an already-checked upgrade request to `ws`; `open` builds the handlers for the new socket */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, open: (socket: BridgeSocket) => WebSocketHandlers): void;
  close(): void;
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export function createWebSocketDoor(options: WebSocketDoorOptions = {}): WebSocketDoor {
  const maxPending = options.maxPendingBytes ?? MAX_PENDING_BYTES;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: true,
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();

  /** a client that lets our writes pile up is not a client: drop it rather than grow without bound */
  function overflowing(ws: WebSocket): boolean {
    if (ws.bufferedAmount <= maxPending) return false;
    // the close frame would queue behind what it is not reading: end the TCP connection instead
    ws.terminate();
    return true;
  }

  return {
    accept(req, socket, head, open) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        alive.set(ws, true);
        let closed = false;
        const bridgeSocket: BridgeSocket = {
          sendText(text) {
            if (ws.readyState !== WebSocket.OPEN || overflowing(ws)) return;
            ws.send(text);
            overflowing(ws);
          },
          close(code, reason) {
            ws.close(code, reason);
          },
          pause: () => ws.pause(),
          resume: () => ws.resume(),
        };
        const handlers = open(bridgeSocket);
        const gone = () => {
          if (closed) return;
          closed = true;
          handlers.onClose();
        };
        ws.on('pong', () => alive.set(ws, true));
        ws.on('message', (data, isBinary) => {
          if (overflowing(ws)) return;
          try {
            if (isBinary) handlers.onBinary(asBuffer(data));
            else handlers.onText(asBuffer(data).toString('utf8'));
          } catch {
            ws.close(1011, 'internal error');
          }
        });
        // protocol errors (unmasked, oversized, bad UTF-8…): ws has already sent its close frame
        ws.on('error', () => ws.terminate());
        ws.on('close', gone);
      });
    },
    close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
