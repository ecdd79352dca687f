/**
 * What the analysis itself needs of the hellos when nobody will read them (the CLI's table):
 * of a ClientHello its SNI, whether it offers TLS 1.3 and whether it is malformed; of a
 * ServerHello the version and suite it chose, whether it is a HelloRetryRequest and whether
 * it is malformed. The full decoding (hello.ts) builds hex randoms, an entry and a decoded
 * object per extension, a map of their bytes and JA3S; on the 600 MB bench the ClientHello's
 * alone was a sixth of the table's whole run. The walks and their bounds are those of
 * parseClientHelloFields and parseServerHello (the extension block's is the very same,
 * walkExtensions): the unit tests hold each pair to the same answers on real, built,
 * truncated and mutated hellos.
 */

import { ByteReader, latin1 } from './byte-reader';
import { walkExtensions } from './extensions';
import { EXT_SERVER_NAME, EXT_SUPPORTED_VERSIONS } from '../../../contract/names/extensions';
import { HELLO_RETRY_REQUEST_RANDOM } from './hello';
import { isTls13Family } from '../../../contract/names/versions';

export interface ClientHelloFacts {
  sni: string | null;
  offersTls13: boolean;
  malformed: boolean;
}

export function clientHelloFacts(body: Uint8Array): ClientHelloFacts {
  const r = new ByteReader(body);
  r.skip(2 + 32); // legacy_version, random
  r.vector(1); // session id
  const suites = r.vector(2);
  // the full decoder reads suites in pairs: an odd length leaves a byte over
  const oddSuites = suites.remaining % 2 !== 0;
  r.vector(1); // compression methods
  let serverNames: Uint8Array | null = null;
  let versions: Uint8Array | null = null;
  const blockMalformed = walkExtensions(r, (type, data) => {
    // the first occurrence of a type counts, as in the full decoder's map
    if (type === EXT_SERVER_NAME) serverNames ??= data.bytesView(data.remaining);
    else if (type === EXT_SUPPORTED_VERSIONS) versions ??= data.bytesView(data.remaining);
  });
  return {
    sni: serverNames ? firstHostName(serverNames) : null,
    offersTls13: versions ? offersTls13(versions) : false,
    malformed: r.overrun || blockMalformed || oddSuites,
  };
}

/** The first host_name entry of a server_name extension (RFC 6066 §3), Latin-1 as the full decoder keeps it. */
function firstHostName(data: Uint8Array): string | null {
  const list = new ByteReader(data).vector(2);
  while (!list.atEnd) {
    const nameType = list.u8();
    const name = list.vector(2);
    if (nameType === 0) return latin1(name.bytesView(name.remaining));
  }
  return null;
}

/** supported_versions of a ClientHello: a 1-byte-prefixed list of 16-bit versions. */
function offersTls13(data: Uint8Array): boolean {
  const list = new ByteReader(data).vector(1);
  while (list.remaining >= 2) if (isTls13Family(list.u16())) return true;
  return false;
}

export interface ServerHelloFacts {
  legacyVersion: number;
  /** the supported_versions extension's choice, null without one (or with one too short) */
  supportedVersion: number | null;
  cipherSuite: number;
  helloRetryRequest: boolean;
  malformed: boolean;
}

const HRR_RANDOM = Uint8Array.from(Buffer.from(HELLO_RETRY_REQUEST_RANDOM, 'hex'));

export function serverHelloFacts(body: Uint8Array): ServerHelloFacts {
  const r = new ByteReader(body);
  const legacyVersion = r.u16();
  const random = r.bytesView(32);
  // TLS 1.3 drafts up to 21 dropped session id and compression from the ServerHello
  const draftFormat = legacyVersion >> 8 === 0x7f && (legacyVersion & 0xff) < 22;
  if (!draftFormat) r.vector(1);
  const cipherSuite = r.u16();
  if (!draftFormat) r.u8();
  let supportedVersion: number | null = null;
  let versionSeen = false;
  const blockMalformed = walkExtensions(r, (type, data) => {
    if (type !== EXT_SUPPORTED_VERSIONS || versionSeen) return;
    versionSeen = true;
    if (data.remaining >= 2) supportedVersion = data.u16();
  });
  return { legacyVersion, supportedVersion, cipherSuite, helloRetryRequest: sameBytes(random, HRR_RANDOM), malformed: r.overrun || blockMalformed };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
