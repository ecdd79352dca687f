/**
 * Capturing without the rights: libpcap's refusal becomes `capture.permission-denied`
 * with what to do on this OS, never a stack trace. The mapping is unit-tested
 * from libpcap's texts on each OS; on Linux as root, the real thing is run as
 * user `nobody` with setpriv.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureError, classifyOpenError } from '../../../../main/capture/protocol/capture-error';
import { formatCaptureMessage } from '../../../../contract/capture/capture-messages';
import { LiveCapture } from '../../../../main/capture/client/capture-source';
import { listInterfaces } from '../../../../main/capture/client/helper-ops';
import { liveEnvironment } from '../support/live';

const SETCAP = 'sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which node))';

describe('libpcap error texts → codes', () => {
  const ctx = { interface: 'eth0', nodePath: '/usr/bin/node' };
  it.each([
    ['socket: Operation not permitted', 'linux'],
    ["You don't have permission to capture on that device (socket: Operation not permitted)", 'linux'],
    ['(cannot open BPF device) /dev/bpf0: Permission denied', 'darwin'],
    ['Error opening adapter: Access is denied. (5)', 'win32'],
  ] as const)('%s → capture.permission-denied with advice for %s', (text, platform) => {
    const info = classifyOpenError(text, { ...ctx, platform });
    expect(info.code).toBe('capture.permission-denied');
    expect(info.messageKey).toBe('capture.permission-denied');
    expect(info.params).toMatchObject({ interface: 'eth0', pcapError: text, platform, nodePath: '/usr/bin/node' });
    expect(info.message).toContain(`Not permitted to capture on eth0 (${text})`);
    expect(info.message).not.toMatch(/\n\s+at /);
    if (platform === 'linux') {
      expect(info.message).toContain(SETCAP);
      expect(info.message).toMatch(/dedicated copy/);
      expect(info.message).toContain('TLSLENS_CAPTURE_NODE');
    }
    if (platform === 'darwin') expect(info.message).toContain('ChmodBPF');
    if (platform === 'win32') expect(info.message).toContain('Npcap');
  });

  it.each([
    ['No such device exists', 'capture.no-such-device'],
    ['eth9: No such device exists (SIOCGIFHWADDR: No such device)', 'capture.no-such-device'],
    ['That device is not up', 'capture.interface-down'],
    ["Can't create raw socket: Address family not supported by protocol", 'capture.open-failed'],
  ])('%s → %s', (text, code) => {
    expect(classifyOpenError(text, ctx).code).toBe(code);
  });

  it('has a Simplified Chinese text for every code, with the same parameters filled in', () => {
    const params = { interface: 'lo', pcapError: 'socket: Operation not permitted', platform: 'linux', nodePath: '/usr/bin/node' };
    const zh = formatCaptureMessage('capture.permission-denied', params, 'zh-CN');
    expect(zh).toContain('没有在 lo 上抓包的权限');
    expect(zh).toContain(SETCAP);
    expect(zh).not.toMatch(/\{\w+\}/);
  });
});

const env = await liveEnvironment();
const hasSetpriv = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const skipReason = env.skipReason ?? (hasSetpriv ? null : 'setpriv is not installed');
if (!env.skipReason && skipReason) process.stderr.write(`[permission tests skipped] ${skipReason}\n`);

describe.skipIf(!!skipReason)('capturing as an unprivileged user (setpriv → nobody)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-perm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('start fails with capture.permission-denied and the Linux advice, and leaves no file', async () => {
    const err = (await LiveCapture.start({ interface: 'lo', captureDir: dir, launch: { helperPath: env.helperPath, wrapper: nobody } }).catch((e) => e)) as CaptureError;
    expect(err).toBeInstanceOf(CaptureError);
    expect(err.code).toBe('capture.permission-denied');
    expect(err.params.pcapError).toMatch(/Operation not permitted|permission/i);
    expect(err.message).toContain(SETCAP);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('listing still works; opening is reported as not permitted per interface', async () => {
    const list = await listInterfaces({ helperPath: env.helperPath, wrapper: nobody });
    const lo = list.find((i) => i.name === 'lo');
    expect(lo?.loopback).toBe(true);
    expect(lo?.addresses.map((a) => a.address)).toContain('127.0.0.1');
    expect(lo?.status).toBe('permission-denied');
    expect(lo?.error?.code).toBe('capture.permission-denied');
    expect(list.some((i) => i.any)).toBe(true);
  });
});
