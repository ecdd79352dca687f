import { describe, expect, it } from 'vitest';
import { runDatagrams } from '../udp/drive-udp';
import { CLIENT_CRYPTO_FRAME, CLIENT_DCID } from './rfc-vectors';
import { cryptoFrame, sealInitial, varint } from './seal';
import { CryptoStream, MAX_CRYPTO_OFFSET } from '../../../../main/engine/quic/crypto-stream';

const CLIENT = '10.0.0.1:50000';
const SERVER = '10.0.0.2:443';
/** the ClientHello of RFC 9001 A.2: its CRYPTO frame without the 4-byte frame header (06 00 40 f1) */
const CLIENT_HELLO = CLIENT_CRYPTO_FRAME.subarray(4);
const SCID = Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd);
const at = (frame: number) => ({ frame, time: frame, fileOffset: frame * 100 });

describe('CRYPTO frames are reassembled across packets and out of order', () => {
  it('a ClientHello cut in three, sent over two Initial packets last piece first, is read whole', () => {
    const [a, b, c] = [CLIENT_HELLO.subarray(0, 40), CLIENT_HELLO.subarray(40, 150), CLIENT_HELLO.subarray(150)];
    const first = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 0, frames: [...cryptoFrame(150, c), 0x01, ...cryptoFrame(40, b)], padTo: 1100 });
    const second = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 1, frames: cryptoFrame(0, a), padTo: 1100 });
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: first },
      { from: CLIENT, to: SERVER, payload: second },
    ]);
    const r = reports[0];
    expect(r.quic!.packets.map((p) => [p.packetNumber, p.frames, p.crypto])).toEqual([
      [0, ['CRYPTO', 'PING', 'CRYPTO', 'PADDING'], [[150, c.length], [40, 110]]],
      [1, ['CRYPTO', 'PADDING'], [[0, 40]]],
    ]);
    expect(r.tls!.sni).toBe('example.com');
    expect(r.tls!.clientHellos[0].frame).toBe(2);
  });

  it('overlapping and repeated pieces give the same stream once', () => {
    const s = new CryptoStream();
    s.push(10, Uint8Array.of(10, 11, 12, 13), at(1));
    s.push(0, Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), at(2));
    s.push(0, Uint8Array.of(0, 1, 2), at(3));
    expect(Array.from(s.readable())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(s.outOfOrder).toBe(true);
    expect(s.waitingBytes).toBe(0);
  });

  it('a CRYPTO frame at an absurd offset is refused and reported, not buffered', () => {
    const s = new CryptoStream();
    expect(s.push(2 ** 40, new Uint8Array(16), at(1))).toBe('beyond-limit');
    expect(s.push(MAX_CRYPTO_OFFSET - 4, new Uint8Array(16), at(1))).toBe('beyond-limit');
    expect(s.waitingBytes).toBe(0);

    const packet = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 0, frames: [0x06, ...varint(2 ** 40), ...varint(8), 1, 2, 3, 4, 5, 6, 7, 8], padTo: 1100 });
    const { reports, session } = runDatagrams([{ from: CLIENT, to: SERVER, payload: packet }]);
    expect(reports[0].quic!.packets[0].crypto).toEqual([[2 ** 40, 8]]);
    expect(session.analyzer.stats.anomalies['quic.crypto-offset-absurd']).toBe(1);
    expect(reports[0].tls).toBeNull();
  });
});

describe('port reuse', () => {
  it('a client Initial to a new connection ID on the addresses of an earlier connection starts a new connection', () => {
    const otherDcid = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
    const first = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 0, frames: cryptoFrame(0, CLIENT_HELLO), padTo: 1100 });
    const again = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 1, frames: cryptoFrame(0, CLIENT_HELLO), padTo: 1100 });
    const second = sealInitial({ side: 'client', originalDcid: otherDcid, dcid: otherDcid, scid: SCID, pn: 0, frames: cryptoFrame(0, CLIENT_HELLO), padTo: 1100 });
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: first },
      { from: CLIENT, to: SERVER, payload: again },
      { from: CLIENT, to: SERVER, payload: second },
    ]);
    expect(reports.map((r) => [r.quic!.clientInitialDcid, r.frames.c2s, r.tls?.sni])).toEqual([
      ['8394c8f03e515708', 2, 'example.com'],
      ['0908070605040302', 1, 'example.com'],
    ]);
  });
});

describe('frames are named with what they say', () => {
  it('CONNECTION_CLOSE carries its error name, the frame type at fault and the reason; its time closes the connection', () => {
    const reason = Buffer.from('bad frame');
    const close = [0x1c, ...varint(0x0a), ...varint(0x08), ...varint(reason.length), ...reason];
    const packet = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 0, frames: close, padTo: 1100 });
    const { reports } = runDatagrams([{ from: CLIENT, to: SERVER, payload: packet }]);
    const q = reports[0].quic!;
    expect(q.packets[0].frames).toEqual(['CONNECTION_CLOSE', 'PADDING']);
    expect(q.closes).toEqual([expect.objectContaining({ dir: 'c2s', kind: 'transport', errorCode: 10, errorName: 'PROTOCOL_VIOLATION', frameType: 8, reason: 'bad frame' })]);
    expect(q.phasesMs.close).toBe(0);
  });

  it('NEW_CONNECTION_ID adds an ID the connection is then found by', () => {
    const newId = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];
    const frames = [0x18, ...varint(1), ...varint(0), newId.length, ...newId, ...new Array(16).fill(0xee)];
    const fromServer = sealInitial({ side: 'server', originalDcid: CLIENT_DCID, dcid: SCID, scid: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), pn: 0, frames, padTo: 100 });
    const first = sealInitial({ side: 'client', originalDcid: CLIENT_DCID, dcid: CLIENT_DCID, scid: SCID, pn: 0, frames: [0x01], padTo: 1100 });
    const migrated = Uint8Array.from([0x41, ...newId, ...new Array(30).fill(0x5a)]);
    const { reports } = runDatagrams([
      { from: CLIENT, to: SERVER, payload: first },
      { from: SERVER, to: CLIENT, payload: fromServer },
      { from: '10.0.0.7:40000', to: SERVER, payload: migrated },
    ]);
    expect(reports).toHaveLength(1);
    expect(reports[0].quic!.serverCids).toContain('1122334455667788');
    expect(reports[0].quic!.migrations[0]).toMatchObject({ from: CLIENT, to: '10.0.0.7:40000' });
  });
});
