/**
 * Encrypted QUIC packets kept (as copies) until the keys that open them are known: the
 * Handshake packets that come before the ServerHello is whole (its CRYPTO data out of
 * order), or every protected packet of a pcapng whose key log block comes later. Bounded:
 * past the budget packets are counted, not kept.
 */

import type { FrameRef } from '../types';
import type { QuicPacketHeader } from './header';
import type { QuicPacketRecord } from './packet-record';

export interface HeldPacket {
  record: QuicPacketRecord;
  /** the header, re-based to the copied bytes */
  header: QuicPacketHeader;
  bytes: Uint8Array;
  at: FrameRef;
}

export class HeldPackets {
  private packets: HeldPacket[] = [];
  private bytes = 0;
  dropped = 0;

  constructor(private readonly budget: number) {}

  get empty(): boolean {
    return this.packets.length === 0;
  }

  /** Keeps a copy of the packet `h` of `datagram` (valid only during the call) and its record. */
  hold(datagram: Uint8Array, h: QuicPacketHeader, record: QuicPacketRecord, at: FrameRef): void {
    const length = h.end - h.start;
    if (this.bytes + length > this.budget) {
      this.dropped++;
      return;
    }
    const header: QuicPacketHeader = { ...h, dcid: h.dcid.slice(), scid: h.scid?.slice() ?? null, token: null, retryTag: null, start: 0, end: length, pnOffset: h.pnOffset - h.start };
    this.packets.push({ record, header, bytes: datagram.slice(h.start, h.end), at });
    this.bytes += length;
  }

  /** Every packet held, in arrival order; none are held after. */
  take(): HeldPacket[] {
    const taken = this.packets;
    this.packets = [];
    this.bytes = 0;
    return taken;
  }
}
