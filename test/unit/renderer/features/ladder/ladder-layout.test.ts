import { describe, expect, it } from 'vitest';
import type { ConnectionReportView } from '../../../../../contract/api';
import { buildLadderItems, type LadderItem } from '../../../../../renderer/src/features/ladder/ladder-items';
import { clockTime, rowLabel } from '../../../../../renderer/src/features/ladder/labels';
import { ladderText } from '../../../../../renderer/src/features/ladder/ladder-text';
import { DEFAULT_GEOMETRY, gapPx, layoutLadder, visibleRows } from '../../../../../renderer/src/features/ladder/layout';
import { translator } from '../../../../../contract/i18n/translate';
import { dataEvent, event, syntheticConnection, T0 } from '../../../../support/synthetic-connection';

const g = DEFAULT_GEOMETRY;

/** Minimal items: only what the layout reads. */
function item(key: string, dir: 'c2s' | 's2c', ms: number, over: Partial<LadderItem> = {}): LadderItem {
  const time = T0 + ms / 1000;
  return { key, kind: 'tcp', dir, time, lastTime: time, frame: 1, lastFrame: 1, sub: 0, step: 1, ...over };
}

describe('ladder items', () => {
  it('merge TCP events and TLS messages in capture order, with textbook steps', () => {
    const c = syntheticConnection({ exchanges: 1 });
    const items = buildLadderItems(c);
    const names = items.map((i) => (i.tcpKind ?? (i.messageIndex !== undefined ? c.tls!.messages[i.messageIndex].name : i.alertIndex !== undefined ? 'alert' : i.kind)));
    expect(names).toEqual(['syn', 'syn-ack', 'ack', 'client_hello', 'server_hello', 'certificate', 'server_key_exchange', 'server_hello_done', 'client_key_exchange', 'change_cipher_spec', 'encrypted', 'change_cipher_spec', 'encrypted', 'application_data', 'application_data', 'encrypted_alert', 'fin', 'fin-ack', 'fin', 'fin-ack']);
    expect(items.map((i) => i.step)).toEqual([1, 1, 1, 2, 2, 3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 7, 8, 8, 8, 8]);
    // the inferred close_notify is carried by the alert record
    const close = items[15];
    expect(c.tls!.alerts[close.alertIndex!].inferred).toBe(true);
  });

  it('TLS 1.3: the server’s encrypted flight spans steps 3–5', () => {
    const c = syntheticConnection({ version: '0x0304', chosen: 0x1301 });
    const flight = buildLadderItems(c).filter((i) => i.messageIndex !== undefined && c.tls!.messages[i.messageIndex].kind === 'handshake' && c.tls!.messages[i.messageIndex].type === 'encrypted');
    expect(flight.map((i) => [i.dir, i.step, i.stepTo])).toEqual([
      ['c2s', 5, undefined],
      ['s2c', 3, 5],
    ]);
  });

  it('data runs: what is left after the handshake messages is application data (segments and bytes)', () => {
    const c = syntheticConnection({ exchanges: 1 });
    const app = buildLadderItems(c).filter((i) => i.kind === 'app-data');
    expect(app.map((i) => [i.dir, i.segments, i.bytes])).toEqual([
      ['c2s', 1, 100],
      ['s2c', 4, 5000],
    ]);
    // a run that also carried handshake records: the rest, estimated
    c.events[4] = dataEvent(6, 20, 's2c', 5, 4000, 9, 22);
    const mixed = buildLadderItems(c).find((i) => i.eventIndex === 4 && i.kind === 'app-data')!;
    expect(mixed.segments).toBe(2);
    expect(mixed.approximate).toBe(true);
    expect(mixed.bytes).toBe(4000 - (64 + 5) - (2504 + 5) - (304 + 5) - (4 + 5));
  });

  it('without TLS, data stays plain TCP data', () => {
    const c = syntheticConnection();
    const plain: ConnectionReportView = { ...c, tls: null, events: [event('syn', 1, 0, 'c2s'), dataEvent(4, 5, 'c2s', 2, 300)] };
    expect(buildLadderItems(plain).map((i) => i.kind)).toEqual(['tcp', 'tcp-data']);
  });
});

