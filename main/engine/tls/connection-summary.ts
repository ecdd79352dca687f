/**
 * The per-connection TLS summary, built on request from what the record dispatcher and the
 * handshake reader gathered: negotiated parameters, certificates and their validation
 * (cached until the certificates change), alerts with inferred close_notify, timings.
 */

import type { DirectionState } from './direction-state';
import type { ConnectionAnomalies } from './connection-anomalies';
import type { HandshakeState } from './handshake-state';
import type { MessageLog } from './message-log';
import type { RecordDispatcher } from './record-dispatch';
import type { CertificateEntry, ClientHelloInfo, DecryptionSummary, ServerHelloInfo, TableTlsFacts, TlsSummary, TlsTimings } from '../../../contract/report/tls-summary';
import type { ChainValidation } from './x509/index';
import { withShownFields } from './hello';
import { keyExchangeOf, suiteParts } from './cipher-suite-info';
import { certificateEntry, validateServerChain } from './certificates';
import { inferCloseNotify } from './alert-inference';
import * as CT from '../../../contract/names/handshake-types';
import { groupName } from '../../../contract/names/groups';
import { hex4, versionName } from '../../../contract/names/versions';

export interface SummaryContext {
  finFromClient?: number;
  finFromServer?: number;
  rstTime?: number;
  tcpStart?: number;
}

/** What the summary is built from. */
export interface SummarySources {
  hs: HandshakeState;
  records: RecordDispatcher;
  log: MessageLog;
  anomalies: ConnectionAnomalies;
  /** the decryption summary, null when no keys were active for this analysis */
  decryption: () => DecryptionSummary | null;
  extraTrustedRoots?: Uint8Array[];
}

interface CertificateSummary {
  certificates: CertificateEntry[];
  clientCertificates: CertificateEntry[];
  validation: ChainValidation | null;
}

/** The two facts the CLI's table shows, without building the summary (no certificate validation). */
export function tableFacts(hs: HandshakeState): TableTlsFacts {
  const versionNumber = hs.chosenVersion;
  return { versionName: versionNumber === null ? null : versionName(versionNumber), sni: hs.firstHello?.sni ?? null };
}

export class SummaryBuilder {
  private cache: (CertificateSummary & { key: string }) | null = null;

  constructor(private readonly src: SummarySources) {}

  build(ctx: SummaryContext): TlsSummary {
    const { hs, records, log, anomalies } = this.src;
    const { c2s, s2c } = hs;
    for (const hello of hs.clientHellos) withShownFields(hello);
    const ch = hs.clientHellos[0] ?? null;
    const sh = hs.negotiated;
    const hrr = hs.serverHellos.find((h) => h.helloRetryRequest) ?? null;
    const versionNumber = hs.chosenVersion;
    const keyShareGroup = sh?.keyShareGroup ?? hrr?.keyShareGroup ?? null;
    const suite = sh?.cipherSuite ?? null;
    const parts = suite === null ? null : suiteParts(suite);
    const keyExchange = keyExchangeOf(suite, hs.tls13, sh?.keyShareGroup ?? null, sh?.pskSelectedIdentity != null);

    let group: string | null = null;
    if (hs.tls13 && keyShareGroup !== null) group = groupName(keyShareGroup);
    else if (hs.serverKeyExchange?.namedCurve != null) group = groupName(hs.serverKeyExchange.namedCurve);

    const certs = this.certificateSummary(ch?.sni ?? null);
    // a decrypted last record was read, not guessed at
    const last = (d: DirectionState) => (d.lastRecord?.decrypted ? null : d.lastRecord);
    const alerts = inferCloseNotify(records.alerts, { c2s: last(c2s), s2c: last(s2c) }, { tls13: hs.tls13 && !!sh, cipherSuite: suite, handshakeComplete: hs.handshakeDone });
    const closeNotify = { ...records.closeNotify };
    for (const a of alerts) if (a.inferred && closeNotify[a.dir] === null) closeNotify[a.dir] = a.time;

    return {
      version: versionNumber === null ? null : hex4(versionNumber),
      versionName: versionNumber === null ? null : versionName(versionNumber),
      versionSource: sh ? (sh.supportedVersion !== null ? 'server_hello.supported_versions' : 'server_hello.version') : null,
      cipherSuite: suite === null ? null : hex4(suite),
      cipherSuiteName: sh?.cipherSuiteName ?? null,
      sni: ch?.sni ?? null,
      alpnOffered: ch?.alpn ?? [],
      alpnSelected: sh?.alpn ?? hs.encryptedExtensionsAlpn,
      keyExchange,
      authentication: hs.tls13 ? null : (parts?.authentication ?? null),
      group,
      resumed: resumption(hs, ch, sh),
      handshakeComplete: hs.handshakeDone,
      helloRetryRequest: hrr !== null,
      ja3: ch?.ja3 ?? null,
      ja3Full: ch?.ja3Full ?? null,
      ja3s: sh?.ja3s ?? null,
      ja3sFull: sh?.ja3sFull ?? null,
      ja4: ch?.ja4 ?? null,
      ja4Raw: ch?.ja4Raw ?? null,
      certificates: certs.certificates,
      clientCertificates: certs.clientCertificates,
      validation: certs.validation,
      alerts,
      timings: timings(hs, ctx, closeNotify),
      records: { c2s: [...c2s.records], s2c: [...s2c.records] },
      recordsTruncated: { c2s: c2s.recordsTruncated, s2c: s2c.recordsTruncated },
      recordCounts: { c2s: { ...c2s.recordCounts }, s2c: { ...s2c.recordCounts } },
      recordVersions: { c2s: [...c2s.recordVersions], s2c: [...s2c.recordVersions] },
      handshakeTypes: { c2s: [...c2s.handshakeTypes], s2c: [...s2c.handshakeTypes] },
      messages: log.snapshot(),
      messagesTruncated: log.truncated,
      clientHellos: [...hs.clientHellos],
      serverHellos: [...hs.serverHellos],
      appData: { c2s: { records: c2s.appRecords, bytes: c2s.appBytes }, s2c: { records: s2c.appRecords, bytes: s2c.appBytes } },
      anomalies: [...anomalies.list],
      anomalyCount: anomalies.count,
      incompleteRecords: { c2s: c2s.incompleteRecords, s2c: s2c.incompleteRecords },
      startOffset: { c2s: c2s.layer.startOffset, s2c: s2c.layer.startOffset },
      plaintextBytes: { c2s: c2s.layer.plaintextBytes, s2c: s2c.layer.plaintextBytes },
      decryption: this.src.decryption(),
    };
  }

