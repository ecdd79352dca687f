/**
 * The per-connection TLS result. This is a JSON contract read by other tools: field names
 * are stable; enum-like values stay raw numbers with names alongside for display.
 */

import type { Anomaly } from './anomaly';
import type { Direction } from './tcp-events';
import type { ChainValidation } from '../certs/steps';
import type { CertificateInfo } from '../certs/certificate-info';

export type { Direction };

/** Where a message's bytes are in the capture file: one entry per contributing frame. */
export interface FileSpan {
  frame: number;
  /** file offset of the frame's packet data */
  fileOffset: number;
  /** offset of the first byte inside the frame's packet data */
  payloadOffset: number;
  length: number;
}

export interface ExtensionEntry {
  type: number;
  name: string;
  length: number;
  grease: boolean;
  /** decoded content for extensions we understand; absent otherwise */
  decoded?: Record<string, unknown>;
}

export interface ClientHelloInfo {
  /** SSLv2-format hello (cipher specs are 3-byte values, no extensions) */
  sslv2: boolean;
  frame: number | null;
  time: number | null;
  legacyVersion: string;
  legacyVersionName: string;
  random: string;
  sessionId: string;
  cipherSuites: number[];
  cipherSuiteNames: string[];
  compressionMethods: number[];
  extensions: ExtensionEntry[];
  supportedVersions: number[];
  supportedVersionNames: string[];
  /** first host_name of server_name, or null */
  sni: string | null;
  serverNames: string[];
  alpn: string[];
  supportedGroups: number[];
  supportedGroupNames: string[];
  keyShareGroups: number[];
  signatureAlgorithms: number[];
  signatureAlgorithmNames: string[];
  ecPointFormats: number[];
  pskOffered: boolean;
  pskKeyExchangeModes: number[];
  earlyData: boolean;
  /** session_ticket extension: null if absent, else the ticket length (0 = asking for a new one) */
  sessionTicketLength: number | null;
  renegotiationInfo: boolean;
  statusRequest: boolean;
  signedCertificateTimestamp: boolean;
  encryptThenMac: boolean;
  extendedMasterSecret: boolean;
  encryptedClientHello: boolean;
  encryptedServerName: boolean;
  ja3: string | null;
  ja3Full: string | null;
  ja4: string | null;
  /** JA4 with the sorted lists in clear ("JA4_r") */
  ja4Raw: string | null;
  /** the hello ended before its declared fields did */
  malformed: boolean;
}

export interface ServerHelloInfo {
  frame: number | null;
  time: number | null;
  helloRetryRequest: boolean;
  legacyVersion: string;
  legacyVersionName: string;
  random: string;
  sessionId: string;
  cipherSuite: number;
  cipherSuiteHex: string;
  cipherSuiteName: string;
  compressionMethod: number;
  extensions: ExtensionEntry[];
  /** supported_versions selection, or null */
  supportedVersion: number | null;
  /** key_share group (or the group an HRR asks for) */
  keyShareGroup: number | null;
  keyShareGroupName: string | null;
  alpn: string | null;
  /** pre_shared_key selected identity index, or null */
  pskSelectedIdentity: number | null;
  sessionTicket: boolean;
  renegotiationInfo: boolean;
  statusRequest: boolean;
  signedCertificateTimestamp: boolean;
  encryptThenMac: boolean;
  extendedMasterSecret: boolean;
  ja3s: string;
  ja3sFull: string;
  malformed: boolean;
}

export type MessageKind = 'handshake' | 'change_cipher_spec' | 'alert' | 'application_data' | 'heartbeat' | 'sslv2' | 'unknown';

export interface TlsMessage {
  dir: Direction;
  kind: MessageKind;
  /** handshake type / SSLv2 message type / content type; "encrypted" when unreadable without keys */
  type: number | 'encrypted';
  name: string;
  /** content type of the record on the wire (23 for TLS 1.3 encrypted handshake); null for SSLv2 */
  recordType: number | null;
  frames: number[];
  /** time of the frame that completed the message */
  time: number;
  /** message length (handshake body length, or record payload length for other kinds) */
  length: number;
  recordVersion: string;
  streamOffset: number;
  fileOffsets: FileSpan[];
  /** spans were capped; fileOffsets lists the first and the last frames only */
  fileOffsetsTruncated?: boolean;
  /** records that carried this handshake message when it was fragmented */
  recordCount?: number;
  /** for application data: which of the direction's records this is ("first" / "last") */
  position?: 'first' | 'last' | 'first-and-last';
  /** read by decrypting its record with logged keys (absent otherwise) */
  decrypted?: true;
  /** TLS 1.3, decrypted: the content type inside the record (22, 21, 23); `recordType` stays the wire type */
  innerType?: number;
  /**
   * A handshake message read from a decrypted record: `fileOffsets` place its plaintext over
   * the ciphertext it was decrypted from; this is the protected record it came out of (header
   * included), the bytes the capture really holds. Record-level entries need none: their
   * `fileOffsets` are the record.
   */
  protectedRecord?: { fileOffsets: FileSpan[]; length: number };
  detail?: Record<string, unknown>;
}

