/**
 * What `window.tlslens` offers a page: one named function per operation of the
 * table (operations.ts), plus opening a local file and the event listeners.
 * The Electron preload and browser mode's WebSocket client both build it.
 */
import type { OperationRequest, OperationResponse, PageOperationName } from './operations';
import type { ApiResult } from './results';
import type { AnalysisEvent, MenuCommand, OpenedCapture, UserSettings } from './types';

export type Unsubscribe = () => void;

/** one function per operation: no argument when the request is void */
export type OperationFunction<K extends PageOperationName> = [OperationRequest<K>] extends [void]
  ? () => Promise<ApiResult<OperationResponse<K>>>
  : (request: OperationRequest<K>) => Promise<ApiResult<OperationResponse<K>>>;

export type OperationFunctions = { [K in PageOperationName]: OperationFunction<K> };

export interface TlsLensApi extends OperationFunctions {
  readonly mode: 'electron' | 'browser';
  /** a dropped or chosen File: Electron opens it by its path, browser mode uploads it */
  openLocalFile(file: File, onProgress?: (sentBytes: number, totalBytes: number) => void): Promise<ApiResult<OpenedCapture>>;
  onAnalysisEvent(listener: (event: AnalysisEvent) => void): Unsubscribe;
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  onSettingsChanged(listener: (settings: UserSettings) => void): Unsubscribe;
  /** browser mode: the WebSocket to the server closed (server stopped) */
  onDisconnected(listener: () => void): Unsubscribe;
}
