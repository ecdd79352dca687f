/**
 * Connection reports built in code for the view tests: a TLS 1.2 ECDHE
 * handshake by default, with the knobs the tests turn (offered suites, the
 * chosen suite, key exchange, version, alerts, data runs, event count).
 */
import type { AlertEntry, ClientHelloInfo, ConnectionReportView, Direction, ServerHelloInfo, TlsMessage, TlsSummary } from '../../contract/api';
import type { TcpEvent, TcpEventKind } from '../../contract/report/tcp-events';
import { cipherSuiteName } from '../../contract/names/cipher-suites';

export const T0 = 1_700_000_000;

export function event(kind: TcpEventKind, frame: number, ms: number, dir: Direction, over: Partial<TcpEvent> = {}): TcpEvent {
  const flags: Record<TcpEventKind, string> = {
    syn: 'SYN',
    'syn-ack': 'SYN, ACK',
    ack: 'ACK',
    data: 'PSH, ACK',
    fin: 'FIN, ACK',
    'fin-ack': 'ACK',
    rst: 'RST',
    retransmission: 'PSH, ACK',
    'out-of-order': 'PSH, ACK',
    'keep-alive': 'ACK',
    'zero-window': 'ACK',
    gap: 'ACK',
  };
  return { kind, frame, time: T0 + ms / 1000, dir, fileOffset: 24 + frame * 100, flags: flags[kind], seq: 0, len: 0, ...over };
}

export function dataEvent(frame: number, ms: number, dir: Direction, segments: number, bytes: number, lastFrame = frame + segments - 1, lastMs = ms): TcpEvent {
  return event('data', frame, ms, dir, { len: Math.min(bytes, 1448), segments, bytes, lastFrame, lastTime: T0 + lastMs / 1000 });
}

export function message(dir: Direction, kind: TlsMessage['kind'], type: TlsMessage['type'], name: string, frames: number[], ms: number, length: number, over: Partial<TlsMessage> = {}): TlsMessage {
  const plainHandshake = kind === 'handshake' && typeof type === 'number';
  return {
    dir,
    kind,
    type,
    name,
    recordType: kind === 'handshake' ? 22 : kind === 'change_cipher_spec' ? 20 : kind === 'alert' ? 21 : 23,
    frames,
    time: T0 + ms / 1000,
    length,
    recordVersion: '0x0303',
    streamOffset: 0,
    // handshake spans start after the record header and include the 4-byte handshake header; the others include the record header
    fileOffsets: frames.map((frame, i) => ({ frame, fileOffset: 24 + frame * 100, payloadOffset: 66 + (plainHandshake && i === 0 ? 5 : 0), length: i === 0 ? (plainHandshake ? length + 4 : length + 5) : 0 })),
    ...over,
  };
}

export function clientHello(suites: number[], over: Partial<ClientHelloInfo> = {}): ClientHelloInfo {
  return {
    sslv2: false,
    frame: 4,
    time: T0 + 0.02,
    legacyVersion: '0x0303',
    legacyVersionName: 'TLS 1.2',
    random: 'a1'.repeat(32),
    sessionId: '',
    cipherSuites: suites,
    cipherSuiteNames: suites.map(cipherSuiteName),
    compressionMethods: [0],
    extensions: [
      { type: 0, name: 'server_name', length: 16, grease: false },
      { type: 10, name: 'supported_groups', length: 8, grease: false },
    ],
    supportedVersions: [],
    supportedVersionNames: [],
    sni: 'www.example.com',
    serverNames: ['www.example.com'],
    alpn: ['h2', 'http/1.1'],
    supportedGroups: [29, 23],
    supportedGroupNames: ['x25519', 'secp256r1'],
    keyShareGroups: [],
    signatureAlgorithms: [],
    signatureAlgorithmNames: [],
    ecPointFormats: [0],
    pskOffered: false,
    pskKeyExchangeModes: [],
    earlyData: false,
    sessionTicketLength: null,
    renegotiationInfo: false,
    statusRequest: false,
    signedCertificateTimestamp: false,
    encryptThenMac: false,
    extendedMasterSecret: false,
    encryptedClientHello: false,
    encryptedServerName: false,
    ja3: null,
    ja3Full: null,
    ja4: 't12d1702h2_aaaaaaaaaaaa_bbbbbbbbbbbb',
    ja4Raw: null,
    malformed: false,
    ...over,
  };
}