export interface AlertEntry {
  dir: Direction;
  level: number | null;
  levelName: string | null;
  description: number | null;
  /** "close_notify" …; "encrypted" when it cannot be read without keys (unless inferred) */
  descriptionName: string;
  encrypted: boolean;
  /** description guessed from position and size (an encrypted close_notify before FIN) */
  inferred: boolean;
  /** read by decrypting its record with logged keys (then `encrypted` is false); absent otherwise */
  decrypted?: true;
  frame: number;
  time: number;
}

/** What decryption with logged keys (NSS key log file or pcapng DSB) found; null when the analysis had no keys at all. */
export interface DecryptionSummary {
  /** secrets for this connection's client random (or session id) were known while it was analysed */
  keysFound: boolean;
  source: 'keylog' | 'dsb' | null;
  decryptedRecords: number;
  /** protected records not decrypted although keys were found (authentication failed — then the rest of that direction too —, or cut short by the capture) */
  failedRecords: number;
  /** TLS 1.3: the real content type of each decrypted record, per direction in wire order (capped like `records`) */
  innerTypes: PerDirection<number[]>;
  /** "http/1.1" (request/response line), "h2" (HTTP/2 client preface) from the first decrypted application data; else null */
  appProtocol: 'http/1.1' | 'h2' | null;
  /** the first ≤256 decrypted application-data bytes per direction: printable ASCII, \\, \r, \n, \t and \xNN escapes. Hostile data: show as text. */
  firstAppData: PerDirection<string | null>;
  /** keys were found, but the suite's cipher is not available for decryption here: its name in the suite ("RC4_128", "DES_CBC", "IDEA_CBC", "SEED_CBC" …); absent otherwise */
  undecryptableCipher?: string;
  /** how the keys came about, value by value; null when no secrets were found for this connection */
  keySchedule: KeySchedule | null;
  /** the key schedules of sessions negotiated later in the same connection (renegotiation); absent when none */
  renegotiatedKeySchedules?: KeySchedule[];
}

/** Where a key-schedule value came from. */
export type KeyValueSource =
  /** a line of the key log file (origin "keylog") or of a pcapng Decryption Secrets Block ("dsb") */
  | { kind: 'keylog'; origin: 'keylog' | 'dsb'; line: number; label: string }
  /** derived here from the values named in `formula` */
  | { kind: 'computed'; formula: string }
  /** bytes of the capture: `length` bytes from absolute file offset `fileOffset`, inside frame `frame` */
  | { kind: 'capture'; frame: number; fileOffset: number; length: number; field: string }
  /** decrypted here with the server RSA private key the user gave */
  | { kind: 'rsa-key'; formula: string };

export interface KeyValue {
  hex: string;
  source: KeyValueSource;
}

export interface Tls12DirectionKeys {
  macKey: KeyValue | null;
  writeKey: KeyValue | null;
  iv: KeyValue | null;
}

export type PreMasterSecret =
  | { kind: 'rsa'; encrypted: KeyValue; decrypted: KeyValue | null; clientVersion: string | null }
  | { kind: 'ecdhe' | 'dhe'; group: string | null; clientPublic: KeyValue | null; serverPublic: KeyValue | null };

export interface Tls12KeySchedule {
  clientRandom: KeyValue;
  serverRandom: KeyValue;
  /** null when the key exchange did not show (the capture missed it) */
  preMaster: PreMasterSecret | null;
  extendedMasterSecret: boolean;
  /** RFC 7627: the hash of the handshake up to the ClientKeyExchange (when the master secret was computed here) */
  sessionHash: KeyValue | null;
  masterSecret: KeyValue;
  /** PRF(master secret, "key expansion", server random ‖ client random) */
  keyBlock: KeyValue;
  client: Tls12DirectionKeys;
  server: Tls12DirectionKeys;
}

export interface TrafficKeys {
  secret: KeyValue;
  key: KeyValue;
  iv: KeyValue;
}

export interface Tls13KeySchedule {
  hash: 'sha256' | 'sha384';
  /** HKDF-Extract(0, 0): computed when no PSK was accepted; the handshake and master secrets need the (EC)DHE shared secret, which no key log holds */
  earlySecret: KeyValue | null;
  clientHandshake: TrafficKeys | null;
  serverHandshake: TrafficKeys | null;
  /** generation 0 from the key log, each later one after a KeyUpdate ("traffic upd") */
  clientApplication: TrafficKeys[];
  serverApplication: TrafficKeys[];
  exporter: KeyValue | null;
}

export interface FinishedCheck {
  /** verify_data computed from the keys and the handshake transcript */
  computed: string;
  /** verify_data as decrypted from the capture */
  decrypted: string;
  ok: boolean;
  frame: number | null;
}

export interface KeySchedule {
  version: string;
  cipherSuite: string;
  tls12: Tls12KeySchedule | null;
  tls13: Tls13KeySchedule | null;
  /** each direction's first Finished that was read; null when it was not */
  finished: PerDirection<FinishedCheck | null>;
}

