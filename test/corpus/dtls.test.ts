import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_AVAILABLE, CORPUS_SKIP_REASON, listCorpus } from './corpus';
import { count, printTally, reportFor, truthStreams, udpReports, type Tally } from './udp-session';

/**
 * Corpus tier, DTLS: every DTLS stream of tshark's truth is one of our DTLS associations
 * and agrees on endpoints, every record (frame, epoch, 48-bit sequence number, content
 * type, version, length), every handshake fragment header (type, message_seq, length,
 * fragment offset and length; which fragment completed its message and from which frames),
 * the HelloVerifyRequest and ClientHello cookies, the handshake message types per direction,
 * TLS version, cipher suite, SNI and ALPN. The keyed capture (ThreadCommissioning, AES-CCM-8)
 * is read with its key log as its truth was made, so its Finished messages are read.
 */
const entries = listCorpus().filter((e) => truthStreams(e, 'dtls').length > 0);
const tally: Tally = new Map();

describe.skipIf(!CORPUS_AVAILABLE)('corpus: DTLS agrees with tshark', () => {
  for (const entry of entries) {
    it(entry.name, async () => {
      const reports = await udpReports(entry);
      for (const s of truthStreams(entry, 'dtls')) {
        const where = `${entry.name} ${s.client} -> ${s.server}`;
        const r = reportFor(reports, s);
        expect(r, `${where}: no DTLS association`).toBeDefined();
        const d = r!.dtls!;
        const td = s.dtls;
        const check = (field: string, ours: unknown, theirs: unknown) => {
          expect(ours, `${where}: ${field}`).toEqual(theirs);
          count(tally, field, 'agree');
        };
        check('endpoints', [r!.transport, r!.client, r!.server], ['dtls', s.client, s.server]);
        // only ThreadCommissioning has a key log in the corpus (keys.json)
        expect(d.keysFound, `${where}: keys found`).toBe(entry.name.includes('ThreadCommissioning'));
        const theirRecords = (['client_to_server', 'server_to_client'] as const).flatMap((dir) =>
          td.records[dir].map((rec: any) => ({ dir: dir === 'client_to_server' ? 'c2s' : 's2c', frame: rec.frame, epoch: rec.epoch, sequence: rec.sequence_number, contentType: rec.content_type, version: rec.version, length: rec.length, handshake: rec.handshake?.map(truthFragment) })),
        );
        const ourRecords = d.records.map((rec) => ({ dir: rec.dir, frame: rec.frame, epoch: rec.epoch, sequence: rec.sequence, contentType: rec.contentType, version: rec.version, length: rec.length, handshake: rec.handshake?.map(ourFragment) }));
        const order = (a: { frame: number; dir: string; sequence: number }, b: { frame: number; dir: string; sequence: number }) => a.frame - b.frame || a.dir.localeCompare(b.dir) || a.sequence - b.sequence;
        check('records and fragment headers', ourRecords.sort(order), theirRecords.sort(order));
        check('HelloVerifyRequest and cookies', [d.helloVerifyRequest, d.helloVerifyRequestCookies, d.clientHelloCookies], [td.hello_verify_request, td.hello_verify_request_cookies, td.client_hello_cookies]);
        check('handshake types', r!.tls?.handshakeTypes, { c2s: s.directions.client_to_server.handshake_types, s2c: s.directions.server_to_client.handshake_types });
        check('TLS version', r!.tls?.version ?? null, s.tls.version);
        check('cipher suite', r!.tls?.cipherSuite ?? null, s.tls.cipher_suite);
        check('SNI', r!.tls?.sni ?? null, s.tls.sni);
        check('ALPN', [r!.tls?.alpnOffered ?? [], r!.tls?.alpnSelected ?? null], [s.tls.alpn_offered ?? [], s.tls.alpn_selected]);
      }
    });
  }

  afterAll(() => printTally('DTLS vs tshark (streams per field):', tally));
});

/**
 * tshark marks `fragment` on the pieces it keeps for reassembly and lists the frames on the
 * one that completes the message; a whole message in one record has neither.
 */
function truthFragment(h: any) {
  if (h.type === 'encrypted') return { type: 'encrypted' };
  return { type: h.type, messageSeq: h.message_seq, length: h.length, offset: h.fragment_offset, fragmentLength: h.fragment_length, held: h.fragment, completedFrom: h.reassembled_from_frames?.length ? h.reassembled_from_frames : null, cookie: h.cookie ?? null };
}

function ourFragment(h: any) {
  if (h.type === null) return { type: 'encrypted' };
  const completes = h.reassembledFromFrames !== undefined;
  return { type: h.type, messageSeq: h.messageSeq, length: h.length, offset: h.fragmentOffset, fragmentLength: h.fragmentLength, held: h.fragment && !completes, completedFrom: completes ? h.reassembledFromFrames : null, cookie: h.cookie ?? null };
}

if (!CORPUS_AVAILABLE) {
  describe('corpus tier (DTLS)', () => {
    it.skip(CORPUS_SKIP_REASON, () => {});
  });
}
