import type { FrameRef } from '../types';
import type { DirectionSink } from '../tcp/stream-sink';
import { addSpan, spanListIf, type SpanList } from './spans';
import { concatBytes } from '../util/bytes';
import {
  MAX_RECORD_LENGTH,
  chainedRecordAt,
  helloRecordAt,
  recordHeaderAt,
  sslv2ClientHelloAt,
  sslv2ServerHelloAt,
  type Verdict,
} from './detect';
import { candidatePositions, pieceOf, slicePieces, type Piece } from './record-pieces';
import { headerLengthOf, sslv2PaddingFits, sslv2RecordLength, TLS_HEADER } from './sslv2-header';

import type { DetectedVia, RecordLayerHooks, TlsRecord } from './record-types';

// the record and the hooks are declared apart (record-types.ts); importers find them here too
export type { RecordLayerHooks, TlsRecord };

/** Before TLS is found in a direction, give up after this much plaintext. */
export const MAX_DETECT_BYTES = 1 << 20;
export const MAX_DETECT_SEGMENTS = 64;

type Mode = 'detect' | 'header' | 'body' | 'resync' | 'off';

interface RecordInProgress {
  record: TlsRecord;
  spanList: SpanList;
  remaining: number;
  fill: number;
  /** the payload is kept, and its buffer (or view) not made yet: made at its first byte */
  payloadDue: boolean;
}


/**
 * Record framing for one direction of a TCP stream. Starts by looking for TLS in the
 * bytes (STARTTLS puts plaintext first), then frames records, buffering only the payloads
 * the owner wants (never application data), and after a gap or a nonsensical header waits
 * for a segment that starts with a trustworthy record boundary.
 */
export class RecordLayer implements DirectionSink {
  private mode: Mode = 'detect';
  private expectedOffset: number | null = null;
  private ended = false;

  // detection state
  private carry: Piece[] = [];
  private detectSegments = 0;
  private detectBytes = 0;
  private plaintext = 0;
  private usedSslv2 = false;
  private detectedAt: number | null = null;

  // framing state
  /** a plain array: a typed array of 5 bytes costs ~200 bytes per direction of every connection */
  private readonly header = [0, 0, 0, 0, 0];
  private headerFill = 0;
  private headerNeed = TLS_HEADER;
  private headerSpans: SpanList;
  /** the frames of the header's first and latest byte */
  private headerFirst: FrameRef | null = null;
  private headerLast: FrameRef | null = null;
  private current: RecordInProgress | null = null;
  private recordIndex = 0;

  constructor(
    private readonly hooks: RecordLayerHooks,
    /**
     * false: records carry no spans, only their first and last frame (the CLI's table lists
     * no messages; the spans were a tenth of the bytes it allocated)
     */
    private readonly keepSpans = true,
  ) {
    this.headerSpans = spanListIf(this.keepSpans);
  }


  get detected(): boolean {
    return this.detectedAt !== null;
  }

  get startOffset(): number | null {
    return this.detectedAt;
  }

  get plaintextBytes(): number {
    return this.plaintext;
  }

  get sslv2(): boolean {
    return this.usedSslv2;
  }

  get gaveUp(): boolean {
    return this.mode === 'off' && this.detectedAt === null;
  }

  data(bytes: Uint8Array, streamOffset: number, origin: FrameRef, payloadOffset: number): void {
    if (this.ended || bytes.length === 0) return;
    let skip = 0;
    if (this.expectedOffset !== null && streamOffset !== this.expectedOffset) {
      if (streamOffset > this.expectedOffset) {
        this.gap(this.expectedOffset, streamOffset - this.expectedOffset, origin);
      } else {
        // overlap with bytes already seen: keep only the new tail
        skip = this.expectedOffset - streamOffset;
        if (skip >= bytes.length) return;
      }
    }
    this.expectedOffset = streamOffset + bytes.length;
    switch (this.mode) {
      case 'off':
        return;
      case 'detect':
        this.detect(pieceOf(bytes, streamOffset, origin, payloadOffset, skip));
        return;
      case 'resync':
        this.resync(pieceOf(bytes, streamOffset, origin, payloadOffset, skip));
        return;
      default:
        // framing, what nearly every segment gets: its bytes as they came, no piece object made
        this.consume(bytes, streamOffset, origin, payloadOffset, skip);
    }
  }

