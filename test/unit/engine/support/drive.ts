/** Run built frames or files through the engine, recording what reassembly delivers. */
import { Analyzer } from '../../../../main/engine/model/analyzer';
import { PcapParser } from '../../../../main/engine/io/pcap';
import type { FlowFrame } from '../../../fixtures/builders';
import { RecordingConsumer } from './recording-consumer';

export interface Driven {
  analyzer: Analyzer;
  /** one per connection, in the order the analyzer created them */
  consumers: RecordingConsumer[];
}

export function newAnalyzer(): Driven {
  const consumers: RecordingConsumer[] = [];
  const analyzer = new Analyzer({
    createConsumer: () => {
      const c = new RecordingConsumer();
      consumers.push(c);
      return c;
    },
  });
  return { analyzer, consumers };
}

/**
 * Feed frames straight into an Analyzer in the given order (frame numbers
 * 1..n; fileOffset is a made-up 1000 * frame). `snapLength` cuts frames like
 * a capture would. Calls finish() unless `finish: false`.
 */
export function analyzeFrames(frames: readonly FlowFrame[], o: { linkType?: number; snapLength?: number; finish?: boolean } = {}): Driven {
  const driven = newAnalyzer();
  frames.forEach((f, i) => {
    const data = o.snapLength !== undefined ? f.data.subarray(0, o.snapLength) : f.data;
    driven.analyzer.frame({ frame: i + 1, time: f.time, fileOffset: 1000 * (i + 1), linkType: o.linkType ?? 1, interfaceId: 0, capturedLength: data.length, originalLength: f.data.length, data, bytes: data, offset: 0 });
  });
  if (o.finish !== false) driven.analyzer.finish();
  return driven;
}

/** Parse a whole classic pcap file into an Analyzer. */
export function analyzePcapBytes(bytes: Uint8Array): Driven {
  const driven = newAnalyzer();
  const parser = new PcapParser(driven.analyzer, 'test.pcap');
  parser.push(bytes);
  parser.end();
  driven.analyzer.finish();
  return driven;
}
