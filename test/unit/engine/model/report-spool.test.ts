import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ReportSpool } from '../../../../main/engine/model/report-spool';

describe('report spool (reports parked on disk by the CLI)', () => {
  it('gives back every report exactly, written in batches or still waiting, multi-byte text included', () => {
    const spool = new ReportSpool();
    const reports = new Map<number, string>();
    // ids arrive out of order (connections end in any order); sizes cross the 1 MiB batch more than once
    for (let i = 0; i < 400; i++) {
      const id = (i * 7919) % 401;
      const text = JSON.stringify({ id, sni: i % 3 === 0 ? `例子-${i}.测试` : `host-${i}.example`, pad: 'x'.repeat((i * 131) % 9000) });
      reports.set(id, text);
      spool.add(id, text);
    }
    expect(spool.count).toBe(400);
    expect(spool.ids()).toEqual([...reports.keys()].sort((a, b) => a - b));
    for (const id of [...reports.keys()].reverse()) expect(spool.read(id)).toBe(reports.get(id));
    // a read of a report still in the batch, after some were flushed
    spool.add(1000, '{"id":1000,"name":"最后"}');
    expect(spool.read(1000)).toBe('{"id":1000,"name":"最后"}');
    spool.close();
    spool.close();
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('tlslens-spool-')).some((n) => existsSync(`${tmpdir()}/${n}/connections.jsonl`))).toBe(false);
  });

  it('refuses an id it does not hold', () => {
    const spool = new ReportSpool();
    try {
      expect(() => spool.read(5)).toThrow(/not in the spool/);
    } finally {
      spool.close();
    }
  });
});
