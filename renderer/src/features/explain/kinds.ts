/**
 * Every kind of thing the explanation box can explain: one entry per TCP
 * event kind, per handshake message type the engine names, per alert
 * description, and for CCS, application data and close_notify. Both language
 * catalogs must cover exactly these (test/unit/renderer/features/explain/explain.test.ts).
 */
import type { TcpEventKind } from '../../../../contract/report/tcp-events';

export const TCP_KINDS = ['syn', 'syn-ack', 'ack', 'data', 'fin', 'fin-ack', 'rst', 'retransmission', 'out-of-order', 'keep-alive', 'zero-window', 'gap'] as const;

/** contract/names/handshake-types.ts, plus the encrypted handshake and unknown types */
export const HANDSHAKE_KINDS = [
  'hello_request',
  'client_hello',
  'server_hello',
  'hello_verify_request',
  'new_session_ticket',
  'end_of_early_data',
  'hello_retry_request',
  'encrypted_extensions',
  'request_connection_id',
  'new_connection_id',
  'certificate',
  'server_key_exchange',
  'certificate_request',
  'server_hello_done',
  'certificate_verify',
  'client_key_exchange',
  'client_certificate_request',
  'finished',
  'certificate_url',
  'certificate_status',
  'supplemental_data',
  'key_update',
  'compressed_certificate',
  'ekt_key',
  'next_protocol',
  'message_hash',
  'encrypted',
  'unknown',
] as const;

/** contract/names/alerts.ts, plus unknown */
export const ALERT_KINDS = [
  'close_notify',
  'unexpected_message',
  'bad_record_mac',
  'decryption_failed',
  'record_overflow',
  'decompression_failure',
  'handshake_failure',
  'no_certificate',
  'bad_certificate',
  'unsupported_certificate',
  'certificate_revoked',
  'certificate_expired',
  'certificate_unknown',
  'illegal_parameter',
  'unknown_ca',
  'access_denied',
  'decode_error',
  'decrypt_error',
  'too_many_cids_requested',
  'export_restriction',
  'protocol_version',
  'insufficient_security',
  'internal_error',
  'inappropriate_fallback',
  'user_canceled',
  'no_renegotiation',
  'missing_extension',
  'unsupported_extension',
  'certificate_unobtainable',
  'unrecognized_name',
  'bad_certificate_status_response',
  'bad_certificate_hash_value',
  'unknown_psk_identity',
  'certificate_required',
  'general_error',
  'no_application_protocol',
  'ech_required',
  'unknown',
] as const;

export const OTHER_KINDS = [
  'change_cipher_spec',
  'alert.encrypted',
  'close_notify.inferred',
  'application_data',
  'application_data.run',
  'tcp_data.plain',
  'heartbeat',
  'sslv2',
  'record.unknown',
] as const;

export type TcpKind = (typeof TCP_KINDS)[number];

/** Compile-time: TCP_KINDS names exactly the engine's TcpEventKind (a kind added there fails the type check here). */
type SameKinds<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const TCP_KINDS_MATCH_ENGINE: SameKinds<TcpKind, TcpEventKind> = true;
void TCP_KINDS_MATCH_ENGINE;
export type HandshakeKind = (typeof HANDSHAKE_KINDS)[number];
export type AlertKind = (typeof ALERT_KINDS)[number];

export type ExplainKind = `tcp.${TcpKind}` | `hs.${HandshakeKind}` | `alert.${AlertKind}` | (typeof OTHER_KINDS)[number];

export const ALL_EXPLAIN_KINDS: readonly ExplainKind[] = [
  ...TCP_KINDS.map((k) => `tcp.${k}` as const),
  ...HANDSHAKE_KINDS.map((k) => `hs.${k}` as const),
  ...ALERT_KINDS.map((k) => `alert.${k}` as const),
  ...OTHER_KINDS,
];

/** Version notes: how this step differs between TLS 1.2 (RSA, (EC)DHE) and TLS 1.3. */
export const VERSION_NOTES = ['tls12-rsa', 'tls12-ecdhe', 'tls12-dhe', 'tls13'] as const;
export type VersionNote = (typeof VERSION_NOTES)[number];

export function handshakeKind(name: string): HandshakeKind {
  return (HANDSHAKE_KINDS as readonly string[]).includes(name) ? (name as HandshakeKind) : 'unknown';
}

export function alertKind(name: string): AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(name) ? (name as AlertKind) : 'unknown';
}
