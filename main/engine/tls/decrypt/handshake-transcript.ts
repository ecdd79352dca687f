/**
 * The running hash of a handshake, for the Finished check and the extended master secret:
 * every handshake message (4-byte header and body) in order, HelloRequest excepted
 * (RFC 5246 §7.4.1.1). The hash is not known before the ServerHello, so the candidates
 * run side by side and are copied when a value is asked for. After a HelloRetryRequest the
 * first ClientHello is replaced by the synthetic message_hash message (RFC 8446 §4.4.1).
 * One transcript per handshake: a renegotiation starts a new one.
 */

import { createHash, type Hash } from 'node:crypto';
import type { HashName } from './kdf';

const HASHES: readonly HashName[] = ['md5', 'sha1', 'sha256', 'sha384'];
const HS_HELLO_REQUEST = 0;
const HS_CLIENT_HELLO = 1;
const HS_MESSAGE_HASH = 254;

export class HandshakeTranscript {
  private hashes: Record<HashName, Hash> = fresh();
  /** the first ClientHello's hash per algorithm, until the ServerHello says whether it was retried */
  private firstClientHello: Record<HashName, Buffer> | null = null;
  private messages = 0;
  /** bytes could not be added (a message too big to keep): no value from this transcript is right */
  broken = false;

  add(type: number, body: Uint8Array | null): void {
    if (type === HS_HELLO_REQUEST) return;
    if (!body) {
      this.broken = true;
      return;
    }
    const header = Uint8Array.of(type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff);
    for (const h of HASHES) this.hashes[h].update(header).update(body);
    if (type === HS_CLIENT_HELLO && this.messages === 0) this.firstClientHello = this.digests();
    this.messages++;
  }

  /** Bytes hashed as they are: an SSLv2-format ClientHello has no 4-byte handshake header. */
  addRaw(bytes: Uint8Array): void {
    for (const h of HASHES) this.hashes[h].update(bytes);
    this.messages++;
  }

  /** A HelloRetryRequest is about to be added: ClientHello1 becomes message_hash(Hash(ClientHello1)). */
  retried(): void {
    const first = this.firstClientHello;
    if (!first) {
      this.broken = true;
      return;
    }
    this.hashes = fresh();
    for (const h of HASHES) this.hashes[h].update(Uint8Array.of(HS_MESSAGE_HASH, 0, 0, first[h].length)).update(first[h]);
  }

  /** Hash of the messages so far. */
  digest(hash: HashName): Buffer {
    return this.hashes[hash].copy().digest();
  }

  private digests(): Record<HashName, Buffer> {
    return { md5: this.digest('md5'), sha1: this.digest('sha1'), sha256: this.digest('sha256'), sha384: this.digest('sha384') };
  }
}

function fresh(): Record<HashName, Hash> {
  return { md5: createHash('md5'), sha1: createHash('sha1'), sha256: createHash('sha256'), sha384: createHash('sha384') };
}
