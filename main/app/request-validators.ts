/**
 * One validator per operation: everything from the renderer (or a browser
 * page) is untrusted input. Each returns the typed request or throws a
 * ValidationError; unknown fields, wrong types and over-long strings are refused.
 */
import { isAbsolute } from 'node:path';
import { LANGUAGES, MAX_PAGE_SIZE, SORT_KEYS, type OperationName, type OperationRequest } from '../../contract/api/api';

export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

export const LIMITS = {
  path: 4096,
  name: 255,
  analysisId: 64,
  filter: 200,
  uploadId: 64,
  /** one upload chunk; the page sends 1 MiB */
  chunkBytes: 4 * 1024 * 1024,
  index: 2 ** 31 - 1,
  /** a ladder SVG/PNG or a chart PNG the page saves (Electron) */
  savedFileBytes: 64 * 1024 * 1024,
  /** an interface name (Windows' \\Device\\NPF_{GUID} is ~50) */
  interfaceName: 256,
  captureFilter: 2000,
  /** libpcap's largest snap length */
  snapLength: 262144,
} as const;

type Shape = Record<string, { optional?: boolean }>;

function fail(message: string): never {
  throw new ValidationError(message);
}

function noArgument(arg: unknown): void {
  if (arg !== undefined) fail('this operation takes no argument');
}

/** A plain object with exactly the allowed fields (optional ones may be absent). */
function record(arg: unknown, shape: Shape, what = 'argument'): Record<string, unknown> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || ArrayBuffer.isView(arg)) fail(`${what} must be an object`);
  const proto = Object.getPrototypeOf(arg);
  if (proto !== Object.prototype && proto !== null) fail(`${what} must be a plain object`);
  const obj = arg as Record<string, unknown>;
  // own properties only: `"__proto__" in shape` would be true through the prototype
  for (const key of Object.keys(obj)) if (!Object.prototype.hasOwnProperty.call(shape, key)) fail(`${what}: unexpected field "${key}"`);
  for (const [key, spec] of Object.entries(shape)) if (!spec.optional && obj[key] === undefined) fail(`${what}: missing field "${key}"`);
  return obj;
}

function string(value: unknown, field: string, max: number, min = 1): string {
  if (typeof value !== 'string') fail(`${field} must be a string`);
  if (value.length < min) fail(`${field} must not be empty`);
  if (value.length > max) fail(`${field} is longer than ${max} characters`);
  if (value.includes('\0')) fail(`${field} contains a NUL character`);
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`${field} must be an integer`);
  if (value < min || value > max) fail(`${field} must be between ${min} and ${max}`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) fail(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(`${field} must be true or false`);
  return value;
}

function interfaceName(value: unknown): string {
  const name = string(value, 'interface', LIMITS.interfaceName);
  // libpcap names: eth0, lo, any, en0, wlp2s0, \Device\NPF_{…}, usbmon1 — no controls, no spaces at the ends
  if (/[\x00-\x1f\x7f]/.test(name) || name.trim() !== name) fail('interface has unexpected characters');
  return name;
}

function captureFilter(value: unknown): string {
  const filter = string(value, 'filter', LIMITS.captureFilter, 0);
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(filter)) fail('filter contains control characters');
  return filter;
}

function analysisId(value: unknown): string {
  const id = string(value, 'analysisId', LIMITS.analysisId);
  if (!/^[a-z0-9-]+$/.test(id)) fail('analysisId has unexpected characters');
  return id;
}

function uploadId(value: unknown): string {
  const id = string(value, 'uploadId', LIMITS.uploadId);
  if (!/^[0-9a-f]+$/.test(id)) fail('uploadId has unexpected characters');
  return id;
}

type Validators = { [K in OperationName]: (arg: unknown) => OperationRequest<K> };

