/**
 * The ordered message list of a connection with bounded memory: every handshake message,
 * CCS, alert and heartbeat up to a cap, and of application data only the first and the
 * latest record per direction (the latest is replaced as records arrive).
 */

import type { Direction } from '../tcp/stream-sink';
import type { TlsMessage } from '../../../contract/report/tls-summary';

export const MAX_MESSAGES = 4000;

interface Sequenced {
  seq: number;
  message: TlsMessage;
}

/** The latest application-data record of a direction: replaced by every next one, so its message is built only when read. */
interface LatestApplicationData {
  seq: number;
  build: () => TlsMessage;
}

export class MessageLog {
  /** `discard`: nothing will read the list (the CLI's table), so nothing is kept */
  constructor(private readonly discard = false) {}

  /** false when the list is discarded: callers need not build messages at all */
  get keeps(): boolean {
    return !this.discard;
  }

  private readonly list: Sequenced[] = [];
  // two directions: plain slots, not Maps (one log per connection)
  private readonly firstApp: Record<Direction, Sequenced | null> = { c2s: null, s2c: null };
  private readonly lastApp: Record<Direction, LatestApplicationData | null> = { c2s: null, s2c: null };
  private seq = 0;
  truncated = false;

  add(message: TlsMessage): void {
    if (this.discard) return;
    const seq = this.seq++;
    if (this.list.length >= MAX_MESSAGES) {
      this.truncated = true;
      return;
    }
    this.list.push({ seq, message });
  }

  /** An application-data record of `dir`; `build` makes its message (called at once for the first, on reading for the latest). */
  addApplicationData(dir: Direction, build: () => TlsMessage): void {
    if (this.discard) return;
    const seq = this.seq++;
    if (!this.firstApp[dir]) {
      const entry = { seq, message: build() };
      this.firstApp[dir] = entry;
      if (this.list.length >= MAX_MESSAGES) this.truncated = true;
      else this.list.push(entry);
    } else {
      this.lastApp[dir] = { seq, build };
    }
  }

  /** Messages in arrival order, with the latest application-data record per direction merged in. */
  snapshot(): TlsMessage[] {
    const lasts = [this.lastApp.c2s, this.lastApp.s2c].filter((x): x is LatestApplicationData => x !== null).sort((a, b) => a.seq - b.seq);
    const out: TlsMessage[] = [];
    let j = 0;
    for (const item of this.list) {
      while (j < lasts.length && lasts[j].seq < item.seq) out.push(positioned(lasts[j++].build(), 'last'));
      const isFirstApp = this.firstApp[item.message.dir] === item;
      out.push(isFirstApp ? positioned(item.message, this.lastApp[item.message.dir] ? 'first' : 'first-and-last') : item.message);
    }
    while (j < lasts.length) out.push(positioned(lasts[j++].build(), 'last'));
    return out;
  }
}

function positioned(message: TlsMessage, position: NonNullable<TlsMessage['position']>): TlsMessage {
  return { ...message, position };
}
