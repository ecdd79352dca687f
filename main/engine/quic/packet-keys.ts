/**
 * The keys of one QUIC connection, per encryption level and direction: Initial keys anyone
 * can derive (from the Destination Connection ID the client chose, or the one a Retry gave
 * it), and — given the TLS secrets logged for the ClientHello's random — 0-RTT, Handshake
 * and 1-RTT keys with their key-update generations (RFC 9001 §5, §6).
 */

import type { ClientSecrets } from '../tls/decrypt/key-store';
import { initialKeys, nextGeneration, packetKeys, type PacketKeys } from './protection';
import { quicVersionInfo, type QuicVersionInfo } from './versions';
import type { Direction } from '../tcp/stream-sink';

export type Level = 'initial' | '0rtt' | 'handshake' | '1rtt';

interface OneRttKeys {
  /** the generation in use, its key phase bit, and the next one (derived when first needed) */
  current: PacketKeys;
  phase: number;
}

export class ConnectionKeys {
  private readonly initial = new Map<string, { client: PacketKeys; server: PacketKeys }>();
  private secrets: ClientSecrets | null = null;
  private suite: number | null = null;
  private readonly derived = new Map<string, PacketKeys | null>();
  private readonly oneRtt: Partial<Record<Direction, OneRttKeys>> = {};

  /** the TLS secrets and suite of this connection are known: later levels can be opened */
  setSecrets(secrets: ClientSecrets, suite: number): void {
    this.secrets = secrets;
    this.suite = suite;
    this.derived.clear();
  }

  get hasSecrets(): boolean {
    return this.secrets !== null && this.suite !== null;
  }

  initialKeys(info: QuicVersionInfo, dcid: Uint8Array, dir: Direction): PacketKeys {
    const key = `${info.version}:${Buffer.from(dcid).toString('hex')}`;
    let keys = this.initial.get(key);
    if (!keys) this.initial.set(key, (keys = initialKeys(info, dcid)));
    return dir === 'c2s' ? keys.client : keys.server;
  }

  /** Keys of a level past Initial for `version`, or null when no secret was logged for it. */
  levelKeys(level: Exclude<Level, 'initial'>, version: number, dir: Direction): PacketKeys | null {
    if (!this.secrets || this.suite === null) return null;
    const info = quicVersionInfo(version);
    if (!info) return null;
    const name = level === '0rtt' ? 'clientEarly' : level === 'handshake' ? (dir === 'c2s' ? 'clientHandshake' : 'serverHandshake') : dir === 'c2s' ? 'clientTraffic0' : 'serverTraffic0';
    const cacheKey = `${level}:${version}:${dir}`;
    if (this.derived.has(cacheKey)) return this.derived.get(cacheKey)!;
    const secret = this.secrets[name];
    const keys = secret ? packetKeys(info, this.suite, secret) : null;
    this.derived.set(cacheKey, keys);
    return keys;
  }

  /** 1-RTT keys for a packet of key phase `phase`: the current generation, or the next when the phase flipped. */
  oneRttCandidates(version: number, dir: Direction, phase: number): PacketKeys[] {
    let state = this.oneRtt[dir];
    if (!state) {
      const first = this.levelKeys('1rtt', version, dir);
      if (!first) return [];
      state = this.oneRtt[dir] = { current: first, phase: 0 };
    }
    return phase === state.phase ? [state.current] : [nextGeneration(state.current)];
  }

  /** A packet of the flipped phase opened with the next generation: it is current now. */
  keyUpdated(dir: Direction, keys: PacketKeys, phase: number): void {
    const state = this.oneRtt[dir];
    if (state && state.phase !== phase) {
      state.current = keys;
      state.phase = phase;
    }
  }
}
