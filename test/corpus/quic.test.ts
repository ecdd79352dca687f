import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_AVAILABLE, CORPUS_DIR, CORPUS_SKIP_REASON, listCorpus } from './corpus';
import { count, printTally, reportFor, truthStreams, udpReports, type Tally } from './udp-session';

/**
 * Corpus tier, QUIC: every QUIC stream of tshark's truth is one of our QUIC connections,
 * and agrees on endpoints, QUIC versions, handshake message types per direction, TLS
 * version, cipher suite, SNI, ALPN, the client's first DCID, transport parameters, packet
 * counts by type (decrypted ones too) and each packet's frames and CRYPTO ranges. JA4 of
 * every QUIC ClientHello equals FoxIO's or Suricata's expected value (tshark 4.0 has none).
 */
const entries = listCorpus().filter((e) => truthStreams(e, 'quic').length > 0);
const tally: Tally = new Map();

/**
 * Explained differences, keyed "capture:field"; `ours` is what we say instead.
 *
 * Transport parameter 0xff73db: tshark 4.0.17 names it "Unknown"; it is the draft codepoint
 * of version_information (draft-ietf-quic-version-negotiation, later 0x11 in RFC 9368),
 * which Chrome sends. Same id in wire order on both sides; only the name differs.
 *
 * suricata-verify/ja4-tls-quic.pcap frames 48 and 49: the server's Initial (53 bytes) is
 * followed by 1147 zero bytes in the same 1200-byte datagram. tshark 4.0 lists them as a
 * 1-RTT packet it cannot decrypt (the client's connection ID is empty, so a short header
 * needs no ID). Their first byte 0x00 has the fixed bit clear, which RFC 9000 §17.3.1 makes
 * a MUST for a short header (the client did not send grease_quic_bit, RFC 9287), and RFC
 * 9000 §12.2 lets a sender pad a datagram with zeros after its packets: we count padding,
 * so our server 1-RTT count is tshark's 18 less those 2.
 */
const PARAMETER_NAMED_UNKNOWN = 0xff73db;
const ZERO_PADDING_TAKEN_FOR_1RTT: Record<string, number[]> = { 'suricata-verify/ja4-tls-quic.pcap': [48, 49] };
/**
 * The truth's `alpn_selected` reads the ServerHello only (make_truth.py), but TLS 1.3 carries the
 * server's ALPN in EncryptedExtensions (RFC 8446 §4.2; RFC 9001 §8.1). These captures bring their
 * own secrets (a DSB), so the EE is decrypted: `tshark -r F -T fields -e frame.number -e
 * tls.handshake.type -e tls.handshake.extensions_alpn_str` prints "2  2,8,11  h3-33" for quic-33
 * and "2  2,8,11,15,20,4  h3" for quic-v2 — tshark itself reads the EE's ALPN in frame 2.
 */
const ALPN_FROM_ENCRYPTED_EXTENSIONS: Record<string, string> = { 'ndpi/quic-33.pcapng': 'h3-33', 'ndpi/quic-v2.pcapng': 'h3' };

