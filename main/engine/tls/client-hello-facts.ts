/**
 * What the analysis itself needs of a ClientHello when nobody will read the hello (the CLI's
 * table): its SNI, whether it offers TLS 1.3, and whether it is malformed. The full decoding
 * (hello.ts) builds a hex random, an entry and a decoded object per extension and a map of
 * their bytes; on the 600 MB bench that was a sixth of the table's whole run, for three facts.
 * The walk and its bounds are those of parseClientHelloFields: the unit tests hold the two
 * to the same answers on every hello of the samples and on mutated ones.
 */

import { ByteReader, latin1 } from './byte-reader';
import { EXT_SERVER_NAME, EXT_SUPPORTED_VERSIONS } from './names/extensions';
import { isTls13Family } from './names/versions';

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
  let blockMalformed = false;
  let serverNames: Uint8Array | null = null;
  let versions: Uint8Array | null = null;
  if (!r.atEnd) {
    const list = r.vector(2);
    if (r.overrun) blockMalformed = true;
    while (!list.atEnd) {
      const type = list.u16();
      const data = list.vector(2);
      if (list.overrun) {
        blockMalformed = true;
        break;
      }
      // the first occurrence of a type counts, as in the full decoder's map
      if (type === EXT_SERVER_NAME) serverNames ??= data.bytesView(data.remaining);
      else if (type === EXT_SUPPORTED_VERSIONS) versions ??= data.bytesView(data.remaining);
    }
  }
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
