/**
 * Records a connection holds back while the keys for them may still arrive (a pcapng DSB
 * written after the traffic it unlocks). Holding keeps the order of both directions, so
 * decrypting later gives exactly what decrypting at once would have. Bounded three ways:
 * 256 KiB per connection, a budget shared by all connections (KeyStore.reserve), and a
 * capture-time window (MAX_WAIT_SECONDS); past any of them the records are processed
 * without keys, just as they would have been with no key source at all.
 */

import { MAX_WAIT_SECONDS, type KeyStore, type KeyWaiter } from './key-store';

export const MAX_HELD_BYTES = 256 * 1024;
/** bookkeeping per held record (spans, record object), counted against the budgets */
const RECORD_OVERHEAD = 128;

export class PendingRecords<T> implements KeyWaiter {
  private items: T[] = [];
  private bytes = 0;
  readonly deadline: number;

  constructor(
    private readonly store: KeyStore,
    keys: readonly string[],
    firstTime: number,
    private readonly hooks: { wake(): void; expire(): void },
  ) {
    this.deadline = firstTime + MAX_WAIT_SECONDS;
    store.wait(this, keys);
  }

  /** Holds the item; false when a budget is exceeded (the caller then gives up waiting). */
  hold(item: T, payloadBytes: number): boolean {
    this.items.push(item);
    const size = payloadBytes + RECORD_OVERHEAD;
    if (this.bytes + size > MAX_HELD_BYTES || !this.store.reserve(size)) return false;
    this.bytes += size;
    return true;
  }

  /** Everything held, in arrival order; the waiter leaves the store. */
  take(): T[] {
    this.store.stopWaiting(this);
    this.store.release(this.bytes);
    this.bytes = 0;
    const items = this.items;
    this.items = [];
    return items;
  }

  wake(): void {
    this.hooks.wake();
  }

  expire(): void {
    this.hooks.expire();
  }
}
