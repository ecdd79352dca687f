/** Handshake message, record content and SSLv2 message type names. */

const HANDSHAKE_TYPES = new Map<number, string>([
  [0, 'hello_request'],
  [1, 'client_hello'],
  [2, 'server_hello'],
  [3, 'hello_verify_request'],
  [4, 'new_session_ticket'],
  [5, 'end_of_early_data'],
  [6, 'hello_retry_request'],
  [8, 'encrypted_extensions'],
  [9, 'request_connection_id'],
  [10, 'new_connection_id'],
  [11, 'certificate'],
  [12, 'server_key_exchange'],
  [13, 'certificate_request'],
  [14, 'server_hello_done'],
  [15, 'certificate_verify'],
  [16, 'client_key_exchange'],
  [17, 'client_certificate_request'],
  [20, 'finished'],
  [21, 'certificate_url'],
  [22, 'certificate_status'],
  [23, 'supplemental_data'],
  [24, 'key_update'],
  [25, 'compressed_certificate'],
  [26, 'ekt_key'],
  [67, 'next_protocol'],
  [254, 'message_hash'],
]);

export const HS_HELLO_REQUEST = 0;
export const HS_CLIENT_HELLO = 1;
export const HS_SERVER_HELLO = 2;
export const HS_NEW_SESSION_TICKET = 4;
export const HS_ENCRYPTED_EXTENSIONS = 8;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_CERTIFICATE_REQUEST = 13;
export const HS_SERVER_HELLO_DONE = 14;
export const HS_CERTIFICATE_VERIFY = 15;
export const HS_CLIENT_KEY_EXCHANGE = 16;
export const HS_FINISHED = 20;
export const HS_CERTIFICATE_STATUS = 22;
export const HS_KEY_UPDATE = 24;
export const HS_COMPRESSED_CERTIFICATE = 25;

export function handshakeTypeName(type: number): string {
  return HANDSHAKE_TYPES.get(type) ?? `unknown (${type})`;
}

export const CT_CHANGE_CIPHER_SPEC = 20;
export const CT_ALERT = 21;
export const CT_HANDSHAKE = 22;
export const CT_APPLICATION_DATA = 23;
export const CT_HEARTBEAT = 24;

const CONTENT_TYPES = new Map<number, string>([
  [20, 'change_cipher_spec'],
  [21, 'alert'],
  [22, 'handshake'],
  [23, 'application_data'],
  [24, 'heartbeat'],
  [25, 'tls12_cid'],
  [26, 'ack'],
]);

export function contentTypeName(type: number): string {
  return CONTENT_TYPES.get(type) ?? `unknown (${type})`;
}

const SSLV2_MESSAGE_TYPES = new Map<number, string>([
  [0, 'error'],
  [1, 'client_hello'],
  [2, 'client_master_key'],
  [3, 'client_finished'],
  [4, 'server_hello'],
  [5, 'server_verify'],
  [6, 'server_finished'],
  [7, 'request_certificate'],
  [8, 'client_certificate'],
]);

export function sslv2MessageName(type: number): string {
  return SSLV2_MESSAGE_TYPES.get(type) ?? `unknown (${type})`;
}
