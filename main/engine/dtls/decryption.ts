/**
 * DTLS 1.0/1.2 records opened with a logged master secret (CLIENT_RANDOM or RSA Session-ID
 * lines): the key block is TLS's (RFC 5246 §6.3, DTLS 1.0 taking TLS 1.1's rules, RFC 6347
 * §4.1.2), and each record's explicit epoch and sequence number stand where TLS counts
 * records (§4.1.2.1), so a record lost or reordered does not stop the ones after it.
 */

import type { KeyStore } from '../tls/decrypt/key-store';
import { tls12Decryptor, tls12KeyBlock, TLS_1_1, TLS_1_2, type Tls12Session } from '../tls/decrypt/key-schedule';
import type { Opened, RecordDecryptor } from '../tls/decrypt/record-cipher';
import { cipherSpec } from '../tls/decrypt/suites';
import { fromHex } from '../tls/decrypt/kdf';
import { toHex } from '../tls/byte-reader';
import { parseServerHello } from '../tls/hello';
import type { Direction } from '../tcp/stream-sink';

const EPOCH_FACTOR = 2 ** 48;

export class DtlsDecryption {
  private clientRandom: string | null = null;
  private clientSessionId = '';
  private readonly decryptors: Partial<Record<Direction, RecordDecryptor | null>> = {};
  /** why nothing can be opened, once known */
  unavailable: string | null = null;
  opened = 0;
  failed = 0;

  constructor(private readonly keys: KeyStore) {}

  /** The ClientHello body (cookie removed): its random names the logged secret. */
  clientHello(body: Uint8Array): void {
    if (body.length < 35) return;
    this.clientRandom = toHex(body.subarray(2, 34));
    this.clientSessionId = toHex(body.subarray(35, 35 + Math.min(body[34], body.length - 35)));
  }

  /** The ServerHello: with its random, suite and version the keys of epoch 1 are made. */
  serverHello(body: Uint8Array, dtlsVersion: number): void {
    const sh = parseServerHello(body, { frame: null, time: null });
    if (sh.malformed || !this.clientRandom) return;
    const spec = cipherSpec(sh.cipherSuite);
    if (!spec) {
      this.unavailable = `suite ${sh.cipherSuiteName} cannot be decrypted`;
      return;
    }
    const secrets = this.keys.forClientRandom(this.clientRandom);
    const masterSecret = secrets?.masterSecret ?? this.keys.forSessionId(sh.sessionId || this.clientSessionId)?.masterSecret;
    if (!masterSecret) {
      this.unavailable = 'no master secret logged for this ClientHello';
      return;
    }
    const session: Tls12Session = {
      spec,
      version: dtlsVersion === 0xfefd ? TLS_1_2 : TLS_1_1,
      masterSecret,
      clientRandom: fromHex(this.clientRandom),
      serverRandom: fromHex(sh.random),
      encryptThenMac: sh.encryptThenMac,
    };
    const block = tls12KeyBlock(session);
    this.decryptors.c2s = tls12Decryptor(session, block.client);
    this.decryptors.s2c = tls12Decryptor(session, block.server);
    this.unavailable = null;
  }

  /** Whether records of this direction after its ChangeCipherSpec can be opened. */
  canOpen(dir: Direction): boolean {
    return !!this.decryptors[dir];
  }

  open(dir: Direction, contentType: number, version: number, epoch: number, sequence: number, payload: Uint8Array): Opened | null {
    const d = this.decryptors[dir];
    if (!d?.setSequence) return null;
    d.setSequence(epoch * EPOCH_FACTOR + sequence);
    const opened = d.open(contentType, version, payload);
    if (opened) this.opened++;
    else this.failed++;
    return opened;
  }
}
