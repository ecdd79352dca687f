/**
 * Every operation a page may ask of the services, declared once: its Electron
 * IPC channel, what it takes and gives, and how main checks its argument.
 * From this table follow the preload's named functions on `window.tlslens`,
 * the browser-mode WebSocket client, the IPC handlers' registration and the
 * validators (main/app/request-validators.ts). A new operation is an entry
 * here and its handler in main/app/api-handlers.ts.
 */
import { NO_ARGUMENT, boolean, bytes, choice, integer, object, optional, text, textOrBytes, type ArgumentSpec } from './argument-spec';
import { LIMITS, MAX_PAGE_SIZE } from './limits';
import {
  LANGUAGES,
  SORT_KEYS,
  type AnalysisState,
  type CaptureFilterCheck,
  type CaptureInterface,
  type CaptureSummary,
  type ConnectionDetails,
  type ConnectionPage,
  type ConnectionQuery,
  type ExportRequest,
  type ExportResult,
  type FrameBytes,
  type LiveCaptureStatus,
  type OpenedCapture,
  type RecentFile,
  type SampleInfo,
  type SaveCaptureResult,
  type SaveFileRequest,
  type StartCaptureRequest,
  type UploadChunk,
  type UserSettings,
} from './types';

export interface OperationDeclaration<Request, Response, OnPage extends boolean = true> {
  /** the Electron IPC channel (browser mode names the operation itself) */
  channel: string;
  argument: ArgumentSpec;
  /** false: not a function on `window.tlslens` (browser mode's upload steps, used by openLocalFile) */
  onPage?: OnPage;
  /** never set: carries the request and response types */
  readonly types?: { request: Request; response: Response; onPage: OnPage };
}

function operation<Request, Response, OnPage extends boolean = true>(declaration: Omit<OperationDeclaration<Request, Response, OnPage>, 'types'>): OperationDeclaration<Request, Response, OnPage> {
  return declaration;
}

const analysisId = text(LIMITS.analysisId, { rules: [{ require: /^[a-z0-9-]+$/, message: 'analysisId has unexpected characters' }] });
const uploadId = text(LIMITS.uploadId, { rules: [{ require: /^[0-9a-f]+$/, message: 'uploadId has unexpected characters' }] });
const index = integer(0, LIMITS.index);
const sort = object({ key: choice(SORT_KEYS), direction: choice(['asc', 'desc']) });
const listFilter = text(LIMITS.filter, { min: 0 });
// libpcap names: eth0, lo, any, en0, wlp2s0, \Device\NPF_{…}, usbmon1 — no controls, no spaces at the ends
const interfaceName = text(LIMITS.interfaceName, {
  rules: [
    { refuse: /[\x00-\x1f\x7f]/, message: 'interface has unexpected characters' },
    { refuse: /^\s|\s$/, message: 'interface has unexpected characters' },
  ],
});
const captureFilter = text(LIMITS.captureFilter, { min: 0, rules: [{ refuse: /[\x00-\x08\x0b-\x1f\x7f]/, message: 'filter contains control characters' }] });
const byAnalysis = object({ analysisId });

