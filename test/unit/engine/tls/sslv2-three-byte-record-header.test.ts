import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../main/engine/index';
import { concat, flowToPcap, patternBytes, sslv2Record, TcpFlow } from '../../../fixtures/builders';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-sslv2-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const RC4_128_WITH_MD5 = [0x01, 0x00, 0x80];

/**
 * A whole SSL 2.0 session (draft-hickman-netscape-ssl-00): the hellos and CLIENT-MASTER-KEY in
 * the clear with 2-byte record headers; after them, encrypted records whose block cipher
 * padding needs the 3-byte header (top bit clear, padding count in the third byte).
 */
function sslv2Session(): { client: Uint8Array[]; server: Uint8Array[] } {
  const challenge = patternBytes(16, 1);
  const clientHello = [1, ...u16(0x0002), ...u16(3), ...u16(0), ...u16(challenge.length), ...RC4_128_WITH_MD5, ...challenge];
  const certificate = patternBytes(40, 2);
  const connectionId = patternBytes(16, 3);
  const serverHello = [4, 0, 1, ...u16(0x0002), ...u16(certificate.length), ...u16(3), ...u16(connectionId.length), ...certificate, ...RC4_128_WITH_MD5, ...connectionId];
  const clientMasterKey = [2, ...RC4_128_WITH_MD5, ...u16(0), ...u16(64), ...u16(0), ...patternBytes(64, 4)];
  return {
    client: [
      sslv2Record(clientHello),
      sslv2Record(clientMasterKey),
      sslv2Record(patternBytes(27, 5), 5), // CLIENT-FINISHED, encrypted
      sslv2Record(patternBytes(45, 6), 3),
      sslv2Record(patternBytes(300, 7)),
      sslv2Record(patternBytes(61, 8), 7),
    ],
    server: [
      sslv2Record(serverHello),
      sslv2Record(patternBytes(28, 9), 4), // SERVER-VERIFY, encrypted
      sslv2Record(patternBytes(26, 10), 6), // SERVER-FINISHED, encrypted
      sslv2Record(patternBytes(500, 11)),
    ],
  };
}

describe('SSL 2.0 record headers', () => {
  it('sslv2-three-byte-record-header: padded records are framed, none is a bad TLS header', async () => {
    const s = sslv2Session();
    const flow = new TcpFlow();
    const frames = [
      ...flow.handshake(),
      flow.send('client', s.client[0]),
      flow.send('server', s.server[0]),
      flow.send('client', s.client[1]),
      flow.send('server', s.server[1]),
      flow.send('client', s.client[2]),
      flow.send('server', s.server[2]),
      // two records in one segment, and one split across two
      flow.send('client', concat(s.client[3], s.client[4].subarray(0, 1))),
      flow.send('client', concat(s.client[4].subarray(1), s.client[5])),
      flow.send('server', s.server[3]),
    ];
    const path = join(dir, 'sslv2.pcap');
    writeFileSync(path, flowToPcap(frames).bytes);
    const { report } = await analyzeCapture(path);
    const tls = report.connections[0].tls!;
    expect(tls.recordCounts).toEqual({ c2s: { sslv2: 6 }, s2c: { sslv2: 4 } });
    expect(report.stats.anomalies['tls.bad-record-header']).toBeUndefined();
    expect(tls.anomalies).toEqual([]);
    // both directions carried only these records
    const length = (rs: Uint8Array[]) => rs.reduce((n, r) => n + r.length, 0);
    expect(report.connections[0].payloadBytes).toEqual({ c2s: length(s.client), s2c: length(s.server) });
    expect(tls.handshakeTypes.c2s.slice(0, 2)).toEqual(['sslv2:1', 'sslv2:2']);
    expect(tls.handshakeTypes.s2c[0]).toBe('sslv2:4');
  });

  it('sslv2-client-hello-then-tls: after an SSLv2 ClientHello answered in TLS, the client speaks TLS records', async () => {
    const flow = new TcpFlow();
    const challenge = patternBytes(16, 1);
    const hello = sslv2Record([1, ...u16(0x0301), ...u16(3), ...u16(0), ...u16(challenge.length), 0x00, 0x00, 0x2f, ...challenge]);
    const serverHello = [0x16, 0x03, 0x01, ...u16(42), 2, 0, 0, 38, 0x03, 0x01, ...patternBytes(32, 2), 0, 0x00, 0x2f, 0];
    const ccs = [0x14, 0x03, 0x01, 0, 1, 1];
    const frames = [...flow.handshake(), flow.send('client', hello), flow.send('server', serverHello), flow.send('client', ccs)];
    const path = join(dir, 'sslv2-upgrade.pcap');
    writeFileSync(path, flowToPcap(frames).bytes);
    const { report } = await analyzeCapture(path);
    expect(report.connections[0].tls!.recordCounts).toEqual({ c2s: { sslv2: 1, 20: 1 }, s2c: { 22: 1 } });
  });
});
