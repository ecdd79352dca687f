import type { CaptureSink } from '../types';
import { ChunkedParser } from './chunked-parser';

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
/** Wireshark's own ceiling for a standard packet; larger records mean a corrupt file. */
const MAX_STANDARD_RECORD = 262_144;
const MAX_ANY_RECORD = 16 * 1024 * 1024;

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;

/**
 * Classic libpcap reader (both byte orders, micro- and nanosecond timestamps).
 * Written here instead of using pcap-parser: that package reads neither
 * nanosecond files nor gives file offsets, and it re-concatenates its whole
 * pending buffer on every chunk and trusts absurd record lengths.
 */
export class PcapParser extends ChunkedParser {
  private little = true;
  private unitsPerSecond = 1e6;
  private linkType = -1;
  private snapLength = 0;
  private maxRecord = MAX_STANDARD_RECORD;

  constructor(sink: CaptureSink, label = 'capture') {
    super(sink, label);
  }

  protected truncatedCode(): string {
    return this.linkType < 0 ? 'pcap.truncated-header' : 'pcap.truncated-record';
  }

  protected pendingWhat(): string {
    return this.linkType < 0 ? 'file header' : 'packet record';
  }

  protected parseAvailable(): void {
    if (this.linkType < 0 && !this.readGlobalHeader()) return;
    const v = this.view;
    const le = this.little;
    while (!this.stopped && this.available() >= RECORD_HEADER) {
      const p = this.pos;
      const capturedLength = v.getUint32(p + 8, le);
      const originalLength = v.getUint32(p + 12, le);
      if (capturedLength > this.maxRecord) {
        this.halt('pcap.absurd-length', `packet record ${this.frameCount + 1} claims ${capturedLength} captured bytes (snap length ${this.snapLength})`, this.base + p);
        return;
      }
      if (this.available() < RECORD_HEADER + capturedLength) return;
      const seconds = v.getUint32(p, le);
      const fraction = v.getUint32(p + 4, le);
      const frame = ++this.frameCount;
      if (fraction >= this.unitsPerSecond) {
        this.report('warning', 'pcap.bad-timestamp', `${this.label}: frame ${frame} has a sub-second field of ${fraction}, out of range`, this.base + p, frame);
      }
      if (capturedLength > originalLength) {
        this.report('warning', 'pcap.caplen-over-len', `${this.label}: frame ${frame} captured ${capturedLength} bytes of a ${originalLength}-byte packet`, this.base + p, frame);
      }
      const dataStart = p + RECORD_HEADER;
      const f = this.current;
      f.frame = frame;
      f.time = seconds + fraction / this.unitsPerSecond;
      f.fileOffset = this.base + dataStart;
      f.linkType = this.linkType;
      f.originalLength = originalLength;
      f.setBytes(this.buf, dataStart, capturedLength);
      this.sink.frame(f);
      this.pos = dataStart + capturedLength;
    }
  }

  private readGlobalHeader(): boolean {
    if (this.available() < GLOBAL_HEADER) return false;
    const v = this.view;
    const magicBE = v.getUint32(0, false);
    const magicLE = v.getUint32(0, true);
    if (magicLE === PCAP_MAGIC_MICRO || magicLE === PCAP_MAGIC_NANO) {
      this.little = true;
      this.unitsPerSecond = magicLE === PCAP_MAGIC_NANO ? 1e9 : 1e6;
    } else if (magicBE === PCAP_MAGIC_MICRO || magicBE === PCAP_MAGIC_NANO) {
      this.little = false;
      this.unitsPerSecond = magicBE === PCAP_MAGIC_NANO ? 1e9 : 1e6;
    } else {
      this.halt('capture.unknown-format', `not a pcap file (magic 0x${magicBE.toString(16).padStart(8, '0')})`, this.base);
      return false;
    }
    const major = v.getUint16(4, this.little);
    const minor = v.getUint16(6, this.little);
    if (major !== 2) {
      this.report('warning', 'pcap.version', `${this.label}: pcap version ${major}.${minor}, expected 2.4; reading anyway`, this.base);
    }
    this.snapLength = v.getUint32(16, this.little);
    // upper bits of the link-type field carry FCS information (pcap spec, LinkType and additional information)
    this.linkType = v.getUint32(20, this.little) & 0x0fffffff & 0xffff;
    this.maxRecord = Math.min(MAX_ANY_RECORD, Math.max(MAX_STANDARD_RECORD, this.snapLength));
    this.sink.interface?.({ id: 0, linkType: this.linkType, snapLength: this.snapLength, unitsPerSecond: this.unitsPerSecond });
    this.pos = GLOBAL_HEADER;
    return true;
  }
}