export const OPERATIONS = {
  openCapture: operation<{ path: string }, OpenedCapture>({
    channel: 'tlslens:capture:open',
    argument: object({ path: text(LIMITS.path, { absolutePath: true }) }),
  }),
  /** Electron: the native File > Open dialog; browser mode answers 'unsupported' (the page uses a file input) */
  showOpenDialog: operation<void, OpenedCapture | null>({ channel: 'tlslens:capture:open-dialog', argument: NO_ARGUMENT }),
  openSample: operation<{ name: string }, OpenedCapture>({
    channel: 'tlslens:samples:open',
    argument: object({ name: text(LIMITS.name, { rules: [{ refuse: /[\\/]/, message: 'name must be a file name, not a path' }] }) }),
  }),
  cancelAnalysis: operation<void, null>({ channel: 'tlslens:analysis:cancel', argument: NO_ARGUMENT }),
  closeCapture: operation<void, null>({ channel: 'tlslens:capture:close', argument: NO_ARGUMENT }),
  getAnalysisState: operation<void, AnalysisState>({ channel: 'tlslens:analysis:state', argument: NO_ARGUMENT }),
  listConnections: operation<ConnectionQuery, ConnectionPage>({
    channel: 'tlslens:connections:list',
    argument: object({ analysisId, offset: index, limit: integer(1, MAX_PAGE_SIZE), sort, filter: listFilter, locateId: optional(index) }),
  }),
  getConnectionDetails: operation<{ analysisId: string; connectionId: number }, ConnectionDetails>({
    channel: 'tlslens:connections:details',
    argument: object({ analysisId, connectionId: index }),
  }),
  readFrameBytes: operation<{ analysisId: string; frame: number }, FrameBytes>({
    channel: 'tlslens:frames:bytes',
    argument: object({ analysisId, frame: integer(1, Number.MAX_SAFE_INTEGER) }),
  }),
  listSamples: operation<void, SampleInfo[]>({ channel: 'tlslens:samples:list', argument: NO_ARGUMENT }),
  listRecentFiles: operation<void, RecentFile[]>({ channel: 'tlslens:recent:list', argument: NO_ARGUMENT }),
  getSettings: operation<void, UserSettings>({ channel: 'tlslens:settings:get', argument: NO_ARGUMENT }),
  updateSettings: operation<Partial<UserSettings>, UserSettings>({
    channel: 'tlslens:settings:update',
    argument: object({ theme: optional(choice(['system', 'light', 'dark'])), language: optional(choice(LANGUAGES)) }, { nonEmpty: 'nothing to update' }),
  }),
  /** browser mode: the page streams a chosen/dropped file to a temp file on the server */
  uploadBegin: operation<{ name: string; size: number }, { uploadId: string }, false>({
    channel: 'tlslens:upload:begin',
    argument: object({ name: text(LIMITS.name), size: integer(0, Number.MAX_SAFE_INTEGER) }),
    onPage: false,
  }),
  uploadChunk: operation<UploadChunk, { received: number }, false>({
    channel: 'tlslens:upload:chunk',
    argument: object({ uploadId, offset: integer(0, Number.MAX_SAFE_INTEGER), data: bytes(1, LIMITS.chunkBytes) }),
    onPage: false,
  }),
  uploadFinish: operation<{ uploadId: string }, OpenedCapture, false>({
    channel: 'tlslens:upload:finish',
    argument: object({ uploadId }),
    onPage: false,
  }),
  getCaptureSummary: operation<{ analysisId: string }, CaptureSummary>({ channel: 'tlslens:capture:summary', argument: byAnalysis }),
  exportConnections: operation<ExportRequest, ExportResult>({
    channel: 'tlslens:export:connections',
    argument: object({ analysisId, format: choice(['csv', 'json']), filter: listFilter, sort }),
  }),
  /** Electron: save dialog + write; browser mode answers 'unsupported' (the page downloads instead) */
  saveFile: operation<SaveFileRequest, { saved: boolean; path: string | null }>({
    channel: 'tlslens:export:save-file',
    argument: object({
      suggestedName: text(LIMITS.name, {
        rules: [
          { refuse: /[\\/]/, message: 'suggestedName must be a file name, not a path' },
          { require: /\.(svg|png|txt|csv|json)$/i, message: 'suggestedName must end in .svg, .png, .txt, .csv or .json' },
        ],
      }),
      data: textOrBytes(LIMITS.savedFileBytes),
    }),
  }),
  /** live capture: libpcap's interfaces (loopback and "any" included) with addresses and link types */
  listCaptureInterfaces: operation<void, CaptureInterface[]>({ channel: 'tlslens:live:interfaces', argument: NO_ARGUMENT }),
  /** libpcap's verdict on a capture filter for an interface, before starting */
  checkCaptureFilter: operation<{ interface: string; filter: string }, CaptureFilterCheck>({
    channel: 'tlslens:live:check-filter',
    argument: object({ interface: interfaceName, filter: captureFilter }),
  }),
  /** replaces the open capture once the device is open; a failure leaves it as it was */
  startCapture: operation<StartCaptureRequest, OpenedCapture>({
    channel: 'tlslens:live:start',
    argument: object({ interface: interfaceName, filter: captureFilter, snapLength: integer(1, LIMITS.snapLength), promiscuous: boolean() }),
  }),
  stopCapture: operation<{ analysisId: string }, LiveCaptureStatus>({ channel: 'tlslens:live:stop', argument: byAnalysis }),
  /** "Save capture as…": Electron's save dialog, or a download in browser mode */
  saveCaptureAs: operation<{ analysisId: string }, SaveCaptureResult>({ channel: 'tlslens:live:save-as', argument: byAnalysis }),
};

type Table = typeof OPERATIONS;
export type OperationName = keyof Table;
type TypesOf<K extends OperationName> = NonNullable<Table[K]['types']>;

/** Request and response of every operation. `void` requests take no argument. */
export type Operations = { [K in OperationName]: { request: TypesOf<K>['request']; response: TypesOf<K>['response'] } };
export type OperationRequest<K extends OperationName> = Operations[K]['request'];
export type OperationResponse<K extends OperationName> = Operations[K]['response'];

/** the operations that are functions on `window.tlslens` */
export type PageOperationName = { [K in OperationName]: TypesOf<K>['onPage'] extends false ? never : K }[OperationName];

export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];
export const PAGE_OPERATION_NAMES = OPERATION_NAMES.filter((name): name is PageOperationName => OPERATIONS[name].onPage !== false);

/** Electron IPC channel names, by operation. */
export const INVOKE_CHANNELS = Object.fromEntries(OPERATION_NAMES.map((name) => [name, OPERATIONS[name].channel])) as { readonly [K in OperationName]: string };

export function isOperationName(op: unknown): op is OperationName {
  return typeof op === 'string' && Object.prototype.hasOwnProperty.call(OPERATIONS, op);
}
