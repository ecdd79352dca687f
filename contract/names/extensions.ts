/**
 * TLS ExtensionType names (IANA tls-extensiontype-values-1) plus codepoints in common use
 * that IANA never registered (NPN, ALPS, Channel ID, draft ESNI/QUIC), so captures of real
 * browsers show names instead of numbers.
 */

import { isGrease } from './grease';

const EXTENSION_NAMES = new Map<number, string>([
  [0, 'server_name'],
  [1, 'max_fragment_length'],
  [2, 'client_certificate_url'],
  [3, 'trusted_ca_keys'],
  [4, 'truncated_hmac'],
  [5, 'status_request'],
  [6, 'user_mapping'],
  [7, 'client_authz'],
  [8, 'server_authz'],
  [9, 'cert_type'],
  [10, 'supported_groups'],
  [11, 'ec_point_formats'],
  [12, 'srp'],
  [13, 'signature_algorithms'],
  [14, 'use_srtp'],
  [15, 'heartbeat'],
  [16, 'application_layer_protocol_negotiation'],
  [17, 'status_request_v2'],
  [18, 'signed_certificate_timestamp'],
  [19, 'client_certificate_type'],
  [20, 'server_certificate_type'],
  [21, 'padding'],
  [22, 'encrypt_then_mac'],
  [23, 'extended_master_secret'],
  [24, 'token_binding'],
  [25, 'cached_info'],
  [26, 'tls_lts'],
  [27, 'compress_certificate'],
  [28, 'record_size_limit'],
  [29, 'pwd_protect'],
  [30, 'pwd_clear'],
  [31, 'password_salt'],
  [32, 'ticket_pinning'],
  [33, 'tls_cert_with_extern_psk'],
  [34, 'delegated_credential'],
  [35, 'session_ticket'],
  [36, 'TLMSP'],
  [37, 'TLMSP_proxying'],
  [38, 'TLMSP_delegate'],
  [39, 'supported_ekt_ciphers'],
  [40, 'key_share (draft, reserved)'],
  [41, 'pre_shared_key'],
  [42, 'early_data'],
  [43, 'supported_versions'],
  [44, 'cookie'],
  [45, 'psk_key_exchange_modes'],
  [46, 'ticket_early_data_info (draft, reserved)'],
  [47, 'certificate_authorities'],
  [48, 'oid_filters'],
  [49, 'post_handshake_auth'],
  [50, 'signature_algorithms_cert'],
  [51, 'key_share'],
  [52, 'transparency_info'],
  [53, 'connection_id (deprecated)'],
  [54, 'connection_id'],
  [55, 'external_id_hash'],
  [56, 'external_session_id'],
  [57, 'quic_transport_parameters'],
  [58, 'ticket_request'],
  [59, 'dnssec_chain'],
  [60, 'sequence_number_encryption_algorithms'],
  [61, 'rrc'],
  [62, 'tls_flags'],
  [13172, 'next_protocol_negotiation'],
  [17513, 'application_settings'],
  [17613, 'application_settings'],
  [30031, 'channel_id_old'],
  [30032, 'channel_id'],
  [0xfd00, 'ech_outer_extensions'],
  [0xfe0d, 'encrypted_client_hello'],
  [0xff01, 'renegotiation_info'],
  [0xffa5, 'quic_transport_parameters (draft)'],
  [0xffce, 'encrypted_server_name'],
]);

export const EXT_SERVER_NAME = 0;
export const EXT_STATUS_REQUEST = 5;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_EC_POINT_FORMATS = 11;
export const EXT_SIGNATURE_ALGORITHMS = 13;
export const EXT_HEARTBEAT = 15;
export const EXT_ALPN = 16;
export const EXT_SCT = 18;
export const EXT_PADDING = 21;
export const EXT_ENCRYPT_THEN_MAC = 22;
export const EXT_EXTENDED_MASTER_SECRET = 23;
export const EXT_COMPRESS_CERTIFICATE = 27;
export const EXT_RECORD_SIZE_LIMIT = 28;
export const EXT_SESSION_TICKET = 35;
export const EXT_PRE_SHARED_KEY = 41;
export const EXT_EARLY_DATA = 42;
export const EXT_SUPPORTED_VERSIONS = 43;
export const EXT_COOKIE = 44;
export const EXT_PSK_KEY_EXCHANGE_MODES = 45;
export const EXT_SIGNATURE_ALGORITHMS_CERT = 50;
export const EXT_KEY_SHARE = 51;
export const EXT_NPN = 13172;
export const EXT_ALPS = 17513;
export const EXT_ALPS_NEW = 17613;
export const EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;
export const EXT_RENEGOTIATION_INFO = 0xff01;
export const EXT_ENCRYPTED_SERVER_NAME = 0xffce;

export function extensionName(type: number): string {
  const known = EXTENSION_NAMES.get(type);
  if (known) return known;
  if (isGrease(type)) return 'GREASE';
  return `unknown (${type})`;
}
