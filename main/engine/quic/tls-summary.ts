/**
 * The TLS side of a QUIC connection: its CRYPTO streams, level by level and direction by
 * direction, read by the TCP path's TLS analyzer (udp/tls-feed.ts), plus the QUIC transport
 * parameters each hello carries (RFC 9001 §8.2). Built when a report asks, from the
 * reassembled streams the connection keeps.
 */

import type { FrameRef } from '../types';
import type { Direction } from '../tcp/stream-sink';
import { ByteReader } from '../tls/byte-reader';
import { walkExtensions } from '../tls/extensions';
import type { TlsSummary } from '../../../contract/report/tls-summary';
import { TlsFeed } from '../udp/tls-feed';
import { concatBytes } from '../util/bytes';
import type { CryptoLevel, QuicConnection } from './connection';
import { parseTransportParameters, type TransportParameter } from './transport-parameters';

const LEVELS: readonly CryptoLevel[] = ['initial', 'handshake', '1rtt'];
const EXT_QUIC_TRANSPORT_PARAMETERS = 57;
const EXT_QUIC_TRANSPORT_PARAMETERS_DRAFT = 0xffa5;

interface Piece {
  dir: Direction;
  bytes: Uint8Array;
  at: FrameRef;
  /** the piece cannot be read before the one before it in its direction: its effective frame */
  order: number;
}

export function quicTlsSummary(c: QuicConnection): TlsSummary | null {
  const pieces: Piece[] = [];
  for (const dir of ['c2s', 's2c'] as const) {
    let order = 0;
    for (const level of LEVELS) {
      for (const chunk of c.crypto[dir][level].chunks) {
        order = Math.max(order, chunk.at.frame);
        pieces.push({ dir, bytes: chunk.bytes, at: chunk.at, order });
      }
    }
  }
  if (!pieces.length) return null;
  // stable: within a direction the level order holds; across directions, capture order
  pieces.sort((a, b) => a.order - b.order);
  const feed = new TlsFeed();
  // pieces of one direction back to back go as one record: the TLS analyzer recognises a stream
  // by its first record, which must hold a whole handshake header (a CRYPTO frame may hold 1 byte)
  for (let i = 0; i < pieces.length; ) {
    let j = i + 1;
    while (j < pieces.length && pieces[j].dir === pieces[i].dir) j++;
    const run = pieces.slice(i, j);
    feed.handshake(pieces[i].dir, run.length === 1 ? run[0].bytes : concatBytes(...run.map((p) => p.bytes)), run[run.length - 1].at);
    i = j;
  }
  feed.end();
  return feed.summary('q');
}

/** The transport parameters of the hello at the start of a direction's Initial CRYPTO stream (ClientHello) or of EncryptedExtensions. */
export function transportParameters(c: QuicConnection, dir: Direction): TransportParameter[] | null {
  const stream = dir === 'c2s' ? c.crypto.c2s.initial.readable() : c.crypto.s2c.handshake.readable();
  const body = messageBody(stream, dir === 'c2s' ? 1 : 8);
  if (!body) return null;
  const r = new ByteReader(body);
  if (dir === 'c2s') {
    r.skip(2 + 32);
    r.vector(1);
    r.vector(2);
    r.vector(1);
  }
  let found: Uint8Array | null = null;
  walkExtensions(r, (type, data) => {
    if (!found && (type === EXT_QUIC_TRANSPORT_PARAMETERS || type === EXT_QUIC_TRANSPORT_PARAMETERS_DRAFT)) found = data.bytesView(data.remaining);
  });
  return found ? parseTransportParameters(found).parameters : null;
}

/** The body of the first message of `type` among the whole messages at the start of `stream`. */
function messageBody(stream: Uint8Array, type: number): Uint8Array | null {
  let pos = 0;
  while (pos + 4 <= stream.length) {
    const length = (stream[pos + 1] << 16) | (stream[pos + 2] << 8) | stream[pos + 3];
    if (pos + 4 + length > stream.length) return null;
    if (stream[pos] === type) return stream.subarray(pos + 4, pos + 4 + length);
    pos += 4 + length;
  }
  return null;
}
