/**
 * DTLS handshake messages (RFC 6347 §4.2.2-4.2.4): each fragment carries the message's
 * type, total length and message_seq plus its own offset and length, so a message is
 * rebuilt from fragments in any order, and a fragment that disagrees with the message it
 * claims to belong to (another type or length under the same message_seq) is kept apart.
 * A message seen whole again is a retransmission (§4.2.4). Buffering is bounded.
 */

export const DTLS_HANDSHAKE_HEADER = 12;
/** RFC 6347 leaves the size to TLS (2^24); a handshake message past this is not buffered */
export const MAX_MESSAGE_LENGTH = 256 * 1024;
const MAX_PENDING_MESSAGES = 32;

export interface HandshakeFragment {
  type: number;
  length: number;
  messageSeq: number;
  fragmentOffset: number;
  fragmentLength: number;
  body: Uint8Array;
}

export interface CompletedMessage {
  type: number;
  messageSeq: number;
  body: Uint8Array;
  /** the message was cut into several fragments */
  fragmented: boolean;
  /** the same message_seq was completed before in this direction */
  retransmitted: boolean;
  frames: number[];
}

/** Fragment headers of one handshake record payload; `problem` when the bytes end inside one. */
export function parseFragments(payload: Uint8Array): { fragments: HandshakeFragment[]; problem: string | null } {
  const fragments: HandshakeFragment[] = [];
  let pos = 0;
  while (pos < payload.length) {
    if (payload.length - pos < DTLS_HANDSHAKE_HEADER) return { fragments, problem: `handshake fragment header truncated (${payload.length - pos} bytes)` };
    const p = payload;
    const f: HandshakeFragment = {
      type: p[pos],
      length: (p[pos + 1] << 16) | (p[pos + 2] << 8) | p[pos + 3],
      messageSeq: (p[pos + 4] << 8) | p[pos + 5],
      fragmentOffset: (p[pos + 6] << 16) | (p[pos + 7] << 8) | p[pos + 8],
      fragmentLength: (p[pos + 9] << 16) | (p[pos + 10] << 8) | p[pos + 11],
      body: new Uint8Array(0),
    };
    const start = pos + DTLS_HANDSHAKE_HEADER;
    if (start + f.fragmentLength > payload.length) return { fragments, problem: `fragment of message_seq ${f.messageSeq} claims ${f.fragmentLength} bytes, ${payload.length - start} remain` };
    if (f.fragmentOffset + f.fragmentLength > f.length) return { fragments, problem: `fragment of message_seq ${f.messageSeq} runs past its message (${f.fragmentOffset}+${f.fragmentLength} > ${f.length})` };
    f.body = payload.subarray(start, start + f.fragmentLength);
    fragments.push(f);
    pos = start + f.fragmentLength;
  }
  return { fragments, problem: null };
}

interface Pending {
  type: number;
  length: number;
  buffer: Uint8Array;
  /** covered [start, end) ranges, merged */
  covered: Array<[number, number]>;
  fragments: number;
  frames: number[];
}

export type FragmentOutcome =
  | { kind: 'complete'; message: CompletedMessage }
  | { kind: 'partial' }
  | { kind: 'mismatch'; detail: string }
  | { kind: 'too-large'; detail: string };

/** One direction's reassembly. */
export class HandshakeReassembly {
  private readonly pending = new Map<number, Pending>();
  private readonly completed = new Set<number>();

  add(f: HandshakeFragment, frame: number): FragmentOutcome {
    if (f.length > MAX_MESSAGE_LENGTH) return { kind: 'too-large', detail: `handshake message_seq ${f.messageSeq} of ${f.length} bytes exceeds ${MAX_MESSAGE_LENGTH}: not reassembled` };
    let p = this.pending.get(f.messageSeq);
    if (p && (p.type !== f.type || p.length !== f.length)) {
      return { kind: 'mismatch', detail: `fragment of message_seq ${f.messageSeq} says type ${f.type}, length ${f.length}; the message has type ${p.type}, length ${p.length}: kept apart` };
    }
    if (!p) {
      if (this.pending.size >= MAX_PENDING_MESSAGES) this.pending.delete(this.pending.keys().next().value!);
      p = { type: f.type, length: f.length, buffer: new Uint8Array(f.length), covered: [], fragments: 0, frames: [] };
      this.pending.set(f.messageSeq, p);
    }
    p.buffer.set(f.body, f.fragmentOffset);
    p.fragments++;
    p.frames.push(frame);
    addRange(p.covered, f.fragmentOffset, f.fragmentOffset + f.fragmentLength);
    const whole = p.length === 0 || (p.covered.length === 1 && p.covered[0][0] === 0 && p.covered[0][1] === p.length);
    if (!whole) return { kind: 'partial' };
    this.pending.delete(f.messageSeq);
    const retransmitted = this.completed.has(f.messageSeq);
    this.completed.add(f.messageSeq);
    return { kind: 'complete', message: { type: p.type, messageSeq: f.messageSeq, body: p.buffer, fragmented: p.fragments > 1, retransmitted, frames: p.frames } };
  }

  /** message_seq values still missing bytes at the end */
  get incomplete(): number[] {
    return [...this.pending.keys()];
  }
}

function addRange(ranges: Array<[number, number]>, start: number, end: number): void {
  ranges.push([start, end]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  ranges.length = 0;
  ranges.push(...merged);
}

/**
 * A DTLS ClientHello body without its cookie (RFC 6347 §4.2.1 puts it after the session id):
 * the TLS ClientHello the hello parser reads. Also the cookie, hex.
 */
export function splitClientHelloCookie(body: Uint8Array): { tlsBody: Uint8Array; cookie: Uint8Array } | null {
  const sidAt = 2 + 32;
  if (body.length < sidAt + 1) return null;
  const cookieAt = sidAt + 1 + body[sidAt];
  if (cookieAt >= body.length) return null;
  const cookieLength = body[cookieAt];
  if (cookieAt + 1 + cookieLength > body.length) return null;
  const tlsBody = new Uint8Array(body.length - 1 - cookieLength);
  tlsBody.set(body.subarray(0, cookieAt), 0);
  tlsBody.set(body.subarray(cookieAt + 1 + cookieLength), cookieAt);
  return { tlsBody, cookie: body.slice(cookieAt + 1, cookieAt + 1 + cookieLength) };
}

/** HelloVerifyRequest (RFC 6347 §4.2.1): server_version, then the cookie. */
export function helloVerifyCookie(body: Uint8Array): Uint8Array | null {
  if (body.length < 3) return null;
  const length = body[2];
  return 3 + length <= body.length ? body.slice(3, 3 + length) : null;
}