export function serverHello(suite: number, over: Partial<ServerHelloInfo> = {}): ServerHelloInfo {
  return {
    frame: 6,
    time: T0 + 0.05,
    helloRetryRequest: false,
    legacyVersion: '0x0303',
    legacyVersionName: 'TLS 1.2',
    random: 'b2'.repeat(32),
    sessionId: '',
    cipherSuite: suite,
    cipherSuiteHex: `0x${suite.toString(16).padStart(4, '0')}`,
    cipherSuiteName: cipherSuiteName(suite),
    compressionMethod: 0,
    extensions: [],
    supportedVersion: null,
    keyShareGroup: null,
    keyShareGroupName: null,
    alpn: 'h2',
    pskSelectedIdentity: null,
    sessionTicket: false,
    renegotiationInfo: false,
    statusRequest: false,
    signedCertificateTimestamp: false,
    encryptThenMac: false,
    extendedMasterSecret: false,
    ja3s: '',
    ja3sFull: '',
    malformed: false,
    ...over,
  };
}

export interface SyntheticOptions {
  /** cipher suites the client offers */
  offered?: number[];
  /** the suite the server picks (null: no ServerHello) */
  chosen?: number | null;
  keyExchange?: string;
  version?: '0x0303' | '0x0304';
  alerts?: AlertEntry[];
  /** application-data round trips after the handshake */
  exchanges?: number;
}

