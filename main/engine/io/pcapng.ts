import type { CaptureInterfaceInfo, CaptureSink } from '../types';
import { ChunkedParser } from './chunked-parser';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_OPB = 2; // obsolete Packet Block, still written by old tools
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const BLOCK_DSB = 0x0000000a;
/** Beyond this a block length is corrupt, not a big packet (Wireshark caps blocks at 16 MiB). */
const MAX_BLOCK = 16 * 1024 * 1024 + 64;

const OPT_END = 0;
const OPT_IF_NAME = 2;
const OPT_IF_DESCRIPTION = 3;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface InterfaceState extends CaptureInterfaceInfo {
  tsOffset: number;
}

/**
 * pcapng reader written here: no maintained npm package streams pcapng with
 * file offsets, several interfaces and Decryption Secrets Blocks. Handles
 * SHB (either byte order, several sections), IDB, EPB, SPB, the obsolete PB
 * and DSB; every other block type is skipped by its length.
 */
export class PcapngParser extends ChunkedParser {
  private little = true;
  private inSection = false;
  /** by interface id; null for an interface block too short to read (its frames are skipped, later ids stay aligned) */
  private interfaces: Array<InterfaceState | null> = [];
  private unknownBlockTypes = new Set<number>();

  constructor(sink: CaptureSink, label = 'capture') {
    super(sink, label);
  }

  protected truncatedCode(): string {
    return 'pcapng.truncated-block';
  }

  protected pendingWhat(): string {
    return 'block';
  }

