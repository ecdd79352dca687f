/**
 * Network interfaces one can capture on: libpcap's device list (cap's
 * deviceList(): names, addresses, loopback flag, "any") plus the link type
 * each one opens with. Enumeration runs in the capture helper; the app calls
 * listInterfaces(), which asks a helper process.
 */
import { existsSync } from 'node:fs';
import type { CapModule, CapInstance } from './cap-binding';
import { type CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import { classifyOpenError } from '../protocol/capture-error';
import { linkTypeFromCap, linkTypeName } from './link-type';
import type { CaptureInterface, CaptureInterfaceAddress } from '../../../contract/capture/interfaces';

export type { CaptureInterface, CaptureInterfaceAddress };

export interface DescribeOptions {
  /** open each network interface briefly to learn its link type (needs capture rights) */
  probe?: boolean;
  nodePath?: string;
}

/**
 * Failed or probed Cap objects are kept referenced until the helper exits:
 * cap 0.2.1's destructor stops a libuv poll handle that a failed open() never
 * started, so letting the GC collect one can crash the process.
 */
const keepAlive: CapInstance[] = [];
const keepAliveBuffers: Buffer[] = [];

export function describeInterfaces(cap: CapModule, options: DescribeOptions = {}): CaptureInterface[] {
  const devices = cap.Cap.deviceList();
  let permissionError: CaptureErrorInfo | null = null;
  return devices.map((d) => {
    const out: CaptureInterface = {
      name: d.name,
      description: d.description ?? null,
      addresses: (d.addresses ?? []).filter((a) => a.addr).map((a) => ({
        address: a.addr!,
        family: a.addr!.includes(':') ? 'ipv6' : 'ipv4',
        netmask: a.netmask ?? null,
        broadcast: a.broadaddr ?? null,
      })),
      loopback: d.flags === 'PCAP_IF_LOOPBACK',
      any: d.name === 'any',
      linkType: null,
      linkTypeName: null,
      status: 'not-probed',
      error: null,
    };
    if (!options.probe || !isNetworkInterface(out)) return out;
    if (permissionError) {
      // one refusal says it for all: do not knock on every device
      out.status = 'permission-denied';
      out.error = classifyOpenError(String(permissionError.params.pcapError), { interface: d.name, nodePath: options.nodePath });
      return out;
    }
    const c = new cap.Cap();
    keepAlive.push(c);
    const buffer = Buffer.alloc(64);
    keepAliveBuffers.push(buffer);
    try {
      const capName = c.open(d.name, '', 512 * 1024, buffer);
      c.close();
      out.linkType = linkTypeFromCap(capName);
      out.linkTypeName = out.linkType === null ? capName : linkTypeName(out.linkType);
      out.status = 'ok';
    } catch (err) {
      const error = classifyOpenError((err as Error).message, { interface: d.name, nodePath: options.nodePath });
      out.error = error;
      out.status = error.code === 'capture.permission-denied' ? 'permission-denied' : error.code === 'capture.interface-down' ? 'down' : 'error';
      if (out.status === 'permission-denied') permissionError = error;
    }
    return out;
  });
}

/** Real interfaces and "any"; not libpcap's D-Bus/netfilter/Bluetooth/USB pseudo-devices (opening those does other things). */
function isNetworkInterface(i: CaptureInterface): boolean {
  if (i.any || i.loopback || i.addresses.length > 0) return true;
  if (process.platform === 'linux') return existsSync(`/sys/class/net/${i.name}`);
  return !/^(dbus|nf(log|queue)|bluetooth|usbmon|ciscodump|randpkt|sshdump|udpdump)/.test(i.name);
}
