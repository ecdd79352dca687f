/**
 * A deterministic capture mutator: the same seed always gives the same bytes, so a failure
 * is replayed from (source, seed). Each input stacks one to four operations: bit flips,
 * interesting bytes, a length or header field of a pcap record, pcapng block, IP, TCP, TLS
 * record or handshake message set to a boundary value, truncation, records swapped (the
 * clock runs backwards), and the records of another capture spliced in.
 */
import { concatBytes } from '../../main/engine/util/bytes';
import { seededRandom } from '../fixtures/builders/bytes';
import { layoutOf, readField, writeField, type Field } from './capture-fields';

/** mulberry32, the same sequence as the tests' seededRandom: a seed replays the same mutations */
export const prng = seededRandom;


const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x16, 0x03, 0x14, 0x17];

export interface Mutation {
  bytes: Uint8Array;
  /** what was done, for the failure report */
  steps: string[];
}

export const OPERATIONS = ['bit-flip', 'interesting-byte', 'field', 'field', 'field', 'truncate', 'swap-records', 'splice'] as const;

/** `other`: a second capture to splice records from */
export function mutate(original: Uint8Array, other: Uint8Array, seed: number): Mutation {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  let bytes: Uint8Array = original.slice();
  const steps: string[] = [];
  const count = 1 + Math.floor(rand() * rand() * 4);
  for (let i = 0; i < count && bytes.length > 0; i++) {
    const op = pick(OPERATIONS);
    if (op === 'bit-flip') {
      const flips = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < flips; k++) {
        const at = Math.floor(rand() * bytes.length);
        bytes[at] ^= 1 << Math.floor(rand() * 8);
      }
      steps.push(`${flips} bit flips`);
    } else if (op === 'interesting-byte') {
      const at = Math.floor(rand() * bytes.length);
      bytes[at] = pick(INTERESTING_BYTES);
      steps.push(`byte ${at} = ${bytes[at]}`);
    } else if (op === 'field') {
      const fields = layoutOf(bytes).fields;
      if (fields.length === 0) continue;
      const f = pick(fields);
      const value = boundaryValue(readField(bytes, f), f, rand);
      writeField(bytes, f, value);
      steps.push(`${f.kind} field at ${f.offset} (${f.width} bytes) = ${value}`);
    } else if (op === 'truncate') {
      const at = Math.floor(rand() * bytes.length);
      bytes = bytes.slice(0, at);
      steps.push(`truncated to ${at}`);
    } else if (op === 'swap-records') {
      const layout = layoutOf(bytes);
      const packets = layout.records;
      if (packets.length < 2) continue;
      const a = Math.floor(rand() * packets.length);
      const b = Math.floor(rand() * packets.length);
      if (a === b) continue;
      bytes = swapRecords(bytes, packets[Math.min(a, b)], packets[Math.max(a, b)]);
      steps.push(`records ${Math.min(a, b)} and ${Math.max(a, b)} swapped`);
    } else {
      const mine = layoutOf(bytes);
      const theirs = layoutOf(other);
      if (mine.records.length === 0 || theirs.records.length === 0) continue;
      const cut = mine.records[Math.floor(rand() * mine.records.length)].start;
      // their records, or from their very start (a pcapng section, a pcap header mid-file)
      const from = rand() < 0.5 ? theirs.records[Math.floor(rand() * theirs.records.length)].start : 0;
      bytes = concatBytes(bytes.subarray(0, cut), other.subarray(from));
      steps.push(`spliced at ${cut} with the other capture from ${from}`);
    }
  }
  return { bytes, steps };
}

function boundaryValue(current: number, f: Field, rand: () => number): number {
  const max = 2 ** (8 * f.width) - 1;
  const choices = [0, 1, max, max >>> 1, current + 1, current - 1, current * 2, Math.floor(current / 2), current + 4, current - 4, Math.floor(rand() * (max + 1))];
  return Math.max(0, Math.min(max, choices[Math.floor(rand() * choices.length)]));
}

function swapRecords(bytes: Uint8Array, a: { start: number; end: number }, b: { start: number; end: number }): Uint8Array {
  return concatBytes(bytes.subarray(0, a.start), bytes.subarray(b.start, b.end), bytes.subarray(a.end, b.start), bytes.subarray(a.start, a.end), bytes.subarray(b.end));
}

