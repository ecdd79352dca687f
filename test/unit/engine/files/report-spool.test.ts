import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ReportSpool } from '../../../../main/engine/files/report-spool';

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

  it('reads back in id order through its read window: reports across window edges, larger than the window, added while reading', () => {
    const spool = new ReportSpool();
    const reports = new Map<number, string>();
    const add = (id: number, text: string) => {
      reports.set(id, text);
      spool.add(id, text);
    };
    try {
      for (let id = 0; id < 3000; id++) add(id, JSON.stringify({ id, host: `服务器-${id}`, pad: 'y'.repeat((id * 977) % 3001) }));
      add(3000, JSON.stringify({ id: 3000, big: 'z'.repeat(1_500_000) }));
      for (let id = 0; id <= 1500; id++) expect(spool.read(id)).toBe(reports.get(id));
      // reports added after reading began (the file grows under the window)
      for (let id = 3001; id < 3100; id++) add(id, JSON.stringify({ id, late: true, pad: 'w'.repeat(id % 700) }));
      for (let id = 1501; id < 3100; id++) expect(spool.read(id)).toBe(reports.get(id));
      expect(spool.read(7)).toBe(reports.get(7));
    } finally {
      spool.close();
    }
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

describe('report spool with a memory budget (the table rows)', () => {
  it('keeps reports in memory up to its budget, then on disk, and gives every one back in id order', () => {
    const spool = new ReportSpool({ memoryChars: 1000 });
    const reports = new Map<number, string>();
    try {
      // 60 rows of ~40 characters: the first ~25 fit the budget, the rest go to the file
      for (let i = 0; i < 60; i++) {
        const id = (i * 37) % 61;
        const text = `${id}\x1f10.0.0.${id}:443\x1f${i % 4 === 0 ? '例子.测试' : 'host.example'}`;
        reports.set(id, text);
        spool.add(id, text);
      }
      expect(spool.count).toBe(60);
      expect(spool.ids()).toEqual([...reports.keys()].sort((a, b) => a - b));
      for (const id of spool.ids()) expect(spool.read(id)).toBe(reports.get(id));
      expect(spool.has(61)).toBe(false);
      expect(() => spool.read(61)).toThrow(/not in the spool/);
    } finally {
      spool.close();
    }
  });

  // the file is unlinked as soon as it is made, so an open descriptor is what shows it
  it.runIf(existsSync('/proc/self/fd'))('opens no file while everything fits in memory, and one when the budget is passed', () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const spool = new ReportSpool({ memoryChars: 1000 });
    for (let id = 0; id < 100; id++) spool.add(id, `row ${id}`);
    expect(openFiles()).toBe(before);
    // past the budget: batched for the file, which reading it back writes
    spool.add(100, 'x'.repeat(1000));
    expect(spool.read(100)).toBe('x'.repeat(1000));
    expect(openFiles()).toBe(before + 1);
    expect(spool.read(99)).toBe('row 99');
    spool.close();
    expect(openFiles()).toBe(before);
  });
});
