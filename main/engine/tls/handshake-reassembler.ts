import type { Severity } from '../types';
import type { TlsRecord } from './record-layer';
import { addSpansCovering, spanListIf, type ByteSpan, type SpanList } from './spans';

/** A handshake message put back together from one or more records. */
export interface HandshakeMessage {
  type: number;
  /** declared body length */
  length: number;
  /** the body; null when it exceeded the reassembly cap (it was counted down, not kept) */
  body: Uint8Array | null;
  /** stream offset of the 4-byte message header */
  streamOffset: number;
  spans: ByteSpan[];
  /** more frames contributed than spans are kept (first ones and the last are listed) */
  spansTruncated: boolean;
  /** records that carried part of this message (1 = not fragmented) */
  recordCount: number;
  /** record-layer version of the record the message started in */
  recordVersion: number;
}

/** Largest message body kept for decoding; bigger ones are skipped (certificate chains are far below). */
export const MAX_HANDSHAKE_MESSAGE = 1 << 20;

interface Pending {
  type: number;
  length: number;
  parts: Uint8Array[] | null;
  fill: number;
  streamOffset: number;
  spans: SpanList;
  recordCount: number;
  recordVersion: number;
  lastRecordIndex: number;
}

/** What a reassembler reports to. */
export interface HandshakeHooks {
  onMessage(m: HandshakeMessage): void;
  onHandshakeAnomaly(code: string, message: string, severity: Severity): void;
}

/**
 * Turns the payloads of plaintext handshake records into messages: several messages may
 * share a record and one message may span many records. Memory is bounded by the cap on
 * one message; nothing else is kept between records.
 */
export class HandshakeReassembler {
  /** a plain array: a typed array of 4 bytes costs ~200 bytes per direction of every connection */
  private readonly header = [0, 0, 0, 0];
  private headerFill = 0;
  private headerStream = 0;
  private headerSpans: SpanList;
  private headerRecordVersion = 0;
  private pending: Pending | null = null;

  constructor(
    private readonly hooks: HandshakeHooks,
    /** false: messages carry no spans (their records carry none either: RecordLayer's keepSpans) */
    private readonly keepSpans = true,
  ) {
    this.headerSpans = spanListIf(this.keepSpans);
  }


  /** true while a message (or its header) is only partly received */
  get incomplete(): boolean {
    return this.headerFill > 0 || this.pending !== null;
  }

  push(record: TlsRecord): void {
    const payload = record.payload;
    if (!payload) return;
    const base = record.streamOffset + record.headerLength;
    let pos = 0;
    while (pos < payload.length) {
      if (!this.pending) {
        if (this.headerFill === 0) {
          this.headerStream = base + pos;
          this.headerRecordVersion = record.version;
        }
        const n = Math.min(4 - this.headerFill, payload.length - pos);
        for (let i = 0; i < n; i++) this.header[this.headerFill + i] = payload[pos + i];
        this.addSpans(this.headerSpans, record, base + pos, n);
        this.headerFill += n;
        pos += n;
        if (this.headerFill < 4) return;
        this.open(record);
        continue;
      }
      const p = this.pending;
      const n = Math.min(p.length - p.fill, payload.length - pos);
      // a message whole in this record is read before the record is gone: a view will do; a
      // part waiting for the next record is copied (a record's payload may share its memory)
      const wholeHere = p.fill === 0 && n === p.length;
      if (p.parts) p.parts.push(wholeHere ? payload.subarray(pos, pos + n) : new Uint8Array(payload.subarray(pos, pos + n)));
      this.addSpans(p.spans, record, base + pos, n);
      if (p.lastRecordIndex !== record.index) {
        p.recordCount++;
        p.lastRecordIndex = record.index;
      }
      p.fill += n;
      pos += n;
      if (p.fill === p.length) this.finish();
    }
  }

  /** Drops a partly received message (the stream became unreadable or encrypted mid-message). */
  reset(reason: string): void {
    if (this.incomplete) {
      this.hooks.onHandshakeAnomaly('tls.handshake-incomplete', `partial handshake message discarded: ${reason}`, 'warning');
    }
    this.headerFill = 0;
    this.headerSpans = spanListIf(this.keepSpans);
    this.pending = null;
  }

  private open(record: TlsRecord): void {
    const h = this.header;
    const type = h[0];
    const length = (h[1] << 16) | (h[2] << 8) | h[3];
    const keep = length <= MAX_HANDSHAKE_MESSAGE;
    if (!keep) {
      this.hooks.onHandshakeAnomaly('tls.handshake-too-long', `handshake message type ${type} declares ${length} bytes (limit ${MAX_HANDSHAKE_MESSAGE}); skipped`, 'warning');
    }
    this.pending = {
      type,
      length,
      parts: keep ? [] : null,
      fill: 0,
      streamOffset: this.headerStream,
      spans: this.headerSpans,
      recordCount: 1,
      recordVersion: this.headerRecordVersion,
      lastRecordIndex: record.index,
    };
    this.headerFill = 0;
    this.headerSpans = spanListIf(this.keepSpans);
    if (length === 0) this.finish();
  }

  private finish(): void {
    const p = this.pending!;
    this.pending = null;
    let body: Uint8Array | null = null;
    if (p.parts) {
      if (p.parts.length === 1) body = p.parts[0];
      else {
        body = new Uint8Array(p.length);
        let at = 0;
        for (const part of p.parts) {
          body.set(part, at);
          at += part.length;
        }
      }
    }
    this.hooks.onMessage({
      type: p.type,
      length: p.length,
      body,
      streamOffset: p.streamOffset,
      spans: p.spans.spans,
      spansTruncated: p.spans.truncated,
      recordCount: p.recordCount,
      recordVersion: p.recordVersion,
    });
  }

  private addSpans(list: SpanList, record: TlsRecord, streamOffset: number, length: number): void {
    if (!this.keepSpans) return;
    if (record.spansTruncated) list.truncated = true;
    addSpansCovering(list, record.spans, streamOffset, length);
  }
}