export const validators: Validators = {
  openCapture(arg) {
    const o = record(arg, { path: {} });
    const path = string(o.path, 'path', LIMITS.path);
    if (!isAbsolute(path)) fail('path must be absolute');
    return { path };
  },
  showOpenDialog: noArgument,
  openSample(arg) {
    const o = record(arg, { name: {} });
    const name = string(o.name, 'name', LIMITS.name);
    if (/[\\/]/.test(name)) fail('name must be a file name, not a path');
    return { name };
  },
  cancelAnalysis: noArgument,
  closeCapture: noArgument,
  getAnalysisState: noArgument,
  listConnections(arg) {
    const o = record(arg, { analysisId: {}, offset: {}, limit: {}, sort: {}, filter: {}, locateId: { optional: true } });
    const sort = record(o.sort, { key: {}, direction: {} }, 'sort');
    return {
      analysisId: analysisId(o.analysisId),
      offset: integer(o.offset, 'offset', 0, LIMITS.index),
      limit: integer(o.limit, 'limit', 1, MAX_PAGE_SIZE),
      sort: { key: oneOf(sort.key, 'sort.key', SORT_KEYS), direction: oneOf(sort.direction, 'sort.direction', ['asc', 'desc'] as const) },
      filter: string(o.filter, 'filter', LIMITS.filter, 0),
      ...(o.locateId === undefined ? {} : { locateId: integer(o.locateId, 'locateId', 0, LIMITS.index) }),
    };
  },
  getConnectionDetails(arg) {
    const o = record(arg, { analysisId: {}, connectionId: {} });
    return { analysisId: analysisId(o.analysisId), connectionId: integer(o.connectionId, 'connectionId', 0, LIMITS.index) };
  },
  readFrameBytes(arg) {
    const o = record(arg, { analysisId: {}, frame: {} });
    return { analysisId: analysisId(o.analysisId), frame: integer(o.frame, 'frame', 1, Number.MAX_SAFE_INTEGER) };
  },
  listSamples: noArgument,
  listRecentFiles: noArgument,
  getSettings: noArgument,
  updateSettings(arg) {
    const o = record(arg, { theme: { optional: true }, language: { optional: true } });
    if (o.theme === undefined && o.language === undefined) fail('nothing to update');
    return {
      ...(o.theme === undefined ? {} : { theme: oneOf(o.theme, 'theme', ['system', 'light', 'dark'] as const) }),
      ...(o.language === undefined ? {} : { language: oneOf(o.language, 'language', LANGUAGES) }),
    };
  },
  uploadBegin(arg) {
    const o = record(arg, { name: {}, size: {} });
    return { name: string(o.name, 'name', LIMITS.name), size: integer(o.size, 'size', 0, Number.MAX_SAFE_INTEGER) };
  },
  uploadChunk(arg) {
    const o = record(arg, { uploadId: {}, offset: {}, data: {} });
    if (!(o.data instanceof Uint8Array)) fail('data must be bytes');
    if (o.data.length === 0 || o.data.length > LIMITS.chunkBytes) fail(`data must be 1 to ${LIMITS.chunkBytes} bytes`);
    return { uploadId: uploadId(o.uploadId), offset: integer(o.offset, 'offset', 0, Number.MAX_SAFE_INTEGER), data: o.data };
  },
  uploadFinish(arg) {
    const o = record(arg, { uploadId: {} });
    return { uploadId: uploadId(o.uploadId) };
  },
  getCaptureSummary(arg) {
    const o = record(arg, { analysisId: {} });
    return { analysisId: analysisId(o.analysisId) };
  },
  exportConnections(arg) {
    const o = record(arg, { analysisId: {}, format: {}, filter: {}, sort: {} });
    const sort = record(o.sort, { key: {}, direction: {} }, 'sort');
    return {
      analysisId: analysisId(o.analysisId),
      format: oneOf(o.format, 'format', ['csv', 'json'] as const),
      filter: string(o.filter, 'filter', LIMITS.filter, 0),
      sort: { key: oneOf(sort.key, 'sort.key', SORT_KEYS), direction: oneOf(sort.direction, 'sort.direction', ['asc', 'desc'] as const) },
    };
  },
  saveFile(arg) {
    const o = record(arg, { suggestedName: {}, data: {} });
    const suggestedName = string(o.suggestedName, 'suggestedName', LIMITS.name);
    if (/[\\/]/.test(suggestedName)) fail('suggestedName must be a file name, not a path');
    if (!/\.(svg|png|txt|csv|json)$/i.test(suggestedName)) fail('suggestedName must end in .svg, .png, .txt, .csv or .json');
    const data = o.data;
    if (typeof data === 'string') {
      if (data.length > LIMITS.savedFileBytes) fail(`data is longer than ${LIMITS.savedFileBytes} characters`);
    } else if (data instanceof Uint8Array) {
      if (data.length > LIMITS.savedFileBytes) fail(`data is longer than ${LIMITS.savedFileBytes} bytes`);
    } else fail('data must be text or bytes');
    return { suggestedName, data };
  },
  listCaptureInterfaces: noArgument,
  checkCaptureFilter(arg) {
    const o = record(arg, { interface: {}, filter: {} });
    return { interface: interfaceName(o.interface), filter: captureFilter(o.filter) };
  },
  startCapture(arg) {
    const o = record(arg, { interface: {}, filter: {}, snapLength: {}, promiscuous: {} });
    return {
      interface: interfaceName(o.interface),
      filter: captureFilter(o.filter),
      snapLength: integer(o.snapLength, 'snapLength', 1, LIMITS.snapLength),
      promiscuous: boolean(o.promiscuous, 'promiscuous'),
    };
  },
  stopCapture(arg) {
    const o = record(arg, { analysisId: {} });
    return { analysisId: analysisId(o.analysisId) };
  },
  saveCaptureAs(arg) {
    const o = record(arg, { analysisId: {} });
    return { analysisId: analysisId(o.analysisId) };
  },
};

export function isOperationName(op: unknown): op is OperationName {
  return typeof op === 'string' && Object.prototype.hasOwnProperty.call(validators, op);
}
