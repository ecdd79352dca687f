/** What a QUIC connection keeps of each packet, as reported (a view lists them; tests compare them with tshark). */

import type { Direction } from '../tcp/stream-sink';
import type { PacketType } from './versions';

export interface QuicPacketRecord {
  frame: number;
  time: number;
  dir: Direction;
  type: PacketType;
  /** long headers: the version in hex; null for short headers */
  version: string | null;
  dcid: string;
  scid: string | null;
  /** null when header protection could not be removed */
  packetNumber: number | null;
  /** bytes of the packet in its datagram */
  length: number;
  /** Initial: token length */
  tokenLength?: number;
  /** null for Retry and Version Negotiation (nothing to decrypt), else whether the payload was opened */
  decrypted: boolean | null;
  /** frame type names in packet order (PADDING runs are one) */
  frames: string[];
  /** [offset, length] of each CRYPTO frame */
  crypto: Array<[number, number]>;
  /** the payload could not be opened: why */
  failure?: string;
  /** Retry: the token length and whether the integrity tag checked out */
  retryTokenLength?: number;
  retryIntegrity?: 'verified' | 'failed' | 'no-original-dcid';
  /** Version Negotiation: the versions offered, in hex */
  supportedVersions?: string[];
  /** 1-RTT: the key phase bit, once the header protection is off */
  keyPhase?: number;
  /** the packet sits in a datagram after another packet */
  coalesced?: boolean;
}

export interface QuicStreamRecord {
  id: number;
  initiator: 'client' | 'server';
  bidirectional: boolean;
  /** HTTP/3: the unidirectional stream's type (control, qpack_encoder, …) */
  http3StreamType?: string;
  /** HTTP/3 frame types at the start of each side's data (a request stream: the request's, then the response's) */
  http3Frames: string[];
  bytes: number;
  fin: boolean;
  firstFrame: number;
}

export interface QuicClose {
  dir: Direction;
  frame: number;
  time: number;
  /** "transport" (0x1c) or "application" (0x1d) */
  kind: 'transport' | 'application';
  errorCode: number;
  errorName: string;
  frameType: number | null;
  reason: string;
}
