import { describe, expect, it } from 'vitest';
import { clientHelloRecord, extension, handshake, record, serverHelloBody, sniExtension, u16, u24 } from './helpers/tls-bytes';
import { feedChunks, rechunk, type Chunk } from './helpers/feed';

/**
 * The CLI's table asks a TLS analysis for two facts only (version and SNI), so it keeps no
 * message list: the facts and the anomalies must be those of the full analysis.
 */
describe('TLS analysis kept for the table only', () => {
  const chunks: Chunk[] = [
    { dir: 'c2s', time: 1, bytes: clientHelloRecord({ cipherSuites: [0x1301, 0xc02f], extensions: [sniExtension('table.example'), extension(43, [4, ...u16(0x0304), ...u16(0x0303)])] }) },
    { dir: 's2c', time: 2, bytes: record(22, handshake(2, serverHelloBody({ cipherSuite: 0x1301, extensions: [extension(43, u16(0x0304))] }))) },
    // a record of an unknown content type: an anomaly in both modes
    { dir: 's2c', time: 3, bytes: record(99, [1, 0, 7]) },
    { dir: 'c2s', time: 4, bytes: record(23, new Uint8Array(40)) },
  ];

  it('gives the facts and anomalies of the full analysis, and refuses to build a summary', () => {
    const full = feedChunks(chunks);
    const table = feedChunks(chunks, { tableFactsOnly: true });
    expect(table.analyzer.tableFacts()).toEqual({ versionName: 'TLS 1.3', sni: 'table.example' });
    expect(table.analyzer.tableFacts()).toEqual(full.analyzer.tableFacts());
    expect(table.anomalies.map((a) => a.code)).toEqual(full.anomalies.map((a) => a.code));
    expect(full.anomalies.length).toBeGreaterThan(0);
    expect(full.analyzer.summary()!.messages.length).toBeGreaterThan(2);
    expect(() => table.analyzer.summary()).toThrow(/table facts only/);
  });

  it('TLS 1.2 with a Certificate message past the limits: the same facts and anomalies, no certificate kept', () => {
    // twelve 100-byte "certificates": ten are kept, two counted as dropped (tls.certificates-capped)
    const certs = Array.from({ length: 12 }, (_, i) => [...u24(100), ...new Array(100).fill(i)]);
    const list = certs.flat();
    const tls12: Chunk[] = [
      { dir: 'c2s', time: 1, bytes: clientHelloRecord({ cipherSuites: [0xc02f], extensions: [sniExtension('twelve.example')] }) },
      { dir: 's2c', time: 2, bytes: record(22, [...handshake(2, serverHelloBody({ cipherSuite: 0xc02f })), ...handshake(11, [...u24(list.length), ...list])]) },
    ];
    const full = feedChunks(tls12);
    const table = feedChunks(tls12, { tableFactsOnly: true });
    expect(table.analyzer.tableFacts()).toEqual({ versionName: 'TLS 1.2', sni: 'twelve.example' });
    expect(table.anomalies.map((a) => a.code)).toEqual(full.anomalies.map((a) => a.code));
    expect(full.anomalies.map((a) => a.code)).toContain('tls.certificates-capped');
    expect(full.analyzer.summary()!.certificates).toHaveLength(10);
  });

  it('reads records whole in a segment in place: a reader overwriting each segment after it is handled changes no fact and no anomaly', () => {
    const certs = Array.from({ length: 3 }, (_, i) => [...u24(900), ...new Array(900).fill(i + 1)]).flat();
    const flight: Chunk[] = [
      { dir: 'c2s', time: 1, bytes: clientHelloRecord({ cipherSuites: [0xc02f], extensions: [sniExtension('in-place.example')] }) },
      { dir: 's2c', time: 2, bytes: record(22, [...handshake(2, serverHelloBody({ cipherSuite: 0xc02f })), ...handshake(11, [...u24(certs.length), ...certs])]) },
      { dir: 's2c', time: 3, bytes: record(99, [1, 0, 7]) },
      { dir: 'c2s', time: 4, bytes: record(21, [2, 40]) },
    ];
    // whole records per segment (views), then every record cut across segments (copies), then both mixed
    for (const chunks of [flight, rechunk(flight, [700]), rechunk(flight, [3, 2000])]) {
      const copied = feedChunks(chunks, { tableFactsOnly: true });
      const inPlace = feedChunks(chunks, { tableFactsOnly: true, overwriteAfterEach: true });
      expect(inPlace.analyzer.tableFacts()).toEqual({ versionName: 'TLS 1.2', sni: 'in-place.example' });
      expect(inPlace.analyzer.tableFacts()).toEqual(copied.analyzer.tableFacts());
      expect(inPlace.anomalies.map((a) => a.code)).toEqual(copied.anomalies.map((a) => a.code));
      expect(copied.anomalies.map((a) => a.code)).toContain('tls.unknown-content-type');
      // the full analysis keeps certificates and hellos past their records: its summary must not see the overwrite either
      const full = feedChunks(chunks);
      const fullOverwritten = feedChunks(chunks, { overwriteAfterEach: true });
      expect(JSON.stringify(fullOverwritten.analyzer.summary())).toBe(JSON.stringify(full.analyzer.summary()));
      expect(full.analyzer.summary()!.certificates).toHaveLength(3);
    }
  });
});
