import { describe, expect, it } from 'vitest';
import type { ConnectionReportView } from '../../../../../contract/api';
import { detailRows } from '../../../../../renderer/src/features/detail/detail-rows';
import { base64ToBytes, hexDump } from '../../../../../renderer/src/features/detail/hex-dump';
import { translator } from '../../../../../contract/i18n/translate';

const connection = {
  start: 100,
  events: [
    { kind: 'syn', frame: 1, time: 100, dir: 'c2s', fileOffset: 40, flags: 'SYN', seq: 0, len: 0 },
    { kind: 'data', frame: 4, time: 100.5, dir: 'c2s', fileOffset: 400, flags: 'PSH, ACK', seq: 1, len: 100, segments: 3, bytes: 517, lastFrame: 6, lastTime: 100.6 },
    { kind: 'gap', frame: 9, time: 101, dir: 's2c', fileOffset: 900, flags: 'ACK', seq: 10, len: 0, missing: 1448 },
  ],
  tls: { messages: [{ dir: 'c2s', kind: 'handshake', type: 1, name: 'ClientHello', frames: [4, 5, 6], time: 100.6, length: 512 }] },
} as unknown as ConnectionReportView;

describe('details list', () => {
  it('merges TCP events and TLS messages in frame order, as text', () => {
    const rows = detailRows(connection, translator('en'));
    expect(rows.map((r) => [r.frame, r.layer, r.event])).toEqual([
      [1, 'tcp', 'SYN'],
      [4, 'tcp', 'Data'],
      [6, 'tls', 'ClientHello'],
      [9, 'tcp', 'Gap'],
    ]);
    expect(rows[1].info).toBe('3 segments, 517 bytes, frames 4–6');
    expect(rows[2].info).toBe('512 bytes, frames 4, 5, 6');
    expect(rows[3].info).toBe('1448 bytes were never captured');
    expect(rows[2].offsetSeconds).toBeCloseTo(0.6, 6);
  });

  it('speaks Chinese too', () => {
    const rows = detailRows(connection, translator('zh-CN'));
    expect(rows[1].event).toBe('数据');
    expect(rows[0].info).toBe('标志 SYN，seq 0，长度 0');
  });
});

describe('hex dump', () => {
  it('prints offset, hex in two groups and printable ASCII', () => {
    const bytes = new Uint8Array([0x16, 0x03, 0x01, 0x00, 0x41, 0x42, 0x7f, 0x20, 0, 1, 2, 3, 4, 5, 6, 7, 0x68, 0x69]);
    expect(hexDump(bytes).split('\n')).toEqual([
      '0000  16 03 01 00 41 42 7f 20  00 01 02 03 04 05 06 07  ....AB. ........',
      '0010  68 69                                             hi',
    ]);
  });

  it('decodes base64 to bytes', () => {
    expect([...base64ToBytes(Buffer.from([0, 255, 16]).toString('base64'))]).toEqual([0, 255, 16]);
  });
});