/** A TLS 1.2 ECDHE connection: TCP handshake, full TLS handshake, `exchanges` request/response pairs, close_notify, FIN both ways. */
export function syntheticConnection(options: SyntheticOptions = {}): ConnectionReportView {
  const offered = options.offered ?? [0xc02f, 0xc030, 0x009c, 0x002f];
  const chosen = options.chosen === undefined ? 0xc02f : options.chosen;
  const exchanges = options.exchanges ?? 2;
  const events: TcpEvent[] = [event('syn', 1, 0, 'c2s'), event('syn-ack', 2, 10, 's2c'), event('ack', 3, 10.2, 'c2s'), dataEvent(4, 10.5, 'c2s', 1, 200)];
  const messages: TlsMessage[] = [message('c2s', 'handshake', 1, 'client_hello', [4], 10.5, 195, { detail: { sni: 'www.example.com', cipherSuites: offered.length, extensions: 2 } })];
  let frame = 5;
  let ms = 20;
  if (chosen !== null) {
    events.push(dataEvent(6, 20, 's2c', 3, 3000, 8, 21));
    messages.push(
      message('s2c', 'handshake', 2, 'server_hello', [6], 20, 60, { detail: { cipherSuite: '0xc02f', cipherSuiteName: cipherSuiteName(chosen), helloRetryRequest: false } }),
      message('s2c', 'handshake', 11, 'certificate', [6, 7, 8], 21, 2500, { detail: { count: 2 } }),
      message('s2c', 'handshake', 12, 'server_key_exchange', [8], 21, 300, { detail: { namedCurve: 29, namedCurveName: 'x25519', dhPrimeBits: null, signatureAlgorithm: 0x0804, signatureAlgorithmName: 'rsa_pss_rsae_sha256', malformed: false } }),
      message('s2c', 'handshake', 14, 'server_hello_done', [8], 21, 0),
    );
    events.push(dataEvent(10, 31, 'c2s', 1, 126));
    messages.push(
      message('c2s', 'handshake', 16, 'client_key_exchange', [10], 31, 33, { detail: { length: 33 } }),
      message('c2s', 'change_cipher_spec', 20, 'change_cipher_spec', [10], 31, 1),
      message('c2s', 'handshake', 'encrypted', 'encrypted', [10], 31, 40),
    );
    events.push(dataEvent(11, 41, 's2c', 1, 51));
    messages.push(message('s2c', 'change_cipher_spec', 20, 'change_cipher_spec', [11], 41, 1), message('s2c', 'handshake', 'encrypted', 'encrypted', [11], 41, 40));
    frame = 12;
    ms = 45;
    for (let i = 0; i < exchanges; i++) {
      events.push(dataEvent(frame, ms, 'c2s', 1, 100));
      if (i === 0) messages.push(message('c2s', 'application_data', 23, 'application_data', [frame], ms, 95, { position: 'first' }));
      events.push(dataEvent(frame + 1, ms + 20, 's2c', 4, 5000, frame + 4, ms + 21));
      if (i === 0) messages.push(message('s2c', 'application_data', 23, 'application_data', [frame + 1], ms + 20, 1400, { position: 'first' }));
      frame += 5;
      ms += 30;
    }
    // close_notify from the client, encrypted (inferred), then FINs
    events.push(dataEvent(frame, ms, 'c2s', 1, 31));
    messages.push(message('c2s', 'alert', 'encrypted', 'encrypted_alert', [frame], ms, 26));
  }
  const alerts: AlertEntry[] = options.alerts ?? (chosen !== null ? [{ dir: 'c2s', level: 1, levelName: 'warning', description: 0, descriptionName: 'close_notify', encrypted: true, inferred: true, frame, time: T0 + ms / 1000 }] : []);
  for (const a of alerts) {
    if (!a.encrypted && chosen === null) {
      events.push(dataEvent(a.frame, (a.time - T0) * 1000, a.dir, 1, 7));
      messages.push(message(a.dir, 'alert', 21, a.descriptionName, [a.frame], (a.time - T0) * 1000, 2, { detail: { level: a.level, levelName: a.levelName, description: a.description, descriptionName: a.descriptionName } }));
      frame = a.frame + 1;
      ms = (a.time - T0) * 1000 + 1;
    }
  }
  events.push(event('fin', frame + 1, ms + 1, 'c2s'), event('fin-ack', frame + 2, ms + 11, 's2c'), event('fin', frame + 3, ms + 11.5, 's2c'), event('fin-ack', frame + 4, ms + 11.7, 'c2s'));
  const suiteName = chosen === null ? null : cipherSuiteName(chosen);
  const tls13 = options.version === '0x0304';
  const tls: TlsSummary = {
    version: chosen === null ? null : (options.version ?? '0x0303'),
    versionName: chosen === null ? null : tls13 ? 'TLS 1.3' : 'TLS 1.2',
    versionSource: chosen === null ? null : tls13 ? 'server_hello.supported_versions' : 'server_hello.version',
    cipherSuite: chosen === null ? null : `0x${chosen.toString(16).padStart(4, '0')}`,
    cipherSuiteName: suiteName,
    sni: 'www.example.com',
    alpnOffered: ['h2', 'http/1.1'],
    alpnSelected: chosen === null ? null : 'h2',
    keyExchange: chosen === null ? null : (options.keyExchange ?? (tls13 ? 'TLS1.3-ECDHE' : 'ECDHE')),
    authentication: 'RSA',
    group: 'x25519',
    resumed: false,
    handshakeComplete: chosen !== null,
    helloRetryRequest: false,
    ja3: null,
    ja3Full: null,
    ja3s: null,
    ja3sFull: null,
    ja4: 't12d1702h2_aaaaaaaaaaaa_bbbbbbbbbbbb',
    ja4Raw: null,
    certificates: chosen === null ? [] : [
      { subject: 'CN=www.example.com', issuer: 'CN=Example CA', subjectCN: 'www.example.com', issuerCN: 'Example CA', notBefore: '2023-01-01T00:00:00.000Z', notAfter: '2024-01-01T00:00:00.000Z', sha256: 'ab'.repeat(32), sha1: 'cd'.repeat(20), sans: ['www.example.com'], keyType: 'rsa', keyBits: 2048, signatureAlgorithm: 'sha256WithRSAEncryption', serialNumber: '01', selfSigned: false, isCA: false },
      { subject: 'CN=Example CA', issuer: 'CN=Example Root', subjectCN: 'Example CA', issuerCN: 'Example Root', notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z', sha256: 'ef'.repeat(32), sha1: '01'.repeat(20), sans: [], keyType: 'ec', keyBits: 256, signatureAlgorithm: 'ecdsa-with-SHA256', serialNumber: '02', selfSigned: false, isCA: true },
    ],
    clientCertificates: [],
    validation: chosen === null ? null : { verdict: 'expired', steps: [{ code: 'chain.validity', ok: false, message: 'Certificate #0 "www.example.com" had expired.', certIndex: 0 }], trustAnchor: null },
    alerts,
    timings: {
      clientHelloToServerHelloMs: chosen === null ? null : 9.5,
      clientHelloToFirstFinishedMs: chosen === null ? null : 20.5,
      handshakeMs: chosen === null ? null : 30.5,
      firstAppDataC2sMs: chosen === null ? null : 34.5,
      firstAppDataS2cMs: chosen === null ? null : 54.5,
      tcpStart: T0,
      clientHello: T0 + 0.0105,
      serverHello: chosen === null ? null : T0 + 0.02,
      firstFinished: null,
      lastFinished: chosen === null ? null : T0 + 0.041,
      firstAppDataC2s: chosen === null ? null : T0 + 0.045,
      firstAppDataS2c: chosen === null ? null : T0 + 0.065,
      closeNotifyC2s: null,
      closeNotifyS2c: null,
      finC2s: null,
      finS2c: null,
      rst: null,
    },
    records: { c2s: [], s2c: [] },
    recordsTruncated: { c2s: false, s2c: false },
    recordCounts: { c2s: {}, s2c: {} },
    recordVersions: { c2s: [], s2c: [] },
    handshakeTypes: { c2s: [], s2c: [] },
    messages,
    messagesTruncated: false,
    clientHellos: [clientHello(offered, tls13 ? { supportedVersions: [0x0304, 0x0303], supportedVersionNames: ['TLS 1.3', 'TLS 1.2'], keyShareGroups: [29] } : {})],
    serverHellos: chosen === null ? [] : [serverHello(chosen, tls13 ? { supportedVersion: 0x0304, keyShareGroup: 29, keyShareGroupName: 'x25519' } : {})],
    appData: { c2s: { records: exchanges, bytes: exchanges * 95 }, s2c: { records: exchanges * 4, bytes: exchanges * 4900 } },
    anomalies: [],
    anomalyCount: 0,
    incompleteRecords: { c2s: 0, s2c: 0 },
    startOffset: { c2s: 0, s2c: 0 },
    plaintextBytes: { c2s: 0, s2c: 0 },
    decryption: null,
  };
  const last = events[events.length - 1];
  return {
    id: 7,
    transport: 'tcp',
    client: '10.0.0.1:50000',
    server: '93.184.216.34:443',
    clientDeterminedBy: 'syn',
    firstFrame: 1,
    start: T0,
    end: last.time,
    durationMs: (last.time - T0) * 1000,
    frames: { c2s: 10, s2c: 12 },
    bytes: { c2s: 2000, s2c: 20000 },
    payloadBytes: { c2s: 1000, s2c: 18000 },
    tcp: {
      syn: true,
      synAck: true,
      ackAfterSynAck: true,
      finFromClient: true,
      finFromServer: true,
      rstFromClient: false,
      rstFromServer: false,
      handshakeRttMs: 10.2,
      serverRttMs: 10,
      clientRttMs: 0.2,
      retransmissions: 0,
      outOfOrder: 0,
      overlaps: 0,
      keepAlives: 0,
      zeroWindows: 0,
      gaps: 0,
      gapBytes: 0,
      closeKind: 'four-way',
      times: { syn: T0, synAck: T0 + 0.01, ackAfterSynAck: T0 + 0.0102, finFromClient: null, finFromServer: null, finAckedByServer: null, finAckedByClient: null, rstFromClient: null, rstFromServer: null },
    },
    events,
    eventsTruncated: false,
    tls,
  };
}
