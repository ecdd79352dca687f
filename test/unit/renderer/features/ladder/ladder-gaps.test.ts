/**
 * Retransmissions and gaps are marked on the ladder where the engine saw
 * them: a capture built with a retransmitted segment and a segment the
 * capture never saw, analysed by the worker as the app does, laid out by the
 * ladder, and compared with the engine's own events.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionDetails } from '../../../../../contract/api';
import { WorkerAnalysis } from '../../../../../main/worker/worker-analysis';
import { buildLadderItems } from '../../../../../renderer/src/features/ladder/ladder-items';
import { rowLabel } from '../../../../../renderer/src/features/ladder/labels';
import { ladderText } from '../../../../../renderer/src/features/ladder/ladder-text';
import { layoutLadder } from '../../../../../renderer/src/features/ladder/layout';
import { translator } from '../../../../../contract/i18n/translate';
import { flowToPcap, patternBytes, TcpFlow } from '../../../../fixtures/builders';
import { writeTemp } from '../../../../fixtures/many-connections';

async function connectionOf(frames: Parameters<typeof flowToPcap>[0]) {
  const worker = new WorkerAnalysis({ path: writeTemp('gaps.pcap', flowToPcap(frames).bytes) }, () => {});
  await worker.run();
  const r = await worker.handle({ op: 'details', connectionId: 0 });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as Omit<ConnectionDetails, 'analysisId'>).connection;
}

describe('ladder marks of trouble on TCP', () => {
  it('a retransmission and a gap each get their own marked row, in the engine’s order', async () => {
    const flow = new TcpFlow();
    const handshake = flow.handshake();
    const request = flow.send('client', patternBytes(40, 1));
    const frames = [...handshake, request, { ...request, time: request.time + 0.2 }]; // sent again: a retransmission
    flow.at(request.time + 0.3);
    flow.send('server', patternBytes(700, 2)); // lost: the capture never saw it
    frames.push(flow.send('server', patternBytes(300, 3)), flow.ack('client'), flow.fin('client'), flow.fin('server'), flow.ack('client'));
    const c = await connectionOf(frames);
    expect(c.events.filter((e) => e.kind === 'retransmission')).toHaveLength(1);
    const gapEvents = c.events.filter((e) => e.kind === 'gap');
    expect(gapEvents).toHaveLength(1);
    expect(gapEvents[0].missing).toBe(700);

    const layout = layoutLadder(buildLadderItems(c));
    const gapRows = layout.rows.filter((r) => r.kind === 'gap');
    expect(gapRows).toHaveLength(1);
    const t = translator('en');
    const label = rowLabel(gapRows[0], layout, c, t, 'en');
    expect(`${label.title} ${label.detail}`).toContain('700');
    expect(gapRows[0].item.problem).toBe(true);
    const retransmitted = layout.rows.filter((r) => r.item.tcpKind === 'retransmission');
    expect(retransmitted).toHaveLength(1);
    expect(retransmitted[0].item.problem).toBe(true);
    expect(retransmitted[0].item.frame).toBe(c.events.find((e) => e.kind === 'retransmission')!.frame);
    // the text copy of the ladder says it too, in both languages
    expect(ladderText(layout, c, t, 'en')).toMatch(/≈≈ .*700.* ≈≈/);
    expect(ladderText(layout, c, translator('zh-CN'), 'zh-CN')).toMatch(/≈≈ .*700.* ≈≈/);
    // rows follow the engine's event order
    const eventRows = layout.rows.map((r) => r.item).filter((i) => i.eventIndex !== undefined).map((i) => i.eventIndex!);
    expect(eventRows).toEqual([...eventRows].sort((a, b) => a - b));
  });
});
