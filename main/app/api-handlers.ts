/**
 * What each operation does, on the shared services. Electron IPC and the
 * browser-mode WebSocket bridge both call these, after validation.
 */
import type { OperationName, OperationRequest, OperationResponse } from '../../contract/api';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CAPTURE_DOWNLOAD_PATH } from '../../contract/api';
import { checkFilter, listInterfaces } from '../capture/client/helper-ops';
import { copyCaptureFile, startLiveCapture } from './services/live-capture';
import { ApiError } from './services/api-error';
import { openCaptureByPath, type Services } from './services/index';
import { openableFromPage } from './page-openable';

export type ApiHandlers = { [K in OperationName]: (request: OperationRequest<K>) => Promise<OperationResponse<K>> };

export interface HandlerHost {
  /** the native open dialog (Electron); absent in browser mode */
  chooseCaptureFile?: () => Promise<string | null>;
  /** browser mode keeps theme and language in the page, not in settings.json */
  settingsInPage?: boolean;
  /** Electron opens local files by path; only browser mode needs uploads */
  uploads?: boolean;
  /**
   * browser mode: openCapture opens only the samples, the captures folder and
   * recent files (main/app/page-openable.ts); Electron's page opens what the
   * user dropped or picked, by path
   */
  restrictPagePaths?: boolean;
  /** the native save dialog (Electron); absent in browser mode, where the page downloads */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
}

const unsupported = (what: string) => Promise.reject(new ApiError('unsupported', `${what} is not available here`));

export function createApiHandlers(services: Services, host: HandlerHost = {}): ApiHandlers {
  const { analysis, recent, samples, settings, uploads } = services;
  return {
    openCapture: async ({ path }) => openCaptureByPath(services, host.restrictPagePaths ? await openableFromPage(services, path) : path),
    async showOpenDialog() {
      if (!host.chooseCaptureFile) return unsupported('the open dialog');
      const path = await host.chooseCaptureFile();
      return path ? openCaptureByPath(services, path) : null;
    },
    openSample: async ({ name }) => {
      const path = await samples.resolve(name);
      return analysis.open(path, { source: 'sample', ...(await samples.companions(name)) });
    },
    cancelAnalysis: async () => (analysis.cancel(), null),
    closeCapture: async () => (analysis.close(), null),
    getAnalysisState: async () => analysis.state(),
    listConnections: (query) => analysis.listConnections(query),
    getConnectionDetails: ({ analysisId, connectionId }) => analysis.connectionDetails(analysisId, connectionId),
    readFrameBytes: ({ analysisId, frame }) => analysis.frameBytes(analysisId, frame),
    listSamples: () => samples.list(),
    listRecentFiles: async () => recent.list(),
    getSettings: async () => (host.settingsInPage ? unsupported('server-side settings') : settings.get()),
    updateSettings: async (patch) => (host.settingsInPage ? unsupported('server-side settings') : settings.update(patch)),
    uploadBegin: ({ name, size }) => (host.uploads === false ? unsupported('uploading') : uploads.begin(name, size)),
    uploadChunk: ({ uploadId, offset, data }) => (host.uploads === false ? unsupported('uploading') : uploads.chunk(uploadId, offset, data)),
    getCaptureSummary: ({ analysisId }) => analysis.captureSummary(analysisId),
    async exportConnections(request) {
      if (!host.chooseSavePath) return analysis.exportConnections(request);
      const state = analysis.state();
      const stem = (state.status === 'idle' ? 'capture' : state.file.name).replace(/\.(pcapng|pcap|cap)$/i, '');
      const path = await host.chooseSavePath(`${stem}-connections.${request.format}`);
      return path ? analysis.exportConnections(request, path) : { kind: 'cancelled' as const };
    },
    async saveFile({ suggestedName, data }) {
      if (!host.chooseSavePath) return unsupported('saving files from the page');
      const path = await host.chooseSavePath(suggestedName);
      if (!path) return { saved: false, path: null };
      await writeFile(path, data);
      return { saved: true, path };
    },
    listCaptureInterfaces: () => listInterfaces(),
    checkCaptureFilter: (request) => checkFilter(request.interface, request.filter),
    startCapture: (request) => startLiveCapture(services, request),
    stopCapture: ({ analysisId }) => analysis.stopCapture(analysisId),
    async saveCaptureAs({ analysisId }) {
      const file = await analysis.captureFile(analysisId);
      const fileName = basename(file.path);
      // browser mode: the page downloads it from the server (main/shells/serve/serve.ts), token-guarded like the page
      if (!host.chooseSavePath) return { kind: 'download' as const, url: CAPTURE_DOWNLOAD_PATH + encodeURIComponent(analysisId), fileName, bytes: file.bytes };
      const path = await host.chooseSavePath(fileName);
      if (!path) return { kind: 'cancelled' as const };
      // whole blocks as of the dialog's close: re-ask, the capture may have grown meanwhile
      const now = await analysis.captureFile(analysisId);
      await copyCaptureFile(now.path, path, now.bytes);
      return { kind: 'saved' as const, path, bytes: now.bytes };
    },
    async uploadFinish({ uploadId }) {
      if (host.uploads === false) return unsupported('uploading');
      const done = await uploads.finish(uploadId);
      return analysis.open(done.path, { source: 'upload', displayName: done.name, cleanup: done.remove });
    },
  };
}
