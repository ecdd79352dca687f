import { describe, expect, it } from 'vitest';
import { runDatagrams } from '../udp/drive-udp';
import { V1, V2 } from './rfc-vectors';

const CLIENT = '10.0.0.1:50000';
const SERVER = '10.0.0.2:443';

describe('a QUIC connection is its connection IDs', () => {
  it("the RFC 9001 client and server Initials make one connection whose ClientHello is read whole", () => {
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: SERVER, to: CLIENT, payload: V1.serverInitial },
    ]);
    expect(reports).toHaveLength(1);
    const r = reports[0];
    expect([r.transport, r.client, r.server]).toEqual(['quic', CLIENT, SERVER]);
    expect(r.quic!.versions).toEqual(['0x00000001']);
    expect(r.quic!.clientInitialDcid).toBe('8394c8f03e515708');
    expect(r.quic!.serverCids).toEqual(['8394c8f03e515708', 'f067a5502a4262b5']);
    expect(r.tls!.sni).toBe('example.com');
    expect(r.tls!.alpnOffered).toEqual(['alpn']);
    expect(r.tls!.cipherSuite).toBe('0x1301');
    expect(r.tls!.version).toBe('0x0304');
    expect(r.tls!.handshakeTypes).toEqual({ c2s: [1], s2c: [2] });
    // JA4 a-part by hand (FoxIO JA4.md): q, TLS 1.3, SNI present, 2 suites, 11 extensions, ALPN "alpn"
    expect(r.tls!.ja4!.slice(0, 10)).toBe('q13d0211an');
    expect(r.quic!.transportParameters.client!.map((p) => p.name)).toContain('initial_source_connection_id');
    expect(r.quic!.phases.initial).not.toBeNull();
  });

  it('a client that moves to a new port, still writing to the server connection ID, stays the same connection', () => {
    // short header: 0x40 | packet number length bits, then the server's ID, then protected bytes we cannot open
    const migrated = Uint8Array.from([0x41, ...Buffer.from('f067a5502a4262b5', 'hex'), ...new Array(40).fill(0x5a)]);
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: SERVER, to: CLIENT, payload: V1.serverInitial },
      { from: '10.0.0.1:50001', to: SERVER, payload: migrated },
    ]);
    expect(reports).toHaveLength(1);
    expect(reports[0].quic!.migrations).toEqual([expect.objectContaining({ frame: 3, to: '10.0.0.1:50001' })]);
    expect(reports[0].frames.c2s).toBe(2);
    expect(reports[0].quic!.packetCounts.c2s['1rtt']).toEqual({ packets: 1, decrypted: 0 });
  });

  it('a short header to an unknown connection ID on a new 4-tuple is not taken for a connection', () => {
    const stray = Uint8Array.from([0x41, ...new Array(48).fill(0x33)]);
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: '10.9.9.9:1234', to: SERVER, payload: stray },
    ]);
    expect(reports).toHaveLength(1);
    expect(reports[0].frames.c2s).toBe(1);
  });

  it('Retry: the integrity tag is checked against the DCID of the Initial it answers', () => {
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: SERVER, to: CLIENT, payload: V1.retry },
    ]);
    expect(reports[0].quic!.retry).toEqual({ frame: 2, integrity: 'verified' });
    expect(reports[0].quic!.packets[1]).toMatchObject({ type: 'retry', retryTokenLength: 5, retryIntegrity: 'verified', decrypted: null });
  });

  it('a second Retry (the client sent its Initial twice) is checked against the same first DCID, and the client keeps the first', () => {
    const { reports, session } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: SERVER, to: CLIENT, payload: V1.retry },
      { from: SERVER, to: CLIENT, payload: V1.retry },
    ]);
    expect(reports[0].quic!.packets.filter((p) => p.type === 'retry').map((p) => p.retryIntegrity)).toEqual(['verified', 'verified']);
    expect(reports[0].quic!.retry!.frame).toBe(3);
    expect(session.analyzer.stats.anomalies['quic.retry-integrity-failed']).toBeUndefined();
  });

  it('a Retry whose tag was altered is reported as failing its integrity check', () => {
    const forged = V1.retry.slice();
    forged[forged.length - 1] ^= 0x01;
    const { reports, session } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: SERVER, to: CLIENT, payload: forged },
    ]);
    expect(reports[0].quic!.retry!.integrity).toBe('failed');
    expect(session.analyzer.stats.anomalies['quic.retry-integrity-failed']).toBe(1);
  });

  it('QUIC v2 (RFC 9369): its own packet type bits and salt', () => {
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V2.clientInitial },
      { from: SERVER, to: CLIENT, payload: V2.serverInitial },
    ]);
    expect(reports[0].quic!.versions).toEqual(['0x6b3343cf']);
    expect(reports[0].transportVersions).toEqual(['QUIC v2']);
    expect(reports[0].quic!.packets.map((p) => [p.type, p.packetNumber, p.decrypted])).toEqual([
      ['initial', 2, true],
      ['initial', 1, true],
    ]);
    expect(reports[0].tls!.sni).toBe('example.com');
  });

  it('Version Negotiation lists the versions the server offers', () => {
    const vn = Uint8Array.from([0x80, 0, 0, 0, 0, 8, ...Buffer.from('f067a5502a4262b5', 'hex'), 8, ...Buffer.from('8394c8f03e515708', 'hex'), 0, 0, 0, 1, 0x6b, 0x33, 0x43, 0xcf]);
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: V1.clientInitial },
      { from: SERVER, to: CLIENT, payload: vn },
    ]);
    expect(reports[0].quic!.packets[1]).toMatchObject({ type: 'version_negotiation', supportedVersions: ['0x00000001', '0x6b3343cf'], decrypted: null });
  });
});