describe('ladder layout', () => {
  it('times → y: a fixed row height plus a logarithmic share of the pause', () => {
    const layout = layoutLadder([item('a', 'c2s', 0), item('b', 's2c', 10), item('c', 'c2s', 10), item('d', 's2c', 1010)]);
    const ys = layout.rows.map((r) => r.y);
    expect(ys[0]).toBe(g.topPad);
    expect(ys[1] - ys[0]).toBeCloseTo(g.rowHeight + g.pxPerDecade * Math.log10(11), 1);
    expect(ys[2] - ys[1]).toBe(g.rowHeight);
    expect(ys[3] - ys[2]).toBeCloseTo(g.rowHeight + gapPx(1000, g), 1);
    expect(gapPx(1e9, g)).toBe(g.maxGapPx);
    expect(layout.rows.map((r) => r.deltaMs)).toEqual([null, 10, 0, 1000]);
    // a pause of a second or more is marked as a break in the time axis
    expect(layout.rows.map((r) => r.timeBreakMs)).toEqual([null, null, null, 1000]);
  });

  it('arrow heads land at the peer’s next packet, capped', () => {
    const layout = layoutLadder([item('syn', 'c2s', 0), item('synack', 's2c', 20), item('ack', 'c2s', 20.1), item('hello', 'c2s', 20.2), item('sh', 's2c', 50), item('last', 'c2s', 51)]);
    const [syn, synack, ack, hello, sh, last] = layout.rows;
    expect(syn.headY).toBe(synack.y);
    expect(synack.headY).toBe(ack.y);
    // two client packets before the server's next: the first is capped at maxSlopePx
    expect(ack.headY).toBe(Math.min(sh.y, ack.y + g.maxSlopePx));
    expect(hello.headY).toBe(sh.y);
    expect(sh.headY).toBe(last.y);
    // nothing follows: a short slope
    expect(last.headY).toBe(last.y + g.rowHeight);
    // each arrow is read at its middle; labels of neighbours never come closer than 3/4 of a row
    for (const r of layout.rows) expect(r.labelY).toBe(Math.round(((r.y + r.headY) / 2) * 10) / 10);
    for (let i = 1; i < layout.rows.length; i++) expect(layout.rows[i].labelY - layout.rows[i - 1].labelY).toBeGreaterThanOrEqual(g.rowHeight * 0.75);
  });

  it('groups messages that ended in one segment', () => {
    const c = syntheticConnection({ exchanges: 1 });
    const layout = layoutLadder(buildLadderItems(c));
    const groups = layout.groups.map((gr) => layout.rows.slice(gr.firstRow, gr.lastRow + 1).map((r) => c.tls!.messages[r.item.messageIndex!].name));
    expect(groups).toEqual([
      // the certificate's last bytes came in the same segment as the next two
      ['certificate', 'server_key_exchange', 'server_hello_done'],
      ['client_key_exchange', 'change_cipher_spec', 'encrypted'],
      ['change_cipher_spec', 'encrypted'],
    ]);
    for (const gr of layout.groups) {
      expect(gr.y0).toBeLessThan(layout.rows[gr.firstRow].labelY);
      expect(gr.y1).toBeGreaterThan(layout.rows[gr.lastRow].labelY);
    }
  });

  it('collapses runs of application data, and expands them on request', () => {
    const c = syntheticConnection({ exchanges: 5 });
    const items = buildLadderItems(c);
    const collapsed = layoutLadder(items);
    expect(collapsed.runs).toHaveLength(1);
    const run = collapsed.runs[0];
    expect(run.count).toBe(10);
    expect([run.c2s.items, run.c2s.segments, run.c2s.bytes, run.s2c.items, run.s2c.segments, run.s2c.bytes]).toEqual([5, 5, 500, 5, 20, 25000]);
    const runRow = collapsed.rows.find((r) => r.kind === 'run')!;
    expect(runRow.dir).toBe('both');
    expect(collapsed.rows).toHaveLength(items.length - 10 + 1);
    const expanded = layoutLadder(items, { expanded: new Set([run.key]) });
    expect(expanded.rows).toHaveLength(items.length + 1);
    const header = expanded.rows.find((r) => r.kind === 'run-header')!;
    expect(expanded.rows.filter((r) => r.runKey === run.key)).toHaveLength(11);
    expect(expanded.rows[header.index + 1].time).toBe(header.time);
    // two data items in a row stay separate
    expect(layoutLadder(buildLadderItems(syntheticConnection({ exchanges: 1 }))).runs).toEqual([]);
  });

  it('phases with their durations, and the step shown where each step starts', () => {
    const c = syntheticConnection({ exchanges: 1 });
    const layout = layoutLadder(buildLadderItems(c));
    expect(layout.phases.map((p) => [p.phase, Number(p.durationMs.toFixed(3))])).toEqual([
      ['tcp-handshake', 10.2],
      ['tls-handshake', 30.5],
      ['data', 21],
      ['teardown', 11.7],
    ]);
    expect(layout.rows.filter((r) => r.showStep).map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < layout.phases.length; i++) expect(layout.phases[i].y0).toBe(layout.phases[i - 1].y1);
  });

  it('a failed handshake: the alert stays in the TLS handshake phase, no data phase', () => {
    const alert = { dir: 's2c' as const, level: 2, levelName: 'fatal', description: 40, descriptionName: 'handshake_failure', encrypted: false, inferred: false, frame: 6, time: T0 + 0.0155 };
    const c = syntheticConnection({ chosen: null, alerts: [alert] });
    const layout = layoutLadder(buildLadderItems(c));
    expect(layout.phases.map((p) => p.phase)).toEqual(['tcp-handshake', 'tls-handshake', 'teardown']);
    const alertRow = layout.rows.find((r) => r.item.alertIndex !== undefined)!;
    expect(alertRow.item.problem).toBe(true);
    expect(alertRow.step).toBeNull();
    expect(rowLabel(alertRow, layout, c, translator('en'), 'en').title).toBe('Alert (fatal): handshake_failure');
  });

  it('visibleRows returns the window around the viewport only', () => {
    const items = Array.from({ length: 1000 }, (_, i) => item(`i${i}`, i % 2 ? 's2c' : 'c2s', i));
    const layout = layoutLadder(items);
    const [first, end] = visibleRows(layout, 10_000, 600, 0);
    expect(layout.rows[first].y).toBeGreaterThanOrEqual(10_000 - g.maxSlopePx);
    expect(layout.rows[first - 1].y).toBeLessThan(10_000 - g.maxSlopePx);
    expect(layout.rows[end - 1].y - g.rowHeight).toBeLessThanOrEqual(10_600);
    expect(end - first).toBeLessThan(40);
  });

  // how fast: `npm run bench:renderer` prints it; here only what the layout gives
  it('lays out 10,000 events, collapsing the data runs', () => {
    const c = syntheticConnection({ exchanges: 2 });
    const events = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? event('retransmission', 100 + i, 100 + i, i % 2 ? 's2c' : 'c2s', { len: 10 }) : dataEvent(100 + i, 100 + i, i % 2 ? 's2c' : 'c2s', 2, 2000)));
    const big = { ...c, events: [...c.events, ...events] };
    const layout = layoutLadder(buildLadderItems(big));
    expect(layout.rows.length).toBeGreaterThan(3000);
  });

  it('copy as text: one line per row, phases as separators', () => {
    const c = syntheticConnection({ exchanges: 1 });
    const text = ladderText(layoutLadder(buildLadderItems(c)), c, translator('en'), 'en');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Connection 7: 10.0.0.1:50000 ⇄ 93.184.216.34:443');
    expect(lines.filter((l) => l.startsWith('── '))).toEqual(['── TCP handshake: 10.200 ms ──', '── TLS handshake: 30.500 ms ──', '── Data: 21.000 ms ──', '── Teardown: 11.700 ms ──']);
    const syn = lines.find((l) => l.includes(' SYN '))!;
    expect(syn.startsWith(`${clockTime(T0)}  `)).toBe(true);
    expect(syn).toMatch(/\[1\]\s+─+ SYN ─+▶/);
    expect(lines.find((l) => l.includes('ServerHello'))).toMatch(/◀─+ ServerHello ─+ /);
    expect(clockTime(1398529018.654077)).toBe('16:16:58.654077');
    expect(ladderText(layoutLadder(buildLadderItems(c)), c, translator('zh-CN'), 'zh-CN')).toContain('── TLS 握手：30.500 毫秒 ──');
  });
});