  protected parseAvailable(): void {
    while (!this.stopped && this.available() >= 12) {
      const p = this.pos;
      const v = this.view;
      const typeBE = v.getUint32(p, false);
      if (typeBE === PCAPNG_SHB) {
        if (!this.readSectionHeader()) return;
        continue;
      }
      if (!this.inSection) {
        this.halt('capture.unknown-format', 'not a pcapng file (no section header block)', this.base + p);
        return;
      }
      const type = v.getUint32(p, this.little);
      const length = v.getUint32(p + 4, this.little);
      if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
        this.halt('pcapng.bad-block-length', `block of type 0x${type.toString(16)} has an impossible length ${length}`, this.base + p);
        return;
      }
      if (this.available() < length) return;
      const trailer = v.getUint32(p + length - 4, this.little);
      if (trailer !== length) {
        this.halt('pcapng.length-mismatch', `block of type 0x${type.toString(16)} starts with length ${length} but ends with ${trailer}`, this.base + p);
        return;
      }
      this.readBlock(type, p, length);
      this.pos = p + length;
    }
  }

  private readSectionHeader(): boolean {
    const p = this.pos;
    if (this.available() < 28) return false;
    const v = this.view;
    const bom = v.getUint32(p + 8, true);
    if (bom === BYTE_ORDER_MAGIC) this.little = true;
    else if (v.getUint32(p + 8, false) === BYTE_ORDER_MAGIC) this.little = false;
    else {
      this.halt('pcapng.bad-byte-order', 'section header has no valid byte-order magic', this.base + p);
      return false;
    }
    const length = v.getUint32(p + 4, this.little);
    if (length < 28 || length % 4 !== 0 || length > MAX_BLOCK) {
      this.halt('pcapng.bad-block-length', `section header has an impossible length ${length}`, this.base + p);
      return false;
    }
    if (this.available() < length) return false;
    const major = v.getUint16(p + 12, this.little);
    if (major !== 1) {
      this.halt('pcapng.version', `unsupported pcapng major version ${major}`, this.base + p);
      return false;
    }
    // interface ids restart with every section
    this.interfaces = [];
    this.inSection = true;
    this.pos = p + length;
    return true;
  }

  private readBlock(type: number, p: number, length: number): void {
    switch (type) {
      case BLOCK_EPB:
        return this.readEnhancedPacket(p, length);
      case BLOCK_SPB:
        return this.readSimplePacket(p, length);
      case BLOCK_OPB:
        return this.readObsoletePacket(p, length);
      case BLOCK_IDB:
        return this.readInterface(p, length);
      case BLOCK_DSB:
        return this.readSecrets(p, length);
      default:
        if (!this.unknownBlockTypes.has(type) && type !== 4 && type !== 5) {
          this.unknownBlockTypes.add(type);
          this.report('info', 'pcapng.skipped-block', `${this.label}: skipped block type 0x${type.toString(16)}`, this.base + p);
        }
    }
  }

  private readInterface(p: number, length: number): void {
    const v = this.view;
    const le = this.little;
    if (length < 20) {
      this.report('warning', 'pcapng.bad-interface-block', `${this.label}: interface description block ${this.interfaces.length} too short (${length} bytes); its frames are skipped`, this.base + p);
      this.interfaces.push(null);
      return;
    }
    const info: InterfaceState = {
      id: this.interfaces.length,
      linkType: v.getUint16(p + 8, le),
      snapLength: v.getUint32(p + 12, le),
      unitsPerSecond: 1e6,
      tsOffset: 0,
    };
    this.forEachOption(p + 16, p + length - 4, (code, start, len) => {
      if (code === OPT_IF_NAME) info.name = this.text(start, len);
      else if (code === OPT_IF_DESCRIPTION) info.description = this.text(start, len);
      else if (code === OPT_IF_TSRESOL && len >= 1) {
        const r = this.buf[start];
        info.unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === OPT_IF_TSOFFSET && len >= 8) {
        info.tsOffset = Number(v.getBigInt64(start, le));
      }
    });
    this.interfaces.push(info);
    const { tsOffset: _ignored, ...publicInfo } = info;
    this.sink.interface?.(publicInfo);
  }

  private readEnhancedPacket(p: number, length: number): void {
    const v = this.view;
    const le = this.little;
    if (length < 32) {
      this.report('warning', 'pcapng.bad-packet-block', `${this.label}: enhanced packet block too short (${length} bytes)`, this.base + p);
      return;
    }
    const interfaceId = v.getUint32(p + 8, le);
    const tsHigh = v.getUint32(p + 12, le);
    const tsLow = v.getUint32(p + 16, le);
    const capturedLength = v.getUint32(p + 20, le);
    const originalLength = v.getUint32(p + 24, le);
    this.emitPacket(p, 28, length, interfaceId, tsHigh, tsLow, capturedLength, originalLength);
  }

  private readObsoletePacket(p: number, length: number): void {
    const v = this.view;
    const le = this.little;
    if (length < 32) return;
    const interfaceId = v.getUint16(p + 8, le);
    this.emitPacket(p, 28, length, interfaceId, v.getUint32(p + 12, le), v.getUint32(p + 16, le), v.getUint32(p + 20, le), v.getUint32(p + 24, le));
  }

  private readSimplePacket(p: number, length: number): void {
    const originalLength = this.view.getUint32(p + 8, this.little);
    const iface = this.interfaces[0];
    const room = length - 16;
    let capturedLength = Math.min(originalLength, room);
    if (iface && iface.snapLength > 0) capturedLength = Math.min(capturedLength, iface.snapLength);
    // a simple packet block has no timestamp: time 0 is what Wireshark shows too
    this.emitPacket(p, 12, length, 0, 0, 0, capturedLength, originalLength);
  }

  private emitPacket(p: number, dataAt: number, length: number, interfaceId: number, tsHigh: number, tsLow: number, capturedLength: number, originalLength: number): void {
    const frame = ++this.frameCount;
    const iface = this.interfaces[interfaceId];
    if (!iface) {
      this.report('warning', 'pcapng.unknown-interface', `${this.label}: frame ${frame} refers to interface ${interfaceId}, which was never described; frame skipped`, this.base + p, frame);
      this.sink.skippedFrame?.(frame);
      return;
    }
    if (dataAt + capturedLength > length - 4) {
      this.report('warning', 'pcapng.bad-packet-block', `${this.label}: frame ${frame} claims ${capturedLength} bytes but its block holds ${length - 4 - dataAt}; frame truncated`, this.base + p, frame);
      capturedLength = Math.max(0, length - 4 - dataAt);
    }
    const units = tsHigh * 4294967296 + tsLow;
    const start = p + dataAt;
    const f = this.current;
    f.frame = frame;
    f.time = units / iface.unitsPerSecond + iface.tsOffset;
    f.fileOffset = this.base + start;
    f.linkType = iface.linkType;
    f.interfaceId = interfaceId;
    f.originalLength = originalLength;
    f.setBytes(this.buf, start, capturedLength);
    this.sink.frame(f);
  }

  private readSecrets(p: number, length: number): void {
    const v = this.view;
    if (length < 20) return;
    const secretsType = v.getUint32(p + 8, this.little);
    const secretsLength = v.getUint32(p + 12, this.little);
    const available = length - 20;
    if (secretsLength > available) {
      this.report('warning', 'pcapng.bad-secrets-block', `${this.label}: decryption secrets block claims ${secretsLength} bytes, holds ${available}`, this.base + p);
      return;
    }
    this.sink.secrets?.({ secretsType, data: this.buf.slice(p + 16, p + 16 + secretsLength), fileOffset: this.base + p });
  }

  private forEachOption(from: number, to: number, visit: (code: number, start: number, len: number) => void): void {
    const v = this.view;
    let q = from;
    while (q + 4 <= to) {
      const code = v.getUint16(q, this.little);
      const len = v.getUint16(q + 2, this.little);
      if (code === OPT_END) return;
      if (q + 4 + len > to) return;
      visit(code, q + 4, len);
      q += 4 + ((len + 3) & ~3);
    }
  }

  private text(start: number, len: number): string {
    let end = start + len;
    while (end > start && this.buf[end - 1] === 0) end--;
    return new TextDecoder('utf-8', { fatal: false }).decode(this.buf.subarray(start, end));
  }
}