  /** Validation is the costly part of a summary: redone only when a chain (or the name checked) changed. */
  private certificateSummary(sni: string | null): CertificateSummary {
    const { c2s, s2c } = this.src.hs;
    // certificates are set once per direction, from null: their count changes the key
    const key = `${s2c.certificates?.length ?? -1}/${c2s.certificates?.length ?? -1}/${sni}`;
    if (this.cache && this.cache.key === key) return this.cache;
    const serverChain = s2c.certificates ?? [];
    const result = {
      key,
      certificates: serverChain.map(certificateEntry),
      clientCertificates: (c2s.certificates ?? []).map(certificateEntry),
      validation: s2c.certificates ? validateServerChain(serverChain, sni, s2c.certificateTime, this.src.extraTrustedRoots) : null,
    };
    this.cache = result;
    return result;
  }
}

/**
 * TLS 1.3: the server accepted a PSK. TLS ≤1.2: an abbreviated handshake (the server goes
 * from ServerHello to ChangeCipherSpec without ServerHelloDone); by session id when the
 * server echoed the client's, else by ticket — the rule tshark-based truth uses — except that
 * a ClientHello offering a non-empty ticket resumes by ticket even when the server echoes the
 * session id: RFC 5077 §3.4 has the client send an id with its ticket (OpenSSL does) and the
 * server echo it to signal that it accepted the ticket.
 */
function resumption(hs: HandshakeState, ch: ClientHelloInfo | null, sh: ServerHelloInfo | null): TlsSummary['resumed'] {
  if (!sh || !ch) return false;
  if (hs.tls13) return sh.pskSelectedIdentity !== null ? 'psk' : false;
  const server = hs.s2c;
  const abbreviated = !server.handshakeTypes.includes(CT.HS_SERVER_HELLO_DONE) && (server.recordCounts[String(CT.CT_CHANGE_CIPHER_SPEC)] ?? 0) > 0;
  if (!abbreviated) return false;
  if ((ch.sessionTicketLength ?? 0) > 0) return 'ticket';
  return sh.sessionId !== '' && sh.sessionId === ch.sessionId ? 'session-id' : 'ticket';
}

function timings(hs: HandshakeState, ctx: SummaryContext, closeNotify: { c2s: number | null; s2c: number | null }): TlsTimings {
  const clientHello = hs.clientHellos[0]?.time ?? null;
  const serverHello = hs.negotiated?.time ?? null;
  // A ClientHello is timed where its last byte arrives. When that byte came after the server's
  // reply (the capture missed a segment and saw its retransmission late), no interval from the
  // hello can be measured: null, not a negative duration.
  const ms = (t: number | null): number | null => (t === null || clientHello === null || t < clientHello ? null : round3((t - clientHello) * 1000));
  const lastFinished = hs.handshakeDone ? (hs.lastFinished ?? hs.firstFinished) : null;
  return {
    clientHelloToServerHelloMs: ms(serverHello),
    clientHelloToFirstFinishedMs: ms(hs.firstFinished),
    handshakeMs: ms(lastFinished),
    firstAppDataC2sMs: ms(hs.c2s.firstAppTime),
    firstAppDataS2cMs: ms(hs.s2c.firstAppTime),
    tcpStart: ctx.tcpStart ?? null,
    clientHello,
    serverHello,
    firstFinished: hs.firstFinished,
    lastFinished,
    firstAppDataC2s: hs.c2s.firstAppTime,
    firstAppDataS2c: hs.s2c.firstAppTime,
    closeNotifyC2s: closeNotify.c2s,
    closeNotifyS2c: closeNotify.s2c,
    finC2s: ctx.finFromClient ?? null,
    finS2c: ctx.finFromServer ?? null,
    rst: ctx.rstTime ?? null,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