  gap(streamOffset: number, length: number, at: FrameRef): void {
    if (this.ended || length <= 0) return;
    this.expectedOffset = streamOffset + length;
    switch (this.mode) {
      case 'off':
      case 'resync':
        return;
      case 'detect':
        this.plaintext += this.carry.reduce((n, p) => n + p.bytes.length, 0);
        this.carry = [];
        this.detectBytes += length;
        return;
      case 'body': {
        const cur = this.current!;
        if (length < cur.remaining) {
          // the record's framing survives; only its content is lost
          cur.remaining -= length;
          cur.record.damaged = true;
          cur.record.payload = null;
          cur.payloadDue = false;
          this.hooks.onAnomaly('tls.gap-in-record', `${length} bytes missing inside a record at stream offset ${cur.record.streamOffset}`, 'warning', at);
          return;
        }
        if (length === cur.remaining) {
          cur.remaining = 0;
          cur.record.damaged = true;
          cur.record.payload = null;
          cur.payloadDue = false;
          this.hooks.onAnomaly('tls.gap-in-record', `${length} bytes missing at the end of a record at stream offset ${cur.record.streamOffset}`, 'warning', at);
          this.finishRecord(true);
          // the next byte after this gap is a record boundary
          return;
        }
        this.finishRecord(false);
        break;
      }
      case 'header':
        break;
    }
    this.headerFill = 0;
    this.headerSpans = spanListIf(this.keepSpans);
    this.mode = 'resync';
    this.hooks.onAnomaly('tls.gap', `${length} bytes missing at stream offset ${streamOffset}; waiting for a record boundary`, 'warning', at);
  }

  end(): void {
    if (this.ended) return;
    if (this.mode === 'body' && this.current) this.finishRecord(false);
    else if (this.mode === 'header' && this.headerFill > 0) {
      this.hooks.onAnomaly('tls.truncated-record', `stream ended inside a record header (${this.headerFill} bytes)`, 'info');
    }
    if (this.mode === 'detect') this.plaintext += this.carry.reduce((n, p) => n + p.bytes.length, 0);
    this.carry = [];
    this.ended = true;
  }

  // ---------------------------------------------------------------- detection

  private detect(piece: Piece): void {
    this.detectSegments++;
    this.detectBytes += piece.bytes.length;
    const pieces = this.carry.length ? [...this.carry, piece] : [piece];
    const buf = pieces.length === 1 ? piece.bytes : concatBytes(...pieces.map((p) => p.bytes));
    const segmentStart = buf.length - piece.bytes.length;
    this.carry = [];

    // position 0 first, before the scan for line ends: a TLS stream starts right there, and
    // scanning a whole first flight for line ends was wasted on every connection
    const first = this.judge(buf, 0, true);
    const positions = first === 'no' ? candidatePositions(buf, segmentStart).slice(1) : [0];
    for (const p of positions) {
      const verdict = p === 0 ? first : this.judge(buf, p, p === segmentStart);
      if (verdict === 'no') continue;
      if (verdict === 'more') {
        this.plaintext += p;
        this.carry = slicePieces(pieces, p, true);
        this.checkScanLimit();
        return;
      }
      this.plaintext += p;
      const startPieces = slicePieces(pieces, p, false);
      this.detectedAt = startPieces[0].streamOffset;
      this.mode = 'header';
      for (const sp of startPieces) {
        if ((this.mode as Mode) === 'resync') break;
        this.consume(sp.bytes, sp.streamOffset, sp.origin, sp.payloadOffset, 0);
      }
      return;
    }
    this.plaintext += buf.length;
    this.checkScanLimit();
  }

  private checkScanLimit(): void {
    if (this.detectSegments < MAX_DETECT_SEGMENTS && this.detectBytes < MAX_DETECT_BYTES) return;
    this.plaintext += this.carry.reduce((n, p) => n + p.bytes.length, 0);
    this.carry = [];
    this.mode = 'off';
  }

  private judge(buf: Uint8Array, p: number, segmentStart: boolean): 'no' | 'more' | DetectedVia {
    let more = false;
    const take = (v: Verdict): boolean => {
      if (v === 'more') more = true;
      return v === 'yes';
    };
    if (take(helloRecordAt(buf, p))) return 'hello';
    if (take(sslv2ClientHelloAt(buf, p))) {
      this.usedSslv2 = true;
      return 'sslv2';
    }
    if (this.hooks.peerUsedSslv2() && take(sslv2ServerHelloAt(buf, p))) {
      this.usedSslv2 = true;
      return 'sslv2';
    }
    if (this.hooks.peerDetected()) {
      if (take(recordHeaderAt(buf, p, { strictVersion: false }))) return 'record';
    } else if (segmentStart) {
      // nothing vouches for TLS yet (capture started mid-connection): demand more evidence
      if (take(chainedRecordAt(buf, p, { strictVersion: true }))) return 'record';
    }
    return more ? 'more' : 'no';
  }

  private resync(piece: Piece): void {
    if (chainedRecordAt(piece.bytes, 0, { strictVersion: false }) !== 'yes') return;
    this.mode = 'header';
    this.hooks.onAnomaly('tls.resynchronised', `record framing resumed at stream offset ${piece.streamOffset}`, 'info', piece.origin);
    this.consume(piece.bytes, piece.streamOffset, piece.origin, piece.payloadOffset, 0);
  }

  // ---------------------------------------------------------------- framing

