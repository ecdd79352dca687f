import type { EndpointId } from '../tcp/endpoint-id';
import type { TcpConnection } from '../tcp/connection';
import { BoundedMap } from '../util/bounded-map';
import { BoundedEndpointPairMap, EndpointPairMap } from './endpoint-pair-map';

/**
 * The Analyzer's connections by 4-tuple (both directions alike), and the 4-tuples of
 * connections it forgot (bounded, oldest dropped first). IPv4 pairs sit in flat numeric
 * tables (endpoint-pair-map.ts); IPv6 pairs, rarer, in Maps keyed by their joined text.
 */
export class ConnectionIndex<Forgotten> {
  private readonly live4 = new EndpointPairMap<TcpConnection>();
  private readonly live6 = new Map<string, TcpConnection>();
  private readonly forgotten4: BoundedEndpointPairMap<Forgotten>;
  private readonly forgotten6: BoundedMap<string, Forgotten>;

  constructor(maxForgotten: number) {
    this.forgotten4 = new BoundedEndpointPairMap(maxForgotten);
    this.forgotten6 = new BoundedMap(maxForgotten);
  }

  get(a: EndpointId, b: EndpointId): TcpConnection | undefined {
    return typeof a === 'number' ? this.live4.get(a, b as number) : this.live6.get(pairKey(a, b as string));
  }

  /** Indexes `connection` by its two ends, in place of any connection held for them. */
  add(connection: TcpConnection): void {
    const a = connection.clientEndpoint;
    const b = connection.serverEndpoint;
    if (typeof a === 'number') this.live4.set(a, b as number, connection);
    else this.live6.set(pairKey(a, b as string), connection);
  }

  /** Removes `connection` if it is the one held for its ends (a newer one may have taken them). */
  remove(connection: TcpConnection): boolean {
    const a = connection.clientEndpoint;
    const b = connection.serverEndpoint;
    if (this.get(a, b) !== connection) return false;
    if (typeof a === 'number') this.live4.delete(a, b as number);
    else this.live6.delete(pairKey(a, b as string));
    return true;
  }

  get forgottenCount(): number {
    return this.forgotten4.size + this.forgotten6.size;
  }

  forgotten(a: EndpointId, b: EndpointId): Forgotten | undefined {
    return typeof a === 'number' ? this.forgotten4.get(a, b as number) : this.forgotten6.get(pairKey(a, b as string));
  }

  setForgotten(a: EndpointId, b: EndpointId, what: Forgotten): void {
    if (typeof a === 'number') this.forgotten4.set(a, b as number, what);
    else this.forgotten6.set(pairKey(a, b as string), what);
  }

  deleteForgotten(a: EndpointId, b: EndpointId): void {
    if (typeof a === 'number') this.forgotten4.delete(a, b as number);
    else this.forgotten6.delete(pairKey(a, b as string));
  }
}

/** IPv6 endpoint ids have a fixed length, so the two joined, lower first, name the pair. */
function pairKey(a: string, b: string): string {
  return a < b ? a + b : b + a;
}
