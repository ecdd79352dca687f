import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../../main/engine/index';
import { LINK, PcapngBuilder, TcpFlow } from '../../../fixtures/builders';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-skipped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * pcapng (draft-ietf-opsawg-pcapng §4.3): an Enhanced Packet Block's interface id must name
 * an Interface Description Block of its section. A block naming none is skipped, but it keeps
 * its frame number (the frames after it keep theirs, as every other tool numbers them): the
 * statistics count it, as skipped, so no frame number points past the last one.
 */
describe('frames the reader skips', () => {
  it('pcapng-unknown-interface-frame-numbers: skipped frames are counted, every frame number is within the count', async () => {
    const flow = new TcpFlow();
    const [syn, synAck, ack] = flow.handshake();
    const b = new PcapngBuilder().section().interface({ linkType: LINK.ETHERNET });
    let ts = 1_700_000_000_000_000n;
    const add = (interfaceId: number, data: Uint8Array) => b.epb({ interfaceId, timestamp: (ts += 1000n), data });
    add(0, syn.data); // 1
    add(5, synAck.data); // 2: no interface 5
    add(0, synAck.data); // 3
    add(0, ack.data); // 4
    add(9, ack.data); // 5: no interface 9, the last frame
    const path = join(dir, 'unknown-interface.pcapng');
    writeFileSync(path, b.build());
    const { report } = await analyzeCapture(path);
    expect(report.stats.skippedFrames).toBe(2);
    expect(report.stats.frames).toBe(5);
    const analysed = Object.values(report.stats.linkTypes).reduce((a, n) => a + n, 0);
    expect(analysed + report.stats.skippedFrames).toBe(report.stats.frames);
    expect(report.stats.anomalies['pcapng.unknown-interface']).toBe(2);
    const numbers = [...report.anomalies.map((a) => a.frame ?? 0), ...report.connections.flatMap((c) => [c.firstFrame, ...c.events.map((e) => e.frame)])];
    expect(Math.max(...numbers)).toBeLessThanOrEqual(report.stats.frames);
    expect(report.connections[0].events.map((e) => [e.kind, e.frame])).toEqual([
      ['syn', 1],
      ['syn-ack', 3],
      ['ack', 4],
    ]);
  });
});
