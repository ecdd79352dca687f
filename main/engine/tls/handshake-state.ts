/**
 * What a TLS connection has learnt from its handshake, across both directions: the hellos,
 * the version chosen (TLS 1.3 rules or not), the key exchange, and when each side finished.
 * The record dispatcher and the handshake reader write it; the summary reads it.
 */

import type { DirectionState } from './direction-state';
import type { ServerKeyExchangeInfo } from './handshake-messages';
import { isTls13Family } from '../../../contract/names/versions';
import type { ClientHelloInfo, ServerHelloInfo } from '../../../contract/report/tls-summary';

const MAX_HELLOS = 16;

export class HandshakeState {
  readonly clientHellos: ClientHelloInfo[] = [];
  /** what the analysis itself needs of the first ClientHello: its SNI (the table) and whether it offers TLS 1.3 */
  firstHello: { sni: string | null; offersTls13: boolean } | null = null;
  readonly serverHellos: ServerHelloInfo[] = [];
  /** the first ServerHello that is not a HelloRetryRequest (not kept for the table: see chosenVersion) */
  negotiated: ServerHelloInfo | null = null;
  /** the version that ServerHello chose (supported_versions first), null before it */
  chosenVersion: number | null = null;
  /** TLS 1.3 rules apply (a TLS 1.3 ServerHello or HelloRetryRequest was seen) */
  tls13 = false;
  serverKeyExchange: ServerKeyExchangeInfo | null = null;
  /** TLS 1.3: the protocol the server chose, from its (decrypted) EncryptedExtensions */
  encryptedExtensionsAlpn: string | null = null;
  /** TLS 1.3: the server's encrypted flight has started; the client's next record is its Finished */
  serverFlight13 = false;
  serverFlightRecords13 = 0;
  lastServerFlightTime: number | null = null;
  clientFinished13 = false;
  handshakeDone = false;
  firstFinished: number | null = null;
  lastFinished: number | null = null;

  constructor(
    readonly c2s: DirectionState,
    readonly s2c: DirectionState,
    /** false: only the table's facts are wanted, the hellos are not kept */
    private readonly keepHellos: boolean,
  ) {}

  peerOf(state: DirectionState): DirectionState {
    return state === this.c2s ? this.s2c : this.c2s;
  }

  /** A ServerHello chose TLS 1.3: from here every record but CCS and clear alerts is protected. */
  get tls13Chosen(): boolean {
    return this.tls13 && this.chosenVersion !== null;
  }

  get clientOffersTls13(): boolean {
    return this.firstHello?.offersTls13 ?? false;
  }

  /** The first ServerHello that is not a HelloRetryRequest chose this version: TLS 1.3 rules apply from here if it is one. */
  chooseVersion(version: number): void {
    if (this.chosenVersion !== null) return;
    this.chosenVersion = version;
    this.tls13 = isTls13Family(version);
  }

  keepClientHello(hello: ClientHelloInfo): void {
    this.firstHello ??= { sni: hello.sni, offersTls13: hello.supportedVersions.some(isTls13Family) };
    // the table asks for nothing else: kept, the hellos would outlive two scavenges for nothing
    if (this.keepHellos && this.clientHellos.length < MAX_HELLOS) this.clientHellos.push(hello);
  }

  keepServerHello(hello: ServerHelloInfo): void {
    if (this.serverHellos.length < MAX_HELLOS) this.serverHellos.push(hello);
  }

  /** A direction's Finished (read, or its encrypted record after CCS): the handshake is done once both have one. */
  directionFinished(state: DirectionState, time: number): void {
    if (state.finished) return;
    state.finished = true;
    state.finishedTime = time;
    this.noteFinished(time);
    if (this.c2s.finished && this.s2c.finished) this.handshakeDone = true;
  }

  noteFinished(time: number): void {
    if (this.firstFinished === null) this.firstFinished = time;
    else if (this.lastFinished === null) this.lastFinished = time;
  }
}