describe.skipIf(!CORPUS_AVAILABLE)('corpus: QUIC agrees with tshark', () => {
  for (const entry of entries) {
    it(entry.name, async () => {
      const reports = await udpReports(entry);
      for (const s of truthStreams(entry, 'quic')) {
        const where = `${entry.name} ${s.client} -> ${s.server}`;
        const r = reportFor(reports, s);
        expect(r, `${where}: no QUIC connection`).toBeDefined();
        const q = r!.quic!;
        const tq = s.quic;
        const check = (field: string, ours: unknown, theirs: unknown) => {
          expect(ours, `${where}: ${field}`).toEqual(theirs);
          count(tally, field, 'agree');
        };
        check('endpoints', [r!.transport, r!.client, r!.server], ['quic', s.client, s.server]);
        check('quic versions', q.versions, tq.versions);
        check('client initial DCID', q.clientInitialDcid, tq.client_initial_dcid);
        check('handshake types', r!.tls?.handshakeTypes, { c2s: s.directions.client_to_server.handshake_types, s2c: s.directions.server_to_client.handshake_types });
        check('TLS version', r!.tls?.version ?? null, s.tls.version);
        check('cipher suite', r!.tls?.cipherSuite ?? null, s.tls.cipher_suite);
        check('SNI', r!.tls?.sni ?? null, s.tls.sni);
        const fromEe = ALPN_FROM_ENCRYPTED_EXTENSIONS[entry.name];
        if (fromEe !== undefined && s.tls.alpn_selected === null) {
          expect(r!.tls?.alpnSelected, `${where}: ALPN from the decrypted EncryptedExtensions`).toBe(fromEe);
          expect(r!.tls?.alpnOffered ?? [], `${where}: ALPN offered`).toEqual(s.tls.alpn_offered ?? []);
          count(tally, 'ALPN', 'explained');
        } else check('ALPN', [r!.tls?.alpnOffered ?? [], r!.tls?.alpnSelected ?? null], [s.tls.alpn_offered ?? [], s.tls.alpn_selected]);

        const theirParams: Array<[number, string]> = s.tls.client_hellos?.[0]?.quic_transport_parameters ?? [];
        const ours = q.transportParameters.client ?? [];
        // ids compared as hex: GREASE ids use 62 bits, beyond a JSON number's exact range (both sides' numbers are rounded alike)
        expect(ours.map((p) => p.id), `${where}: transport parameter ids`).toEqual(theirParams.map((p) => p[0]));
        const names = ours.map((p) => p.name);
        const theirNames = theirParams.map(([id, name]) => (id === PARAMETER_NAMED_UNKNOWN && name === 'Unknown' ? 'version_information (draft)' : name));
        expect(names, `${where}: transport parameter names`).toEqual(theirNames);
        count(tally, 'transport parameters', theirParams.some(([id]) => id === PARAMETER_NAMED_UNKNOWN) ? 'explained' : 'agree');

        const padding = ZERO_PADDING_TAKEN_FOR_1RTT[entry.name] ?? [];
        const theirPackets = [...tq.packets.client_to_server.map((p: any) => ({ ...p, dir: 'c2s' })), ...tq.packets.server_to_client.map((p: any) => ({ ...p, dir: 's2c' }))]
          .filter((p) => !(p.dir === 's2c' && p.type === '1rtt' && padding.includes(p.frame)))
          .map((p) => [p.frame, p.dir, p.type, p.packet_number, p.decrypted, p.frames, p.crypto]);
        const ourPackets = q.packets.map((p) => [p.frame, p.dir, p.type, p.packetNumber, p.decrypted, p.frames, p.crypto]);
        const byFrame = (a: any[], b: any[]) => a[0] - b[0] || String(a[1]).localeCompare(String(b[1]));
        expect(ourPackets.sort(byFrame), `${where}: packets (frame, direction, type, number, decrypted, frames, CRYPTO ranges)`).toEqual(theirPackets.sort(byFrame));
        count(tally, 'packets', padding.length ? 'explained' : 'agree');

        const theirCounts = { c2s: { ...tq.packet_counts.client_to_server }, s2c: { ...tq.packet_counts.server_to_client } };
        if (padding.length) theirCounts.s2c['1rtt'] = { packets: theirCounts.s2c['1rtt'].packets - padding.length, decrypted: theirCounts.s2c['1rtt'].decrypted };
        expect(q.packetCounts, `${where}: packet counts`).toEqual(theirCounts);
        count(tally, 'packet counts', padding.length ? 'explained' : 'agree');
        // tshark checks the first Retry only; a second one (suricata quic-retry frame 4, answering the
        // client's repeated first Initial) it cannot check ("unknown ODCID"): we check it against the
        // client's first DCID, which is what its tag covers (RFC 9001 §5.8), and it verifies
        if (tq.retry_integrity_tag || q.retry) check('Retry integrity', q.retry?.integrity, 'verified');
        for (const p of q.packets.filter((x) => x.type === 'retry')) expect(p.retryIntegrity, `${where}: Retry in frame ${p.frame}`).toBe('verified');
      }
    });
  }

  it('keyed captures show decrypted 1-RTT frames (HTTP/3 streams named)', async () => {
    for (const name of ['ndpi/quic-v2.pcapng', 'ndpi/quic-33.pcapng']) {
      const entry = entries.find((e) => e.name === name);
      if (!entry) continue;
      const [r] = await udpReports(entry);
      const oneRtt = r.quic!.packets.filter((p) => p.type === '1rtt' && p.decrypted);
      expect(r.quic!.keysFound, name).toBe(true);
      expect(oneRtt.length, name).toBeGreaterThan(0);
      expect(oneRtt.flatMap((p) => p.frames), name).toContain('STREAM');
      expect(r.quic!.streams.map((s) => s.http3StreamType), name).toContain('control');
      expect(r.quic!.streams.find((s) => s.http3StreamType === 'control')?.http3Frames[0], name).toBe('SETTINGS');
    }
  });

  afterAll(() => printTally('QUIC vs tshark (streams per field):', tally));
});

/** JA4 `q` values: FoxIO's Rust snapshots (per client address and port) and Suricata's test.yaml (quic.ja4). */
const snapshots = join(CORPUS_DIR, 'foxio-ja4', 'expected', 'rust-snapshots');
describe.skipIf(!CORPUS_AVAILABLE || !existsSync(snapshots))('corpus: JA4 of QUIC ClientHellos agrees with FoxIO and Suricata', () => {
  for (const capture of ['tls-handshake.pcapng', 'quic-tls-handshake.pcapng']) {
    it(`FoxIO ${capture}`, async () => {
      const expected = parseSnapshot(readFileSync(join(snapshots, `ja4__insta@${capture}.snap`), 'utf8')).filter((e) => e.ja4?.startsWith('q'));
      expect(expected.length).toBeGreaterThan(0);
      const entry = entries.find((e) => e.name === `foxio-ja4/${capture}`)!;
      const reports = await udpReports(entry);
      for (const e of expected) {
        const r = reports.find((c) => c.client === `${e.src}:${e.src_port}`);
        expect(r?.tls?.ja4, `${capture} ${e.src}:${e.src_port}`).toBe(e.ja4);
      }
    });
  }

  it('Suricata ja4-tls-quic', async () => {
    const yaml = readFileSync(join(CORPUS_DIR, 'suricata-verify', 'expected', 'ja4-tls-quic', 'test.yaml'), 'utf8');
    const values = [...yaml.matchAll(/quic\.ja4:\s*(\S+)/g)].map((m) => m[1]);
    expect(values.length).toBeGreaterThan(0);
    const reports = await udpReports(entries.find((e) => e.name === 'suricata-verify/ja4-tls-quic.pcap')!);
    for (const v of values) expect(reports.map((r) => r.tls?.ja4)).toContain(v);
  });
});

/** The insta snapshot's YAML list of `key: value` maps (only flat scalar fields are needed). */
function parseSnapshot(text: string): Array<Record<string, string>> {
  return text
    .split(/\n- /)
    .slice(1)
    .map((block) => Object.fromEntries([...block.matchAll(/^\s*(\w+): (.*)$/gm)].map((m) => [m[1], m[2].trim()])));
}

if (!CORPUS_AVAILABLE) {
  describe('corpus tier (QUIC)', () => {
    it.skip(CORPUS_SKIP_REASON, () => {});
  });
}
