import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../main/engine/index';
import { CORPUS_AVAILABLE, CORPUS_SKIP_REASON, listCorpus, type TruthStream } from './corpus';
import { FIELDS, type FieldName } from './tls-fields';

/**
 * Corpus tier, TLS layer: per TLS stream, record content types and handshake
 * message types per direction, record versions, negotiated version, cipher
 * suite, key share group, SNI, ALPN, JA3/JA3S, HRR, resumption, certificate
 * subject CNs and alerts agree with tshark's truth. Files that tshark
 * dissected with a key log are compared with their `without_keys` truth here
 * (test/corpus/decryption.test.ts compares the with-keys truth); both tshark
 * and we apply a Decryption Secrets Block embedded in the file in either run.
 */
const entries = listCorpus();

/**
 * Differences with tshark that are explained, keyed "capture#stream:field".
 * The value is the evidence; the test then checks OUR value is the stated one.
 */
const EXPLAINED: Record<string, { ours: unknown; why: string }> = {
  // TLS 1.3 carries the server's ALPN choice in EncryptedExtensions (RFC 8446 §4.3.1); the truth's
  // alpn_selected reads the ServerHello only. This capture's own DSB decrypts the EncryptedExtensions,
  // and tshark shows it there too: `tshark -r http2-with-cookies.pcapng -Y tls.handshake.type==8
  // -T fields -e frame.number -e tcp.stream -e tls.handshake.extensions_alpn_str` gives "10 0 h2".
  'foxio-ja4/http2-with-cookies.pcapng#0:alpn selected': { ours: 'h2', why: 'ALPN of the decrypted EncryptedExtensions (frame 10), as tshark shows it with the DSB' },
  // (The DSB-carrying foxio-ja4/http2-with-cookies.pcapng needed three entries until we
  // decrypted with embedded secrets as tshark 4.0 does.)
  // tshark calls every resumption where the server echoes the ClientHello's session id
  // "session_id". When the ClientHello also carries a non-empty SessionTicket, RFC 5077 §3.4
  // makes the echo the server's sign that it accepted the ticket, so we say "ticket".
  // Evidence, tls-cert-issuer stream 4 (frames 62/89): the ClientHello sends id c5206ed2…
  // with a 176-byte ticket; the server echoes it and goes straight to ChangeCipherSpec. The
  // same server's full handshakes in streams 0-3 (frames 13, 15, 34, 46) all returned an
  // EMPTY session id and a NewSessionTicket: it never assigned c5206ed2… to anything it
  // could look up, so only the ticket can have resumed the session.
  'suricata-verify/tls-cert-issuer.pcap#4:resumed': { ours: 'ticket', why: 'RFC 5077 §3.4 echo of a client-made session id beside a ticket; the server issues no session ids (see above)' },
  // many_interfaces stream 0 (frames 27/29): a Chrome ClientHello to clients6.google.com with a
  // 180-byte ticket and an id the server echoes. The full handshake is not in the capture, so the
  // wire cannot rule out a server-side cache hit; Chrome (BoringSSL) makes up a random session
  // id whenever it offers a ticket, which is what the ticket rule above relies on.
  'wireshark-wiki/many_interfaces.pcapng#0:resumed': { ours: 'ticket', why: 'ticket offered with a client-made id that the server echoes (RFC 5077 §3.4)' },
};

const agreement = new Map<FieldName, { agree: number; explained: number; differ: number }>();
function tally(field: FieldName, outcome: 'agree' | 'explained' | 'differ') {
  const row = agreement.get(field) ?? { agree: 0, explained: 0, differ: 0 };
  row[outcome]++;
  agreement.set(field, row);
}

describe.skipIf(!CORPUS_AVAILABLE)('corpus: TLS dissection agrees with tshark', () => {
  for (const entry of entries) {
    const truthStreams = ((entry.truth as any).without_keys?.tls_streams ?? entry.truth.tls_streams) as TruthStream[];
    const tcpStreams = truthStreams.filter((s) => s.transport === 'tcp');
    if (tcpStreams.length === 0) continue; // QUIC/DTLS only: checked by quic.test.ts and dtls.test.ts
    it(entry.name, async () => {
      const { report } = await analyzeCapture(entry.capture);
      const failures: string[] = [];
      for (const ts of tcpStreams) {
        const conn = report.connections.find((c) => c.client === ts.client && c.server === ts.server && c.firstFrame <= Number.MAX_SAFE_INTEGER && idMatches(entry.name, c.id, ts.stream));
        if (!conn || !conn.tls) {
          failures.push(`stream ${ts.stream} ${ts.client} -> ${ts.server}: ${conn ? 'no TLS detected' : 'connection missing'}`);
          continue;
        }
        for (const [field, extract] of Object.entries(FIELDS) as Array<[FieldName, (typeof FIELDS)[FieldName]]>) {
          const [ours, truth] = extract(conn.tls, ts);
          const explained = EXPLAINED[`${entry.name}#${ts.stream}:${field}`];
          if (JSON.stringify(ours) === JSON.stringify(truth)) tally(field, 'agree');
          else if (explained && JSON.stringify(ours) === JSON.stringify(explained.ours)) tally(field, 'explained');
          else {
            tally(field, 'differ');
            failures.push(`stream ${ts.stream} ${field}: ours ${JSON.stringify(ours)?.slice(0, 300)} tshark ${JSON.stringify(truth)?.slice(0, 300)}`);
          }
        }
      }
      // no TLS where tshark saw none
      const tlsIds = new Set(tcpStreams.map((s) => `${s.client}|${s.server}`));
      for (const c of report.connections) {
        if (c.tls && !tlsIds.has(`${c.client}|${c.server}`)) failures.push(`connection ${c.id} ${c.client} -> ${c.server}: TLS detected, tshark saw none`);
      }
      expect(failures, entry.name).toEqual([]);
    });
  }

  afterAll(() => {
    if (!process.env.CORPUS_TABLE) return;
    const lines = ['', 'field                  agree  explained  differ   agreement'];
    for (const [field, row] of [...agreement].sort()) {
      const total = row.agree + row.explained + row.differ;
      lines.push(`${field.padEnd(22)} ${String(row.agree).padStart(5)} ${String(row.explained).padStart(10)} ${String(row.differ).padStart(7)}   ${((100 * (row.agree + row.explained)) / total).toFixed(1)}%`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  });
});

if (!CORPUS_AVAILABLE) {
  describe('corpus tier (TLS)', () => {
    it.skip(CORPUS_SKIP_REASON, () => {});
  });
}

/** Same numbering rule as the TCP test (tcp.test.ts explains the one shift). */
function idMatches(capture: string, id: number, stream: number): boolean {
  if (capture === 'ndpi/tls_heur__vmess-tcp-tls.pcapng' && stream > 2) return id === stream - 1;
  return id === stream;
}
