import { describe, expect, it } from 'vitest';
import { LIMITS, validators, ValidationError } from '../../../main/app/request-validators';
import { INVOKE_CHANNELS, MAX_PAGE_SIZE } from '../../../contract/api';

const goodQuery = { analysisId: 'a1-xyz', offset: 0, limit: 50, sort: { key: 'id', direction: 'asc' }, filter: '' };

describe('ipc validators', () => {
  it('has one validator per channel of the contract', () => {
    expect(Object.keys(validators).sort()).toEqual(Object.keys(INVOKE_CHANNELS).sort());
  });

  it('accepts well-formed requests and returns exactly the known fields', () => {
    expect(validators.openCapture({ path: '/tmp/x.pcap' })).toEqual({ path: '/tmp/x.pcap' });
    expect(validators.listConnections({ ...goodQuery, locateId: 3 })).toEqual({ ...goodQuery, locateId: 3 });
    expect(validators.updateSettings({ language: 'zh-CN' })).toEqual({ language: 'zh-CN' });
    expect(validators.uploadChunk({ uploadId: 'abc123', offset: 0, data: new Uint8Array(4) }).data.length).toBe(4);
    expect(validators.getSettings(undefined)).toBeUndefined();
  });

  it.each([
    ['openCapture', { path: 42 }],
    ['openCapture', { path: ['x'] }],
    ['openCapture', '/tmp/x.pcap'],
    ['openCapture', null],
    ['openCapture', [{ path: '/tmp/x.pcap' }]],
    ['getConnectionDetails', { analysisId: 'a1', connectionId: '3' }],
    ['getConnectionDetails', { analysisId: 'a1', connectionId: 1.5 }],
    ['getConnectionDetails', { analysisId: 'a1', connectionId: -1 }],
    ['readFrameBytes', { analysisId: 'a1', frame: 0 }],
    ['listConnections', { ...goodQuery, limit: MAX_PAGE_SIZE + 1 }],
    ['listConnections', { ...goodQuery, sort: { key: 'password', direction: 'asc' } }],
    ['listConnections', { ...goodQuery, sort: 'id' }],
    ['updateSettings', { theme: 'neon' }],
    ['updateSettings', {}],
    ['uploadChunk', { uploadId: 'abc', offset: 0, data: [1, 2, 3] }],
    ['uploadBegin', { name: 'x.pcap', size: -1 }],
  ] as const)('%s refuses a wrong type or value: %j', (op, arg) => {
    expect(() => (validators[op] as (a: unknown) => unknown)(arg)).toThrow(ValidationError);
  });

  it('refuses extra fields, including nested ones', () => {
    expect(() => validators.openCapture({ path: '/tmp/x.pcap', mode: 'w' })).toThrow(/unexpected field "mode"/);
    expect(() => validators.listConnections({ ...goodQuery, sort: { key: 'id', direction: 'asc', nulls: 'first' } })).toThrow(/unexpected field "nulls"/);
    expect(() => validators.getAnalysisState({})).toThrow(/takes no argument/);
  });

  it('refuses objects that are not plain (prototype tricks)', () => {
    class Sneaky {
      path = '/tmp/x.pcap';
    }
    expect(() => validators.openCapture(new Sneaky())).toThrow(/plain object/);
    expect(() => validators.openCapture(JSON.parse('{"path":"/tmp/x.pcap","__proto__":{"admin":true}}'))).toThrow(/unexpected field "__proto__"/);
  });

  it('refuses over-long strings', () => {
    expect(() => validators.openCapture({ path: '/' + 'a'.repeat(LIMITS.path) })).toThrow(/longer than/);
    expect(() => validators.listConnections({ ...goodQuery, filter: 'x'.repeat(LIMITS.filter + 1) })).toThrow(/longer than/);
    expect(() => validators.openSample({ name: 'n'.repeat(LIMITS.name + 1) })).toThrow(/longer than/);
    expect(() => validators.getConnectionDetails({ analysisId: 'a'.repeat(LIMITS.analysisId + 1), connectionId: 0 })).toThrow(/longer than/);
  });

  it('refuses relative paths, NUL bytes and path-shaped sample names', () => {
    expect(() => validators.openCapture({ path: 'x.pcap' })).toThrow(/absolute/);
    expect(() => validators.openCapture({ path: '/tmp/x\0.pcap' })).toThrow(/NUL/);
    expect(() => validators.openSample({ name: '../etc/passwd' })).toThrow(/file name/);
  });

  it('refuses an oversized upload chunk', () => {
    expect(() => validators.uploadChunk({ uploadId: 'ab', offset: 0, data: new Uint8Array(LIMITS.chunkBytes + 1) })).toThrow(/bytes/);
  });
});