export interface CertificateEntry extends Partial<CertificateInfo> {
  subject: string;
  issuer: string;
  subjectCN: string | null;
  notBefore: string;
  notAfter: string;
  sha256: string;
  /** DER bytes: a non-enumerable property, so it never reaches JSON */
  der?: Uint8Array;
}

export interface TlsTimings {
  clientHelloToServerHelloMs: number | null;
  clientHelloToFirstFinishedMs: number | null;
  handshakeMs: number | null;
  firstAppDataC2sMs: number | null;
  firstAppDataS2cMs: number | null;
  /** epoch seconds */
  tcpStart: number | null;
  clientHello: number | null;
  serverHello: number | null;
  firstFinished: number | null;
  lastFinished: number | null;
  firstAppDataC2s: number | null;
  firstAppDataS2c: number | null;
  closeNotifyC2s: number | null;
  closeNotifyS2c: number | null;
  finC2s: number | null;
  finS2c: number | null;
  rst: number | null;
}

/** A record's content type, or "sslv2" for an SSLv2-format record (as tshark lists them). */
export type RecordTypeEntry = number | 'sslv2';
/** Handshake type per tshark's convention: number, "encrypted" per unreadable handshake record, "sslv2:N". */
export type HandshakeTypeEntry = number | 'encrypted' | `sslv2:${number}`;

export interface PerDirection<T> {
  c2s: T;
  s2c: T;
}

export interface TlsSummary {
  version: string | null;
  versionName: string | null;
  versionSource: 'server_hello.supported_versions' | 'server_hello.version' | null;
  cipherSuite: string | null;
  cipherSuiteName: string | null;
  sni: string | null;
  alpnOffered: string[];
  alpnSelected: string | null;
  keyExchange: string | null;
  /** authentication algorithm from the suite (RSA, ECDSA, …); null for TLS 1.3 suites */
  authentication: string | null;
  group: string | null;
  resumed: false | 'session-id' | 'ticket' | 'psk';
  handshakeComplete: boolean;
  helloRetryRequest: boolean;
  ja3: string | null;
  ja3Full: string | null;
  ja3s: string | null;
  ja3sFull: string | null;
  ja4: string | null;
  ja4Raw: string | null;
  certificates: CertificateEntry[];
  clientCertificates: CertificateEntry[];
  validation: ChainValidation | null;
  alerts: AlertEntry[];
  timings: TlsTimings;
  /** record content types per direction in wire order (capped) */
  records: PerDirection<RecordTypeEntry[]>;
  recordsTruncated: PerDirection<boolean>;
  /** all records by content type ("sslv2" for SSLv2), counted even past the cap */
  recordCounts: PerDirection<Record<string, number>>;
  /** distinct record-layer versions per direction, in order of appearance ("0x0002" for SSLv2) */
  recordVersions: PerDirection<string[]>;
  /**
   * Handshake messages per direction as tshark lists them: reassembled messages once,
   * "encrypted" per unreadable handshake record (content type 22). Without keys TLS 1.3
   * handshake records travel as application data (23) and are not listed here (see
   * `messages`); with keys the decrypted messages are listed like plaintext ones.
   */
  handshakeTypes: PerDirection<HandshakeTypeEntry[]>;
  messages: TlsMessage[];
  messagesTruncated: boolean;
  clientHellos: ClientHelloInfo[];
  serverHellos: ServerHelloInfo[];
  appData: PerDirection<{ records: number; bytes: number }>;
  anomalies: Anomaly[];
  anomalyCount: number;
  /** records cut short by the end of the capture; not listed in `records` */
  incompleteRecords: PerDirection<number>;
  /** stream offset where TLS began per direction (nonzero after a STARTTLS exchange); null if none */
  startOffset: PerDirection<number | null>;
  /** plaintext bytes seen before TLS began */
  plaintextBytes: PerDirection<number>;
  /** null when the analysis had no key source (no key log, no DSB); see DecryptionSummary */
  decryption: DecryptionSummary | null;
}

/** What the connection table shows of a connection's TLS. */
export type TableTlsFacts = Pick<TlsSummary, 'versionName' | 'sni'>;

/**
 * One protected record opened with the user's keys, for the detail view of one connection
 * (DecryptionOptions.onRecordOpened; never part of the report: a connection has thousands).
 */
export interface OpenedRecord {
  dir: Direction;
  /** the protected record in the capture, header included */
  frame: number;
  fileOffsets: FileSpan[];
  /** content type on the wire (23 for every TLS 1.3 record) */
  recordType: number;
  /** TLS 1.3: the real content type found inside; null before TLS 1.3 */
  innerType: number | null;
  seq: number;
  /** hex: AEAD nonce (fixed IV XOR sequence number, or salt ‖ explicit nonce) or CBC IV; null for NULL encryption */
  nonce: string | null;
  /** hex: AEAD additional data, or the MAC pseudo-header */
  additionalData: string | null;
  /** hex: AEAD tag or record MAC */
  tag: string | null;
  /** the plaintext (decompressed when the session used DEFLATE) */
  plaintext: Uint8Array;
}