  /** Frames bytes[from…]; bytes[0] is at `streamOffset` in the stream and at `payloadOffset` in frame `origin`. */
  private consume(bytes: Uint8Array, streamOffset: number, origin: FrameRef, payloadOffset: number, from: number): void {
    let pos = from;
    while (pos < bytes.length) {
      if (this.mode === 'header') {
        if (this.headerFill === 0) {
          this.headerNeed = headerLengthOf(bytes[pos], this.usedSslv2, this.usedSslv2 && this.hooks.peerUsedSslv2());
          this.headerFirst = origin;
        }
        this.headerLast = origin;
        const n = Math.min(this.headerNeed - this.headerFill, bytes.length - pos);
        for (let i = 0; i < n; i++) this.header[this.headerFill + i] = bytes[pos + i];
        if (this.keepSpans) addSpan(this.headerSpans, origin, payloadOffset + pos, streamOffset + pos, n);
        this.headerFill += n;
        pos += n;
        if (this.headerFill < this.headerNeed) return;
        const headerStart = streamOffset + pos - this.headerNeed;
        if (!this.startRecord(headerStart, origin)) return;
      } else if (this.mode === 'body') {
        const cur = this.current!;
        const n = Math.min(cur.remaining, bytes.length - pos);
        let viewed = false;
        if (cur.payloadDue) {
          cur.payloadDue = false;
          // whole in this segment: a view, not a copy (copies were ~3 % of the table's run)
          viewed = n === cur.remaining && this.hooks.payloadViews();
          cur.record.payload = viewed ? bytes.subarray(pos, pos + n) : this.hooks.payloadBuffer(cur.record.length);
        }
        if (cur.record.payload && !viewed) cur.record.payload.set(bytes.subarray(pos, pos + n), cur.fill);
        cur.fill += n;
        cur.record.last = origin;
        if (this.keepSpans) addSpan(cur.spanList, origin, payloadOffset + pos, streamOffset + pos, n);
        cur.remaining -= n;
        pos += n;
        if (cur.remaining === 0) this.finishRecord(true);
      } else {
        return;
      }
    }
  }

  /** Validates the buffered header and opens the record; false when framing was lost. */
  private startRecord(headerStart: number, at: FrameRef): boolean {
    const h = this.header;
    let format: TlsRecord['format'];
    let contentType: number | null;
    let version: number;
    let length: number;
    if (this.headerNeed !== TLS_HEADER) {
      format = 'sslv2';
      contentType = null;
      version = 0x0002;
      length = sslv2RecordLength(h, this.headerNeed);
      if (!sslv2PaddingFits(h, this.headerNeed, length)) {
        this.loseFraming('tls.bad-record-header', `SSLv2 record of ${length} bytes declares ${h[2]} bytes of padding at stream offset ${headerStart}`, at);
        return false;
      }
    } else {
      format = 'tls';
      contentType = h[0];
      version = (h[1] << 8) | h[2];
      length = (h[3] << 8) | h[4];
      if (h[1] !== 0x03 || h[2] > 0x04) {
        this.loseFraming('tls.bad-record-header', `implausible record header ${hexBytes(h)} at stream offset ${headerStart}`, at);
        return false;
      }
      if (length > MAX_RECORD_LENGTH) {
        this.loseFraming('tls.record-too-long', `record of ${length} bytes (limit ${MAX_RECORD_LENGTH}) at stream offset ${headerStart}`, at);
        return false;
      }
    }
    const spanList = this.headerSpans;
    this.headerSpans = spanListIf(this.keepSpans);
    this.headerFill = 0;
    const record: TlsRecord = {
      format,
      contentType,
      version,
      length,
      headerLength: this.headerNeed,
      streamOffset: headerStart,
      spans: spanList.spans,
      spansTruncated: false,
      first: this.headerFirst!,
      last: this.headerLast!,
      payload: length === 0 && this.hooks.keepsPayload(contentType) ? this.hooks.payloadBuffer(0) : null,
      complete: false,
      damaged: false,
      index: this.recordIndex++,
    };
    this.current = { record, spanList, remaining: length, fill: 0, payloadDue: length > 0 && this.hooks.keepsPayload(contentType) };
    this.mode = 'body';
    if (length === 0) this.finishRecord(true);
    return true;
  }

  private finishRecord(complete: boolean): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    this.mode = 'header';
    const record = cur.record;
    record.complete = complete;
    record.spans = cur.spanList.spans;
    record.spansTruncated = cur.spanList.truncated;
    if (!complete) {
      if (record.payload) record.payload = record.payload.subarray(0, cur.fill);
      this.hooks.onAnomaly('tls.truncated-record', `record at stream offset ${record.streamOffset} ends after ${cur.fill} of ${record.length} bytes`, 'info');
    }
    this.hooks.onRecord(record);
  }

  private loseFraming(code: string, message: string, at: FrameRef): void {
    this.hooks.onAnomaly(code, message, 'warning', at);
    this.headerFill = 0;
    this.headerSpans = spanListIf(this.keepSpans);
    this.mode = 'resync';
  }
}

function hexBytes(b: readonly number[]): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
