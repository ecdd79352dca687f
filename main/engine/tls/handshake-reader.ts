/**
 * Reads the handshake messages a direction's reassembler puts together (clear, or decrypted
 * upstream): lists each one, tells the decryptor what its keys depend on, and records in
 * the handshake state what the hellos, certificates, key exchange and Finished say.
 */

import type { ConnectionDecryptor } from './decrypt/connection-decryptor';
import type { DirectionState } from './direction-state';
import type { ConnectionAnomalies } from './connection-anomalies';
import type { HandshakeMessage } from './handshake-reassembler';
import type { HandshakeState } from './handshake-state';
import type { MessageLog } from './message-log';
import type { TlsRecord } from './record-layer';
import { clientHelloFacts, serverHelloFacts } from './hello-facts';
import { parseClientHelloFields, parseServerHello } from './hello';
import { describeHandshakeBody, parseCertificateList, parseServerKeyExchange } from './handshake-messages';
import { suiteParts } from './cipher-suite-info';
import { markDecrypted, messageEntry, type Decrypted } from './message-entry';
import * as CT from '../../../contract/names/handshake-types';
import * as X from '../../../contract/names/extensions';
import { ByteReader } from './byte-reader';
import { decodeAlpn, parseExtensionBlock } from './extensions';
import { lastOf } from '../util/last';

export class HandshakeReader {
  /** the decrypted record being fed to the handshake reassembler: its messages are marked decrypted */
  private currentDecrypted: Decrypted | null = null;

  constructor(
    private readonly hs: HandshakeState,
    private readonly log: MessageLog,
    private readonly anomalies: ConnectionAnomalies,
    private readonly decryption: ConnectionDecryptor | null,
    /** only the table's facts are wanted: hellos are skimmed, not parsed */
    private readonly tableFactsOnly: boolean,
  ) {}

  /** A readable handshake record: its bytes go to the direction's reassembler, which calls `onMessage`. */
  push(state: DirectionState, record: TlsRecord, dec: Decrypted | null): void {
    this.currentDecrypted = dec;
    state.reassembler.push(record);
    this.currentDecrypted = null;
  }

