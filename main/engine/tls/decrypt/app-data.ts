/**
 * What decrypted application data may leave the engine: the first bytes of each direction,
 * as escaped ASCII text, and the application protocol they reveal. The rest is never kept,
 * so memory does not grow with the capture.
 */

export const FIRST_APP_BYTES = 256;

export class FirstBytes {
  private buf: Uint8Array | null = null;
  private fill = 0;

  get full(): boolean {
    return this.fill >= FIRST_APP_BYTES;
  }

  add(bytes: Uint8Array): void {
    if (this.full || bytes.length === 0) return;
    this.buf ??= new Uint8Array(FIRST_APP_BYTES);
    const n = Math.min(bytes.length, FIRST_APP_BYTES - this.fill);
    this.buf.set(bytes.subarray(0, n), this.fill);
    this.fill += n;
  }

  get bytes(): Uint8Array | null {
    return this.buf ? this.buf.subarray(0, this.fill) : null;
  }
}

/**
 * Printable ASCII stays, backslash and CR/LF/TAB get C escapes, everything else becomes
 * \xNN. The result is plain ASCII; it is still hostile data and is shown as text, never HTML.
 */
export function escapeBytes(bytes: Uint8Array | null): string | null {
  if (!bytes) return null;
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const HTTP_REQUEST = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE|PROPFIND|PROPPATCH|MKCOL|COPY|MOVE|LOCK|UNLOCK) \S/;

/** 'h2' for the HTTP/2 client preface, 'http/1.1' for an HTTP/1.x request or response line, else null. */
export function detectAppProtocol(c2s: Uint8Array | null, s2c: Uint8Array | null): 'http/1.1' | 'h2' | null {
  const client = c2s ? Buffer.from(c2s).toString('latin1') : '';
  const server = s2c ? Buffer.from(s2c).toString('latin1') : '';
  if (client.startsWith(H2_PREFACE)) return 'h2';
  if (HTTP_REQUEST.test(client) || client.startsWith('HTTP/') || server.startsWith('HTTP/')) return 'http/1.1';
  return null;
}
