/**
 * QUIC frames (RFC 9000 §19, DATAGRAM of RFC 9221, ACK_FREQUENCY and TIME_STAMP of the
 * drafts browsers and servers ship) read from a decrypted payload: each named as tshark
 * names it, with what a reader wants of it. A frame type this reader does not know ends
 * the walk (its length is unknowable) and is reported.
 */

import { latin1 } from '../tls/byte-reader';
import { VarintReader } from './varint';

export interface QuicFrame {
  type: number;
  name: string;
  /** CRYPTO and STREAM: where the data sits in its stream, and the data (a view of the plaintext) */
  offset?: number;
  data?: Uint8Array;
  streamId?: number;
  fin?: boolean;
  /** ACK: largest acknowledged; PADDING: how many bytes (consecutive padding is one frame) */
  largest?: number;
  length?: number;
  /** CONNECTION_CLOSE: the error code, the frame type that caused it (transport close), the reason */
  errorCode?: number;
  errorName?: string;
  frameType?: number;
  reason?: string;
  /** NEW_CONNECTION_ID: sequence number, retire-prior-to and the connection ID (hex) */
  sequence?: number;
  retirePriorTo?: number;
  connectionId?: Uint8Array;
}

export interface FrameWalk {
  frames: QuicFrame[];
  /** why the walk stopped before the end of the payload */
  problem: string | null;
}

const NAMES = new Map<number, string>([
  [0x00, 'PADDING'],
  [0x01, 'PING'],
  [0x02, 'ACK'],
  [0x03, 'ACK'],
  [0x04, 'RESET_STREAM'],
  [0x05, 'STOP_SENDING'],
  [0x06, 'CRYPTO'],
  [0x07, 'NEW_TOKEN'],
  [0x10, 'MAX_DATA'],
  [0x11, 'MAX_STREAM_DATA'],
  [0x12, 'MAX_STREAMS'],
  [0x13, 'MAX_STREAMS'],
  [0x14, 'DATA_BLOCKED'],
  [0x15, 'STREAM_DATA_BLOCKED'],
  [0x16, 'STREAMS_BLOCKED'],
  [0x17, 'STREAMS_BLOCKED'],
  [0x18, 'NEW_CONNECTION_ID'],
  [0x19, 'RETIRE_CONNECTION_ID'],
  [0x1a, 'PATH_CHALLENGE'],
  [0x1b, 'PATH_RESPONSE'],
  [0x1c, 'CONNECTION_CLOSE'],
  [0x1d, 'CONNECTION_CLOSE'],
  [0x1e, 'HANDSHAKE_DONE'],
  [0x30, 'DATAGRAM'],
  [0x31, 'DATAGRAM'],
  [0xaf, 'ACK_FREQUENCY'],
  [0x02f5, 'TIME_STAMP'],
]);

/** RFC 9000 §20.1 transport error codes; 0x0100-0x01ff carry a TLS alert */
const TRANSPORT_ERRORS = [
  'NO_ERROR',
  'INTERNAL_ERROR',
  'CONNECTION_REFUSED',
  'FLOW_CONTROL_ERROR',
  'STREAM_LIMIT_ERROR',
  'STREAM_STATE_ERROR',
  'FINAL_SIZE_ERROR',
  'FRAME_ENCODING_ERROR',
  'TRANSPORT_PARAMETER_ERROR',
  'CONNECTION_ID_LIMIT_ERROR',
  'PROTOCOL_VIOLATION',
  'INVALID_TOKEN',
  'APPLICATION_ERROR',
  'CRYPTO_BUFFER_EXCEEDED',
  'KEY_UPDATE_ERROR',
  'AEAD_LIMIT_REACHED',
  'NO_VIABLE_PATH',
];

export function transportErrorName(code: number): string {
  if (code < TRANSPORT_ERRORS.length) return TRANSPORT_ERRORS[code];
  if (code >= 0x100 && code <= 0x1ff) return `CRYPTO_ERROR (TLS alert ${code - 0x100})`;
  return `unknown (0x${code.toString(16)})`;
}

export function frameName(type: number): string {
  if (type >= 0x08 && type <= 0x0f) return 'STREAM';
  return NAMES.get(type) ?? `unknown (0x${type.toString(16)})`;
}

