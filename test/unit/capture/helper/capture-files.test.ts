/** Where captures go and what they are called; pure functions, no capture rights needed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureDirIn, captureFileName, createCaptureFile, defaultCaptureDir } from '../../../../main/capture/client/capture-dir';
import { estimateOriginalLength } from '../../../../main/capture/helper/original-length';
import { linkTypeFromCap } from '../../../../main/capture/helper/link-type';

describe('capture folder and names', () => {
  it('uses $XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultCaptureDir({ XDG_DATA_HOME: '/data' })).toBe('/data/tlslens/captures');
    expect(defaultCaptureDir({})).toBe(join(homedir(), '.local', 'share', 'tlslens', 'captures'));
    // the XDG spec ignores relative paths
    expect(defaultCaptureDir({ XDG_DATA_HOME: 'rel' })).toBe(join(homedir(), '.local', 'share', 'tlslens', 'captures'));
    expect(captureDirIn('/home/u/.config/tlslens')).toBe('/home/u/.config/tlslens/captures');
  });

  it('names files by interface and UTC time, safe on every file system', () => {
    const t = new Date('2026-11-23T10:15:00.123Z');
    expect(captureFileName('lo', t)).toBe('lo-2026-11-23T10-15-00Z.pcapng');
    expect(captureFileName('\\Device\\NPF_{1234-AB}', t)).toBe('Device_NPF__1234-AB_-2026-11-23T10-15-00Z.pcapng');
  });

  const dir = mkdtempSync(join(tmpdir(), 'tlslens-names-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('never reuses a name: two captures in the same second get -2', async () => {
    const t = new Date('2026-11-23T10:15:00Z');
    const a = await createCaptureFile(join(dir, 'sub'), 'eth0', t);
    const b = await createCaptureFile(join(dir, 'sub'), 'eth0', t);
    await a.handle.close();
    await b.handle.close();
    expect(a.path).toBe(join(dir, 'sub', 'eth0-2026-11-23T10-15-00Z.pcapng'));
    expect(b.path).toBe(join(dir, 'sub', 'eth0-2026-11-23T10-15-00Z-2.pcapng'));
  });
});

describe('original length of a frame cut by the snap length', () => {
  const ether = (etherType: number, ip: number[]): Uint8Array => new Uint8Array([...new Array(12).fill(0), etherType >> 8, etherType & 0xff, ...ip]);
  it('comes from the IPv4 total length', () => {
    const f = ether(0x0800, [0x45, 0, 0x05, 0xdc, ...new Array(30).fill(0)]);
    expect(estimateOriginalLength(1, f, 40, true)).toBe(14 + 1500);
    expect(estimateOriginalLength(1, f, 40, false)).toBe(40);
  });
  it('comes from the IPv6 payload length plus its header', () => {
    const f = ether(0x86dd, [0x60, 0, 0, 0, 0x10, 0x00, ...new Array(30).fill(0)]);
    expect(estimateOriginalLength(1, f, 50, true)).toBe(14 + 40 + 4096);
  });
  it('stays the captured length when it cannot be told', () => {
    expect(estimateOriginalLength(1, ether(0x0806, [1, 2, 3]), 17, true)).toBe(17);
    expect(estimateOriginalLength(1, new Uint8Array(10), 10, true)).toBe(10);
  });
});

describe("cap's link type names", () => {
  it.each([
    ['ETHERNET', 1],
    ['LINKTYPE_LINUX_SLL', 113],
    ['RAW', 101],
    ['NULL', 0],
    ['Unknown linktype 276', 276],
    ['Unknown linktype 12', 101],
    ['Unknown linktype 239', 239],
    ['gibberish', null],
  ])('%s → %s', (name, expected) => expect(linkTypeFromCap(name)).toBe(expected));
});