  /** A message put together by a direction's handshake reassembler. */
  onMessage(state: DirectionState, msg: HandshakeMessage): void {
    const hs = this.hs;
    const last = lastOf(msg.spans);
    const time = last?.time ?? this.anomalies.latest?.time ?? 0;
    const frame = last?.frame ?? null;
    state.listHandshake(msg.type);
    // a TLS 1.3 handshake record travels as application data (23); decrypted, its messages are handshake
    // null when nothing will read the list (the table): the message is not built, its details not worked out
    const m = this.log.keeps ? messageEntry(state.dir, 'handshake', msg.type, CT.handshakeTypeName(msg.type), this.currentDecrypted?.record.contentType ?? CT.CT_HANDSHAKE, msg.spans, msg.spansTruncated, time, msg.length, msg.recordVersion, msg.streamOffset) : null;
    if (m) {
      if (msg.recordCount > 1) m.recordCount = msg.recordCount;
      if (this.currentDecrypted) {
        markDecrypted(m, this.currentDecrypted);
        const r = this.currentDecrypted.record;
        m.protectedRecord = { fileOffsets: r.spans.map((s) => ({ frame: s.frame, fileOffset: s.fileOffset, payloadOffset: s.payloadOffset, length: s.length })), length: r.length };
      }
      this.log.add(m);
    }
    this.decryption?.handshakeMessage(state.dir, msg.type, msg.body, { streamOffset: msg.streamOffset, spans: msg.spans, decrypted: this.currentDecrypted !== null }, frame);
    const body = msg.body;
    if (!body) {
      if (m) m.detail = { skipped: true };
      return;
    }
    if (msg.type === CT.HS_CLIENT_KEY_EXCHANGE) this.decryption?.clientKeyExchange(body);
    const skim = this.tableFactsOnly && !this.decryption;
    switch (msg.type) {
      case CT.HS_CLIENT_HELLO: {
        if (skim) {
          // nobody reads this hello (the log discards its message): the facts the analysis needs
          const facts = clientHelloFacts(body);
          if (facts.malformed) this.anomalies.atLatest('tls.malformed-client-hello', 'ClientHello fields run past its end', 'warning');
          hs.firstHello ??= { sni: facts.sni, offersTls13: facts.offersTls13 };
          return;
        }
        const hello = parseClientHelloFields(body, { frame, time });
        if (hello.malformed) this.anomalies.atLatest('tls.malformed-client-hello', 'ClientHello fields run past its end', 'warning');
        hs.keepClientHello(hello);
        this.decryption?.clientHello(hello);
        if (m) m.detail = { sni: hello.sni, cipherSuites: hello.cipherSuites.length, extensions: hello.extensions.length };
        return;
      }
      case CT.HS_SERVER_HELLO: {
        if (skim) {
          const facts = serverHelloFacts(body);
          if (facts.malformed) this.anomalies.atLatest('tls.malformed-server-hello', 'ServerHello fields run past its end', 'warning');
          if (facts.helloRetryRequest) hs.tls13 = true;
          else hs.chooseVersion(facts.supportedVersion ?? facts.legacyVersion);
          return;
        }
        const hello = parseServerHello(body, { frame, time });
        if (hello.malformed) this.anomalies.atLatest('tls.malformed-server-hello', 'ServerHello fields run past its end', 'warning');
        hs.keepServerHello(hello);
        if (hello.helloRetryRequest) {
          if (m) m.name = 'hello_retry_request';
          hs.tls13 = true;
        } else {
          if (!hs.negotiated) {
            hs.negotiated = hello;
            hs.chooseVersion(hello.supportedVersion ?? parseInt(hello.legacyVersion, 16));
          }
          // every ServerHello, a renegotiation's too: it names the keys the next CCS switches to
          this.decryption?.serverHello(hello);
        }
        if (m) m.detail = { cipherSuite: hello.cipherSuiteHex, cipherSuiteName: hello.cipherSuiteName, helloRetryRequest: hello.helloRetryRequest };
        return;
      }
      case CT.HS_CERTIFICATE: {
        const list = parseCertificateList(body, hs.tls13, !this.tableFactsOnly);
        if (list.malformed) this.anomalies.atLatest('tls.malformed-certificate', 'Certificate message is malformed', 'warning');
        if (list.dropped) this.anomalies.atLatest('tls.certificates-capped', `${list.dropped} certificates beyond the limits were not kept`, 'info');
        if (state.certificates === null) {
          state.certificates = list.certificates;
          state.certificateTime = time;
          state.certificatesDropped = list.dropped;
        }
        if (m) m.detail = { count: list.kept + list.dropped };
        return;
      }
      case CT.HS_SERVER_KEY_EXCHANGE: {
        if (this.tableFactsOnly) return; // only the summary shows it
        const suite = hs.negotiated?.cipherSuite ?? null;
        const kx = suite === null ? null : suiteParts(suite).keyExchange;
        const ske = parseServerKeyExchange(body, kx, parseInt(hs.negotiated?.legacyVersion ?? '0x0303', 16));
        if (!hs.serverKeyExchange) hs.serverKeyExchange = ske;
        if (m) m.detail = { ...ske };
        return;
      }
      case CT.HS_ENCRYPTED_EXTENSIONS: {
        // TLS 1.3 moved the server's ALPN choice here (RFC 8446 §4.3.1): readable only decrypted
        const alpn = parseExtensionBlock(new ByteReader(body), 'encrypted_extensions').data.get(X.EXT_ALPN);
        if (alpn) hs.encryptedExtensionsAlpn ??= decodeAlpn(alpn).protocols[0] ?? null;
        if (m) {
          const detail = describeHandshakeBody(msg.type, body, hs.tls13);
          if (detail) m.detail = detail;
        }
        return;
      }
      case CT.HS_FINISHED:
        // a readable Finished: NULL cipher, or decrypted upstream
        hs.directionFinished(state, time);
        if (hs.tls13) {
          // what the keyless rules infer from record order, now known: keeps them consistent if one side stops decrypting
          if (state.dir === 's2c') {
            hs.serverFlight13 = true;
            hs.lastServerFlightTime ??= time;
          } else hs.clientFinished13 = true;
        }
        if (m) m.detail = describeHandshakeBody(msg.type, body, hs.tls13);
        return;
      default: {
        if (!m) return;
        const detail = describeHandshakeBody(msg.type, body, hs.tls13);
        if (detail) m.detail = detail;
      }
    }
  }
}
