/**
 * The `cap` native addon, loaded only inside the capture helper (plain Node),
 * so Electron's ABI never matters to it. Loaded with require at run time so
 * the bundler leaves it alone.
 */
import { createRequire } from 'node:module';
import { type CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import { captureErrorInfo } from '../../../contract/capture/capture-messages';

export interface CapDeviceAddress {
  addr?: string;
  netmask?: string;
  broadaddr?: string;
  dstaddr?: string;
}

export interface CapDevice {
  name: string;
  description?: string;
  addresses: CapDeviceAddress[];
  flags?: string;
}

export interface CapInstance {
  /**
   * Throws libpcap's error text. cap keeps only a raw pointer to `buffer`:
   * the caller must keep the Buffer referenced for as long as the capture is
   * open, or V8 frees it under libpcap's writes (seen as heap corruption).
   */
  open(device: string, filter: string, bufferSize: number, buffer: Buffer): string;
  close(): boolean;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
  /** not in cap 0.2.1; used when a binding provides it */
  stats?: () => { ps_recv?: number; ps_drop?: number; ps_ifdrop?: number; recv?: number; drop?: number; ifdrop?: number };
}

export interface CapModule {
  Cap: { new (): CapInstance; deviceList(): CapDevice[] };
}

export function loadCap(): { cap: CapModule } | { error: CaptureErrorInfo } {
  try {
    const require = createRequire(import.meta.url);
    return { cap: require('cap') as CapModule };
  } catch (err) {
    const text = (err as Error).message.split('\n')[0];
    let reason: string;
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') reason = 'the "cap" package is not installed (npm install; it builds against libpcap: apt-get install libpcap-dev)';
    else if (/NODE_MODULE_VERSION|self-register|different Node\.js version/.test(text)) reason = `the "cap" addon was built for another Node.js version than ${process.version} (npm rebuild cap): ${text}`;
    else if (/libpcap|\.so/.test(text)) reason = `the "cap" addon cannot load libpcap (apt-get install libpcap0.8): ${text}`;
    else reason = `the "cap" addon failed to load: ${text}`;
    return { error: captureErrorInfo('capture.unavailable', { reason }) };
  }
}
