/**
 * A fuzz campaign: mutated copies of the samples (and of the corpus captures, when the corpus
 * is present) through analyseInput, for a number of inputs or a length of time. Every failing
 * input is minimised and kept under test/fuzz/found/ with what failed and how to replay it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CORPUS_AVAILABLE, listCorpus } from '../corpus/corpus';
import { analyseInput } from './analyse-input';
import { mutate } from './mutator';

export const FOUND_DIR = join(__dirname, 'found');
const SAMPLES_DIR = join(__dirname, '..', '..', 'samples');
/** corpus captures above this are left out: a campaign wants many small inputs */
export const MAX_SOURCE_BYTES = 256 * 1024;
/** predicate calls one minimisation may spend */
const MINIMISE_BUDGET = 120;

export interface Source {
  name: string;
  bytes: Uint8Array;
  keylogPath?: string;
}

export function fuzzSources(withCorpus = true, maxSourceBytes = MAX_SOURCE_BYTES): Source[] {
  const out: Source[] = [];
  for (const f of readdirSync(SAMPLES_DIR).filter((n) => n.endsWith('.pcapng')).sort()) {
    const keys = join(SAMPLES_DIR, f.replace(/\.pcapng$/, '.keys'));
    out.push({ name: `samples/${f}`, bytes: readFileSync(join(SAMPLES_DIR, f)), keylogPath: existsSync(keys) ? keys : undefined });
  }
  if (withCorpus && CORPUS_AVAILABLE) {
    for (const e of listCorpus()) if (statSync(e.capture).size <= maxSourceBytes) out.push({ name: `corpus/${e.name}`, bytes: readFileSync(e.capture) });
  }
  return out;
}

export interface Failure {
  source: string;
  seed: number;
  steps: string[];
  violations: string[];
  savedAs: string;
  minimisedBytes: number;
}

export interface CampaignResult {
  inputs: number;
  seconds: number;
  failures: Failure[];
}

export interface CampaignOptions {
  /** stop after this many inputs… */
  inputs?: number;
  /** …or after this long */
  seconds?: number;
  firstSeed?: number;
  withCorpus?: boolean;
  /** corpus captures larger than this are not mutated */
  maxSourceBytes?: number;
  onProgress?: (inputs: number, seconds: number, failures: number) => void;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const sources = fuzzSources(o.withCorpus ?? true, o.maxSourceBytes);
  const work = mkdtempSync(join(tmpdir(), 'tlslens-fuzz-'));
  const started = performance.now();
  const failures: Failure[] = [];
  let inputs = 0;
  let lastProgress = started;
  try {
    for (let seed = o.firstSeed ?? 1; ; seed++) {
      const elapsed = (performance.now() - started) / 1000;
      if (o.inputs !== undefined && inputs >= o.inputs) break;
      if (o.seconds !== undefined && elapsed >= o.seconds) break;
      const source = sources[seed % sources.length];
      const other = sources[(seed * 7 + 3) % sources.length];
      const m = mutate(source.bytes, other.bytes, seed);
      const path = join(work, `input${extensionOf(m.bytes)}`);
      writeFileSync(path, m.bytes);
      // half the inputs with the sample's keys: the decryption paths see hostile bytes too
      const keylog = seed % 2 === 0 ? source.keylogPath : undefined;
      const outcome = await analyseInput(path, keylog);
      inputs++;
      if (outcome.violations.length > 0) failures.push(await keep(source, seed, m.steps, m.bytes, outcome.violations, keylog, work));
      if (o.onProgress && performance.now() - lastProgress > 10_000) {
        lastProgress = performance.now();
        o.onProgress(inputs, (lastProgress - started) / 1000, failures.length);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { inputs, seconds: (performance.now() - started) / 1000, failures };
}

function extensionOf(bytes: Uint8Array): string {
  return bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a ? '.pcapng' : '.pcap';
}

/** the kind of a violation ("counts", "frames", "throw"…): minimising keeps an input failing the same way */
function kindOf(violation: string): string {
  return violation.slice(0, violation.indexOf(':'));
}

async function keep(source: Source, seed: number, steps: string[], bytes: Uint8Array, violations: string[], keylog: string | undefined, work: string): Promise<Failure> {
  const kind = kindOf(violations[0]);
  const probe = join(work, 'probe');
  const fails = async (candidate: Uint8Array): Promise<boolean> => {
    const path = probe + extensionOf(candidate);
    writeFileSync(path, candidate);
    const o = await analyseInput(path, keylog);
    return o.violations.some((v) => kindOf(v) === kind);
  };
  const small = await minimise(bytes, source.bytes, fails);
  mkdirSync(FOUND_DIR, { recursive: true });
  const name = `${basename(source.name).replace(/\.[^.]+$/, '')}-seed${seed}`;
  const savedAs = join(FOUND_DIR, name + extensionOf(small));
  writeFileSync(savedAs, small);
  writeFileSync(join(FOUND_DIR, `${name}.txt`), [`source: ${source.name}`, `seed: ${seed}`, `keylog: ${keylog ?? 'none'}`, `mutations: ${steps.join('; ')}`, `minimised: ${bytes.length} -> ${small.length} bytes`, ...violations.map((v) => `violation: ${v}`), ''].join('\n'));
  return { source: source.name, seed, steps, violations, savedAs, minimisedBytes: small.length };
}

/**
 * Shrinks a failing input: cut from the end while it still fails, then put back the
 * original's bytes wherever they differ, in runs from large to single bytes.
 */
export async function minimise(input: Uint8Array, original: Uint8Array, fails: (b: Uint8Array) => Promise<boolean>): Promise<Uint8Array> {
  let best = input;
  let budget = MINIMISE_BUDGET;
  for (let step = Math.floor(best.length / 2); step >= 1 && budget > 0; ) {
    const candidate = best.subarray(0, best.length - step);
    budget--;
    if (candidate.length > 0 && (await fails(candidate))) best = candidate.slice();
    else step = Math.floor(step / 2);
  }
  for (let run = 1024; run >= 1 && budget > 0; run = Math.floor(run / 4)) {
    for (let at = 0; at < best.length && at < original.length && budget > 0; at += run) {
      const end = Math.min(at + run, best.length, original.length);
      let differs = false;
      for (let i = at; i < end; i++) if (best[i] !== original[i]) differs = true;
      if (!differs) continue;
      const candidate = best.slice();
      candidate.set(original.subarray(at, end), at);
      budget--;
      if (await fails(candidate)) best = candidate;
    }
  }
  return best;
}