/** A reason phrase is the peer's text: kept short, and only as text. */
const MAX_REASON = 256;

export function parseFrames(payload: Uint8Array): FrameWalk {
  const r = new VarintReader(payload);
  const frames: QuicFrame[] = [];
  while (r.remaining > 0) {
    const at = r.pos;
    const type = r.varint();
    if (r.failed) return { frames, problem: `frame type truncated at payload byte ${at}` };
    const f: QuicFrame = { type, name: frameName(type) };
    if (!readFrameBody(r, type, f)) {
      if (!NAMES.has(type) && !(type >= 0x08 && type <= 0x0f)) return { frames, problem: `unknown frame type 0x${type.toString(16)} at payload byte ${at}` };
      return { frames, problem: `${f.name} frame truncated at payload byte ${at}` };
    }
    // tshark lists a run of PADDING bytes as one frame
    const last = frames[frames.length - 1];
    if (type === 0 && last?.type === 0) last.length = (last.length ?? 1) + (f.length ?? 1);
    else frames.push(f);
  }
  return { frames, problem: null };
}

/** Reads the frame's fields after its type; false when the bytes run out or the type is unknown. */
function readFrameBody(r: VarintReader, type: number, f: QuicFrame): boolean {
  if (type >= 0x08 && type <= 0x0f) {
    f.streamId = r.varint();
    f.offset = type & 0x04 ? r.varint() : 0;
    const length = type & 0x02 ? r.varint() : r.remaining;
    f.data = r.take(length);
    f.fin = (type & 0x01) !== 0;
    return !r.failed;
  }
  switch (type) {
    case 0x00: {
      let n = 1;
      while (r.remaining > 0 && r.bytes[r.pos] === 0) {
        r.pos++;
        n++;
      }
      f.length = n;
      return true;
    }
    case 0x01:
    case 0x1e:
      return true;
    case 0x02:
    case 0x03: {
      f.largest = r.varint();
      r.varint(); // ACK Delay
      const ranges = r.varint();
      r.varint(); // First ACK Range
      for (let i = 0; i < ranges && !r.failed; i++) {
        r.varint();
        r.varint();
      }
      if (type === 0x03) for (let i = 0; i < 3; i++) r.varint();
      return !r.failed;
    }
    case 0x04:
      f.streamId = r.varint();
      f.errorCode = r.varint();
      r.varint();
      return !r.failed;
    case 0x05:
      f.streamId = r.varint();
      f.errorCode = r.varint();
      return !r.failed;
    case 0x06:
      f.offset = r.varint();
      f.data = r.take(r.varint());
      return !r.failed;
    case 0x07:
      r.take(r.varint());
      return !r.failed;
    case 0x10:
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x16:
    case 0x17:
    case 0x19:
      r.varint();
      return !r.failed;
    case 0x11:
    case 0x15:
      f.streamId = r.varint();
      r.varint();
      return !r.failed;
    case 0x18: {
      f.sequence = r.varint();
      f.retirePriorTo = r.varint();
      const length = r.u8();
      if (length < 1 || length > 20) return false;
      f.connectionId = r.take(length);
      r.take(16); // Stateless Reset Token
      return !r.failed;
    }
    case 0x1a:
    case 0x1b:
      r.take(8);
      return !r.failed;
    case 0x1c:
    case 0x1d: {
      f.errorCode = r.varint();
      if (type === 0x1c) {
        f.frameType = r.varint();
        f.errorName = transportErrorName(f.errorCode);
      } else {
        f.errorName = `application error 0x${f.errorCode.toString(16)}`;
      }
      const reason = r.take(r.varint());
      f.reason = latin1(reason.subarray(0, MAX_REASON));
      return !r.failed;
    }
    case 0x30:
      f.data = r.take(r.remaining);
      return true;
    case 0x31:
      f.data = r.take(r.varint());
      return !r.failed;
    case 0xaf:
      // draft-ietf-quic-ack-frequency: sequence, threshold, max ack delay, reordering threshold
      for (let i = 0; i < 4; i++) r.varint();
      return !r.failed;
    case 0x02f5:
      // draft-huitema-quic-ts: one timestamp
      r.varint();
      return !r.failed;
    default:
      return false;
  }
}
