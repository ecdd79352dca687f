/**
 * Hand-built TLS bytes for edge cases real stacks do not produce on demand. Built from the
 * RFC layouts (RFC 5246 §6.2, §7.4; RFC 8446 §4), independent of the code under test.
 */

import { concatBytes } from './feed';

export function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

export function u24(n: number): number[] {
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function record(type: number, payload: Uint8Array | number[], version = 0x0303): Uint8Array {
  const p = payload instanceof Uint8Array ? payload : Uint8Array.from(payload);
  return concatBytes(Uint8Array.from([type, ...u16(version), ...u16(p.length)]), p);
}

export function handshake(type: number, body: Uint8Array | number[]): Uint8Array {
  const b = body instanceof Uint8Array ? body : Uint8Array.from(body);
  return concatBytes(Uint8Array.from([type, ...u24(b.length)]), b);
}

export function extension(type: number, data: number[]): number[] {
  return [...u16(type), ...u16(data.length), ...data];
}

function vec(prefix: 1 | 2, data: number[]): number[] {
  return prefix === 1 ? [data.length, ...data] : [...u16(data.length), ...data];
}

export function sniExtension(host: string): number[] {
  const name = [...Buffer.from(host, 'latin1')];
  return extension(0, vec(2, [0, ...vec(2, name)]));
}

export function alpnExtension(protocols: string[]): number[] {
  const list = protocols.flatMap((p) => vec(1, [...Buffer.from(p, 'latin1')]));
  return extension(16, vec(2, list));
}

export interface ClientHelloSpec {
  version?: number;
  cipherSuites: number[];
  extensions?: number[][];
  sessionId?: number[];
}

export function clientHelloBody(spec: ClientHelloSpec): Uint8Array {
  const random = Array.from({ length: 32 }, (_, i) => i);
  const exts = (spec.extensions ?? []).flat();
  return Uint8Array.from([
    ...u16(spec.version ?? 0x0303),
    ...random,
    ...vec(1, spec.sessionId ?? []),
    ...vec(2, spec.cipherSuites.flatMap(u16)),
    ...vec(1, [0]),
    ...(spec.extensions ? vec(2, exts) : []),
  ]);
}

export function clientHelloRecord(spec: ClientHelloSpec, recordVersion = 0x0301): Uint8Array {
  return record(22, handshake(1, clientHelloBody(spec)), recordVersion);
}

export function serverHelloBody(opts: { version?: number; cipherSuite: number; sessionId?: number[]; extensions?: number[][]; random?: number[] }): Uint8Array {
  const random = opts.random ?? Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const exts = (opts.extensions ?? []).flat();
  return Uint8Array.from([
    ...u16(opts.version ?? 0x0303),
    ...random,
    ...vec(1, opts.sessionId ?? []),
    ...u16(opts.cipherSuite),
    0,
    ...(opts.extensions ? vec(2, exts) : []),
  ]);
}

/** SSLv2 CLIENT-HELLO record (2-byte header) per the SSL 2.0 spec / RFC 6101 E.2. */
export function sslv2ClientHello(version: number, specs: number[], challenge: number[]): Uint8Array {
  const body = [1, ...u16(version), ...u16(specs.length * 3), ...u16(0), ...u16(challenge.length), ...specs.flatMap(u24), ...challenge];
  return Uint8Array.from([0x80 | (body.length >> 8), body.length & 0xff, ...body]);
}