describe('clock times of damaged captures', () => {
  // a frame of a damaged capture timed 15,926,523,714,048 s after 1970 (year ~506,000): past what Date holds
  const FAR = 15926523714048.203;

  it('clockTime words any finite second, the same as Date where Date can', () => {
    expect(() => new Date(Math.floor(FAR) * 1000).toISOString()).toThrow(RangeError);
    expect(clockTime(FAR)).toMatch(/^\d\d:\d\d:\d\d\.\d{6}$/);
    expect(clockTime(FAR)).toBe(`05:00:48.${clockTime(FAR).slice(9)}`);
    // the last millisecond Date can hold, and its 6-digit year that shifted the old slice
    expect(clockTime(8.64e12)).toBe('00:00:00.000000');
    expect(clockTime(-1e300)).toMatch(/^\d\d:\d\d:\d\d\.000000$/);
    expect(clockTime(Number.NaN)).toBe('--:--:--.------');
    for (const s of [0, 1398529018.654077, 1700000000.9999995, 4102444799.000001, -0.5]) {
      const micros = Math.round(s * 1e6);
      const whole = Math.floor(micros / 1e6);
      expect(clockTime(s), String(s)).toBe(`${new Date(whole * 1000).toISOString().slice(11, 19)}.${String(micros - whole * 1e6).padStart(6, '0')}`);
    }
  });

  it('a connection with such a frame has a ladder and its text', () => {
    const c = syntheticConnection({ exchanges: 1 });
    const far = { ...c, events: c.events.map((e, i) => (i === 2 ? { ...e, time: FAR } : e)) };
    const layout = layoutLadder(buildLadderItems(far));
    for (const language of ['en', 'zh-CN'] as const) {
      const text = ladderText(layout, far, translator(language), language);
      expect(text).toContain('05:00:48.');
      expect(text).not.toMatch(/undefined|NaN/);
    }
  });
});
