/**
 * The API over one browser-mode WebSocket: JSON requests in, JSON replies and
 * pushed analysis events out; upload chunks as binary frames. Same handlers
 * and validators as Electron IPC.
 */
import type { AnalysisEvent, WsChunkHeader, WsServerMessage } from '../../../contract/api';
import { dispatch } from '../../app/api-dispatch';
import type { ApiHandlers } from '../../app/api-handlers';
import type { Services } from '../../app/services/index';

/** what the bridge needs of its WebSocket (main/shells/serve/websocket.ts) */
export interface BridgeSocket {
  sendText(text: string): void;
  close(code: number, reason: string): void;
  /** stop and restart reading from the client (its unanswered requests are at the limit) */
  pause(): void;
  resume(): void;
}

/**
 * Requests read but not yet answered, per socket: past this we stop reading,
 * so a client that floods requests waits on TCP instead of growing our heap
 * with work in progress (200,000 unanswered listSamples took the server to
 * 2 GB before this limit).
 */
export const MAX_REQUESTS_IN_FLIGHT = 32;

export interface Bridge {
  onText(text: string): void;
  onBinary(data: Buffer): void;
  onClose(): void;
}

const MAX_HEADER_BYTES = 4096;

export function createBridge(connection: () => BridgeSocket, handlers: ApiHandlers, services: Services): Bridge {
  const send = (message: WsServerMessage) => connection().sendText(JSON.stringify(message));
  const unsubscribe = services.analysis.subscribe((payload: AnalysisEvent) => send({ event: 'analysis', payload }));
  /** uploads this page began and has not finished: dropped if the page goes away */
  const ownUploads = new Set<string>();

  let inFlight = 0;

  const reply = (id: number, op: unknown, args: unknown[]) => {
    if (++inFlight === MAX_REQUESTS_IN_FLIGHT) connection().pause();
    void dispatch(handlers, op, args)
      .then((result) => {
        if (result.ok && op === 'uploadBegin') ownUploads.add((result.value as { uploadId: string }).uploadId);
        if (op === 'uploadFinish') ownUploads.delete((args[0] as { uploadId?: string } | undefined)?.uploadId ?? '');
        send({ id, result });
      })
      .catch(() => connection().close(1011, 'internal error'))
      .finally(() => {
        if (inFlight-- === MAX_REQUESTS_IN_FLIGHT) connection().resume();
      });
  };

  return {
    onText(text) {
      let request: unknown;
      try {
        request = JSON.parse(text);
      } catch {
        connection().close(1003, 'not JSON');
        return;
      }
      const { id, op, arg, ...extra } = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || Object.keys(extra).length > 0) {
        connection().close(1008, 'malformed request');
        return;
      }
      reply(id, op, arg === undefined ? [] : [arg]);
    },
    onBinary(data) {
      const headerLength = data.length >= 4 ? data.readUInt32BE(0) : -1;
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES || data.length < 4 + headerLength) {
        connection().close(1008, 'malformed chunk');
        return;
      }
      let header: Partial<WsChunkHeader>;
      try {
        header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8')) as Partial<WsChunkHeader>;
      } catch {
        connection().close(1008, 'malformed chunk');
        return;
      }
      if (typeof header.id !== 'number' || header.op !== 'uploadChunk') {
        connection().close(1008, 'malformed chunk');
        return;
      }
      const bytes = new Uint8Array(data.buffer, data.byteOffset + 4 + headerLength, data.length - 4 - headerLength);
      reply(header.id, 'uploadChunk', [{ uploadId: header.uploadId, offset: header.offset, data: bytes }]);
    },
    onClose() {
      unsubscribe();
      for (const id of ownUploads) void services.uploads.abort(id);
    },
  };
}
