/** Electron's preload puts `window.tlslens` in place before the page runs; a plain browser gets the WebSocket shim. */
import type { TlsLensApi } from '../../../contract/api';
import { createWsClient } from './ws-client';

declare global {
  interface Window {
    tlslens?: TlsLensApi;
  }
}

export function chooseApi(): TlsLensApi {
  return window.tlslens ?? createWsClient(new URL(window.location.href));
}
