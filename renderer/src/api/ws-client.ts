/**
 * Browser mode's `window.tlslens`: the same typed API as the Electron
 * preload, over a WebSocket to `tlslens serve`. Files are uploaded in chunks
 * (a page cannot hand over a path); theme and language live in localStorage.
 */
import {
  OPERATIONS,
  PAGE_OPERATION_NAMES,
  UPLOAD_CHUNK_BYTES,
  WS_PATH,
  type AnalysisEvent,
  type ApiResult,
  type OpenedCapture,
  type OperationFunctions,
  type OperationName,
  type TlsLensApi,
  type UserSettings,
  type WsChunkHeader,
  type WsRequest,
  type WsServerMessage,
} from '../../../contract/api';
import { pageSettings } from './page-settings';

interface Pending {
  resolve: (result: ApiResult<unknown>) => void;
}

export function createWsClient(pageUrl: URL): TlsLensApi {
  const token = pageUrl.searchParams.get('token') ?? '';
  // without a token in the URL the server's cookie (set on the first load) authorises the socket
  const socketUrl = `ws://${pageUrl.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const socket = new WebSocket(socketUrl);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true), { once: true });
    socket.addEventListener('close', () => resolve(false), { once: true });
  });
  const pending = new Map<number, Pending>();
  const analysisListeners = new Set<(e: AnalysisEvent) => void>();
  const disconnectListeners = new Set<() => void>();
  const settings = pageSettings();
  let nextId = 1;
  let closed = false;

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const message = JSON.parse(event.data) as WsServerMessage;
    if ('event' in message) {
      for (const l of analysisListeners) l(message.payload);
      return;
    }
    const p = pending.get(message.id);
    if (p) {
      pending.delete(message.id);
      p.resolve(message.result);
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const p of pending.values()) p.resolve(lost());
    pending.clear();
    for (const l of disconnectListeners) l();
  });

  function lost<T>(): ApiResult<T> {
    return { ok: false, error: { code: 'internal', message: 'the connection to the TLS Lens server is closed' } };
  }

  async function call<T>(op: OperationName, arg?: unknown): Promise<ApiResult<T>> {
    if (!(await opened) || closed) return lost();
    const id = nextId++;
    const request: WsRequest = arg === undefined ? { id, op } : { id, op, arg };
    return new Promise((resolve) => {
      pending.set(id, { resolve: resolve as Pending['resolve'] });
      socket.send(JSON.stringify(request));
    });
  }

  async function sendChunk(uploadId: string, offset: number, data: Uint8Array): Promise<ApiResult<{ received: number }>> {
    if (!(await opened) || closed) return lost();
    const id = nextId++;
    const header: WsChunkHeader = { id, op: 'uploadChunk', uploadId, offset };
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    const frame = new Uint8Array(4 + headerBytes.length + data.length);
    new DataView(frame.buffer).setUint32(0, headerBytes.length, false);
    frame.set(headerBytes, 4);
    frame.set(data, 4 + headerBytes.length);
    return new Promise((resolve) => {
      pending.set(id, { resolve: resolve as Pending['resolve'] });
      socket.send(frame);
    });
  }

  async function upload(file: File, onProgress?: (sent: number, total: number) => void): Promise<ApiResult<OpenedCapture>> {
    const begun = await call<{ uploadId: string }>('uploadBegin', { name: file.name.slice(0, 255), size: file.size });
    if (!begun.ok) return begun;
    const { uploadId } = begun.value;
    onProgress?.(0, file.size);
    for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
      const data = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
      const sent = await sendChunk(uploadId, offset, data);
      if (!sent.ok) return sent;
      onProgress?.(sent.value.received, file.size);
    }
    return call<OpenedCapture>('uploadFinish', { uploadId });
  }

  // one function per operation of the table, each naming its operation; no argument where it takes none
  const operations = Object.fromEntries(
    PAGE_OPERATION_NAMES.map((name) => [name, OPERATIONS[name].argument.kind === 'none' ? () => call(name) : (request: unknown) => call(name, request)]),
  ) as unknown as OperationFunctions;

  return {
    ...operations,
    mode: 'browser',
    showOpenDialog: async () => ({ ok: false, error: { code: 'unsupported', message: 'browser mode has no native open dialog' } }),
    openLocalFile: upload,
    // the page downloads what it made itself (features/export/download.ts)
    saveFile: async () => ({ ok: false, error: { code: 'unsupported', message: 'browser mode saves files as downloads' } }),
    // saveCaptureAs: the server answers with a same-origin URL; the page downloads from it (features/capture)
    getSettings: async () => ({ ok: true, value: settings.get() }),
    updateSettings: async (patch: Partial<UserSettings>) => ({ ok: true, value: settings.update(patch) }),
    onAnalysisEvent(listener) {
      analysisListeners.add(listener);
      return () => analysisListeners.delete(listener);
    },
    // browser mode has no native menu: the page's own shortcuts and buttons do this
    onMenuCommand: () => () => undefined,
    onSettingsChanged: (listener) => settings.onChange(listener),
    onDisconnected(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
  };
}
