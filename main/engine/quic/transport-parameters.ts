/**
 * QUIC transport parameters (RFC 9000 §18; names of the IANA registry and of the
 * extensions browsers send), read from the quic_transport_parameters TLS extension
 * (codepoint 57, or 0xffa5 before draft 33). GREASE ids (31 * N + 27, §18.1) are named so.
 */

import { readVarint } from './varint';

const NAMES = new Map<number, string>([
  [0x00, 'original_destination_connection_id'],
  [0x01, 'max_idle_timeout'],
  [0x02, 'stateless_reset_token'],
  [0x03, 'max_udp_payload_size'],
  [0x04, 'initial_max_data'],
  [0x05, 'initial_max_stream_data_bidi_local'],
  [0x06, 'initial_max_stream_data_bidi_remote'],
  [0x07, 'initial_max_stream_data_uni'],
  [0x08, 'initial_max_streams_bidi'],
  [0x09, 'initial_max_streams_uni'],
  [0x0a, 'ack_delay_exponent'],
  [0x0b, 'max_ack_delay'],
  [0x0c, 'disable_active_migration'],
  [0x0d, 'preferred_address'],
  [0x0e, 'active_connection_id_limit'],
  [0x0f, 'initial_source_connection_id'],
  [0x10, 'retry_source_connection_id'],
  [0x11, 'version_information'],
  [0x20, 'max_datagram_frame_size'],
  [0x2ab2, 'grease_quic_bit'],
  [0x3127, 'google_initial_rtt'],
  [0x3128, 'google_connection_options'],
  [0x3129, 'google_user_agent'],
  [0x4752, 'google_quic_version'],
  [0x7158, 'enable_time_stamp_v2'],
  [0xff73db, 'version_information (draft)'],
  [0xff04de1b, 'min_ack_delay'],
]);

export interface TransportParameter {
  /** the id as a number: exact below 2^53 only (GREASE ids go up to 2^62); idHex is exact */
  id: number;
  idHex: string;
  name: string;
  length: number;
}

export function transportParameterName(id: bigint): string {
  if (id >= 27n && (id - 27n) % 31n === 0n) return 'GREASE';
  return (id <= 0xffffffffn ? NAMES.get(Number(id)) : undefined) ?? `unknown (0x${id.toString(16)})`;
}

/** A varint as an exact bigint (transport parameter ids may use all 62 bits). */
function readBigVarint(bytes: Uint8Array, pos: number): { value: bigint; next: number } | null {
  if (pos >= bytes.length) return null;
  const length = 1 << (bytes[pos] >> 6);
  if (pos + length > bytes.length) return null;
  let value = BigInt(bytes[pos] & 0x3f);
  for (let i = 1; i < length; i++) value = (value << 8n) | BigInt(bytes[pos + i]);
  return { value, next: pos + length };
}

/** The parameters in wire order; `malformed` when the list runs past its extension. */
export function parseTransportParameters(data: Uint8Array): { parameters: TransportParameter[]; malformed: boolean } {
  const parameters: TransportParameter[] = [];
  let pos = 0;
  while (pos < data.length) {
    const id = readBigVarint(data, pos);
    if (!id) return { parameters, malformed: true };
    const length = readVarint(data, id.next);
    if (!length || length.next + length.value > data.length) return { parameters, malformed: true };
    parameters.push({ id: Number(id.value), idHex: `0x${id.value.toString(16)}`, name: transportParameterName(id.value), length: length.value });
    pos = length.next + length.value;
  }
  return { parameters, malformed: false };
}
