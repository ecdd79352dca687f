/**
 * TLS messages that did not come in TLS records over TCP — QUIC CRYPTO streams (RFC 9001
 * §4.1: handshake messages without records) and reassembled DTLS handshake messages —
 * handed to the TCP path's TLS analyzer as records of its own framing, so hellos,
 * certificates, versions, suites, JA3/JA4 and timings are read by the one parser the TCP
 * reports use. The record headers are this module's: the summary's record lists are the
 * caller's to replace.
 */

import type { FrameRef } from '../types';
import type { DirectionSink } from '../tcp/stream-sink';
import { TlsConnectionAnalyzer } from '../tls/connection';
import { setJa4 } from '../tls/hello';
import type { ClientHelloInfo, TlsSummary } from '../../../contract/report/tls-summary';

const MAX_RECORD = 16384;

export class TlsFeed {
  readonly tls = new TlsConnectionAnalyzer({});
  private readonly offsets = { c2s: 0, s2c: 0 };

  /** One record of `type` carrying `payload` (split as TLS must, RFC 8446 §5.1). */
  record(dir: 'c2s' | 's2c', type: number, version: number, payload: Uint8Array, at: FrameRef): void {
    const sink: DirectionSink = dir === 'c2s' ? this.tls.client : this.tls.server;
    let pos = 0;
    do {
      const piece = payload.subarray(pos, pos + MAX_RECORD);
      const bytes = new Uint8Array(5 + piece.length);
      bytes[0] = type;
      bytes[1] = version >> 8;
      bytes[2] = version & 0xff;
      bytes[3] = piece.length >> 8;
      bytes[4] = piece.length & 0xff;
      bytes.set(piece, 5);
      sink.data(bytes, this.offsets[dir], at, 0);
      this.offsets[dir] += bytes.length;
      pos += piece.length;
    } while (pos < payload.length);
  }

  /** Handshake bytes as they come (a stream of messages): one handshake record. */
  handshake(dir: 'c2s' | 's2c', bytes: Uint8Array, at: FrameRef, version = 0x0303): void {
    if (bytes.length) this.record(dir, 22, version, bytes, at);
  }

  end(): void {
    this.tls.client.end();
    this.tls.server.end();
  }

  /**
   * The TLS summary with JA4 of the transport's kind ("q" QUIC, "d" DTLS: FoxIO's JA4 spec),
   * and without the record lists, which described this module's framing.
   */
  summary(transport: 'q' | 'd'): TlsSummary | null {
    const s = this.tls.summary();
    if (!s) return null;
    for (const h of s.clientHellos) refingerprint(h, transport);
    const first = s.clientHellos[0];
    s.ja4 = first?.ja4 ?? null;
    s.ja4Raw = first?.ja4Raw ?? null;
    s.records = { c2s: [], s2c: [] };
    s.recordsTruncated = { c2s: false, s2c: false };
    s.recordVersions = { c2s: [], s2c: [] };
    s.recordCounts = { c2s: {}, s2c: {} };
    s.startOffset = { c2s: null, s2c: null };
    for (const m of s.messages) m.fileOffsets = [];
    return s;
  }
}

function refingerprint(h: ClientHelloInfo, transport: 'q' | 'd'): void {
  if (!h.sslv2) setJa4(h, transport);
}
