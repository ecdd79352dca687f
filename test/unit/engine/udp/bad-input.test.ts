import { describe, expect, it } from 'vitest';
import { runDatagrams } from './drive-udp';
import { seededRandom } from '../../../fixtures/builders';
import { V1, V2 } from '../quic/rfc-vectors';
import { dtlsClientHello, fragment, record } from '../dtls/dtls-records';

const CLIENT = '10.0.0.1:50000';
const SERVER = '10.0.0.2:443';

describe('bad UDP, QUIC and DTLS input gives anomalies and partial results, never a throw', () => {
  it('a truncated Initial: its header is read, its payload is not opened, the cut is reported', () => {
    const { reports, session } = runDatagrams([{ from: CLIENT, to: SERVER, payload: V1.clientInitial.subarray(0, 100) }]);
    const p = reports[0].quic!.packets[0];
    expect([p.type, p.decrypted, p.dcid]).toEqual(['initial', false, '8394c8f03e515708']);
    expect(session.analyzer.stats.anomalies['quic.truncated-packet']).toBe(1);
  });

  it('an Initial with one byte changed fails authentication and says so', () => {
    const damaged = V1.clientInitial.slice();
    damaged[600] ^= 0x80;
    const { reports, session } = runDatagrams([{ from: CLIENT, to: SERVER, payload: damaged }]);
    expect(reports[0].quic!.packets[0]).toMatchObject({ decrypted: false, failure: expect.stringContaining('authentication failed') });
    expect(session.analyzer.stats.anomalies['quic.decryption-failed']).toBe(1);
    expect(reports[0].tls).toBeNull();
  });

  it('UDP on the QUIC port that is neither QUIC nor DTLS is noted once per flow, and makes no connection', () => {
    const junk = Uint8Array.from({ length: 60 }, (_, i) => (i * 7) & 0x3f);
    const { reports, session } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: junk },
      { from: CLIENT, to: SERVER, payload: junk },
    ]);
    expect(reports).toEqual([]);
    expect(session.analyzer.stats.anomalies['udp.neither-quic-nor-dtls']).toBe(1);
    expect(session.udp.otherDatagrams).toBe(2);
  });

  it('Google QUIC (gQUIC public header with version Q025) is named as such, not taken for IETF QUIC', () => {
    const gquic = Uint8Array.from([0x0d, 1, 2, 3, 4, 5, 6, 7, 8, 0x51, 0x30, 0x32, 0x35, 0x01, ...new Array(40).fill(0x20)]);
    const { reports, session } = runDatagrams([{ from: CLIENT, to: SERVER, payload: gquic }]);
    expect(reports).toEqual([]);
    expect(session.analyzer.stats.anomalies['udp.google-quic']).toBe(1);
    expect(session.analyzer.stats.anomalies['udp.neither-quic-nor-dtls']).toBeUndefined();
  });

  it('DNS-like UDP on other ports is counted, not flagged', () => {
    const { reports, session } = runDatagrams([{ from: '10.0.0.1:5353', to: '10.0.0.2:53', payload: Uint8Array.of(0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0) }]);
    expect(reports).toEqual([]);
    expect(session.analyzer.stats.anomalies['udp.neither-quic-nor-dtls']).toBeUndefined();
  });

  it('a UDP length beyond the IP payload is reported and the datagram cut to what IP carries', () => {
    const segment = Uint8Array.from([0xc3, 0x50, 0x01, 0xbb, 0x10, 0x00, 0, 0, ...V1.clientInitial]);
    const { reports, session } = runDatagrams([{ from: CLIENT, to: SERVER, payload: new Uint8Array(0), udpSegment: segment }]);
    expect(session.analyzer.stats.anomalies['udp.length-exceeds-ip']).toBe(1);
    expect(reports[0].quic!.packets[0].decrypted).toBe(true);
  });

  it('a DTLS record whose length runs past its datagram is cut and reported', () => {
    const r = record(22, 0, 0, fragment(1, 0, dtlsClientHello([])));
    const cut = r.subarray(0, r.length - 30);
    const { reports, session } = runDatagrams([{ from: CLIENT, to: '10.0.0.2:4433', payload: cut }]);
    // the header promises more than the datagram holds: not taken for DTLS at all, so not misread
    expect(reports).toEqual([]);
    expect(session.udp.otherDatagrams).toBe(1);
    const inFlow = runDatagrams([
      { from: CLIENT, to: '10.0.0.2:4433', payload: r },
      { from: CLIENT, to: '10.0.0.2:4433', payload: cut },
    ]);
    expect(inFlow.session.analyzer.stats.anomalies['dtls.truncated-record']).toBe(1);
    expect(inFlow.reports[0].dtls!.records).toHaveLength(2);
  });

  it('thousands of mutated QUIC and DTLS datagrams: every one handled, nothing thrown', () => {
    const random = seededRandom(23);
    const seeds = [V1.clientInitial, V1.serverInitial, V1.retry, V2.clientInitial, V2.serverInitial, record(22, 0, 0, fragment(1, 0, dtlsClientHello([1, 2, 3])))];
    const datagrams = [];
    for (let i = 0; i < 3000; i++) {
      const base = seeds[i % seeds.length].slice();
      const kind = Math.floor(random() * 4);
      if (kind === 0) for (let k = 0; k < 1 + random() * 8; k++) base[Math.floor(random() * base.length)] = Math.floor(random() * 256);
      const bytes = kind === 1 ? base.subarray(0, Math.floor(random() * base.length)) : kind === 2 ? Uint8Array.from([...base, ...base.subarray(0, Math.floor(random() * 64))]) : base;
      // varint length and offset bytes set to their largest values
      if (kind === 3) base[Math.floor(random() * Math.min(60, base.length))] = 0xff;
      const port = 40000 + (i % 50);
      datagrams.push(i % 2 ? { from: SERVER, to: `10.0.0.1:${port}`, payload: bytes } : { from: `10.0.0.1:${port}`, to: SERVER, payload: bytes });
    }
    const started = Date.now();
    const { session, reports } = runDatagrams(datagrams);
    expect(session.analyzer.stats.udp).toBe(3000);
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) expect(JSON.parse(JSON.stringify(r)).transport).toMatch(/^(quic|dtls)$/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
