/**
 * Golden tier: every committed sample, analysed by the engine with its key log and the lab CA
 * its JSON names, agrees with what the sample's JSON says it shows (written by `npm run samples`
 * from what the generator's endpoints did: see scripts/samples/).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSample, listSamples, sampleMismatches, SAMPLES_DIR, type ExpectedConnection } from './support/samples';

const samples = listSamples();
const REQUIRED = ['http-vs-https', 'tls12-rsa', 'tls12-ecdhe', 'tls13', 'tls13-hello-retry', 'tls12-resume-ticket', 'tls12-resume-session-id', 'fail-unknown-ca', 'fail-protocol-version', 'wrong-host', 'mutual-tls', 'tcp-reset'];

describe('samples/', () => {
  it('holds every required sample with its capture, key log, lab CA and a description in both languages, under 2 MB in all', () => {
    const names = samples.map((s) => s.name.replace(/^\d+-/, ''));
    expect(names).toEqual(expect.arrayContaining(REQUIRED));
    const files = readdirSync(SAMPLES_DIR);
    for (const s of samples) {
      expect(files, s.name).toEqual(expect.arrayContaining([s.json.capture, ...(s.json.keylog ? [s.json.keylog] : []), s.json.trustedCa]));
      for (const field of [s.json.title, s.json.description]) {
        expect(field.en.trim().length, s.name).toBeGreaterThan(3);
        expect(field['zh-CN'].trim().length, s.name).toBeGreaterThan(3);
      }
      expect(s.json.expect.connections.length, s.name).toBeGreaterThan(0);
    }
    const total = files.reduce((sum, f) => sum + statSync(join(SAMPLES_DIR, f)).size, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  for (const sample of samples) {
    it(`${sample.name}: the engine finds what the description says`, async () => {
      const report = await analyzeSample(sample);
      expect(report.complete).toBe(true);
      expect(sampleMismatches(report.connections, sample.json.expect.connections)).toEqual([]);
    });
  }

  it('without the lab CA, no chain that the description says ends at a user-supplied CA validates', async () => {
    let checked = 0;
    for (const sample of samples) {
      const userAnchored = sample.json.expect.connections.map((c, i) => [c, i] as const).filter(([c]) => c.tls?.certificate?.trustAnchorSource === 'user');
      if (userAnchored.length === 0) continue;
      const report = await analyzeSample(sample, false);
      for (const [, i] of userAnchored) {
        const v = report.connections[i].tls?.validation;
        expect(v?.trustAnchorSource ?? null, sample.name).toBeNull();
        expect(v?.verdict, sample.name).toBe('unknown-issuer');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('the comparison notices a wrong expectation (it is not vacuous)', async () => {
    const sample = samples.find((s) => s.json.expect.connections.some((c) => c.tls?.handshakeComplete));
    expect(sample).toBeDefined();
    const report = await analyzeSample(sample!);
    const wrong: ExpectedConnection[] = JSON.parse(JSON.stringify(sample!.json.expect.connections));
    const target = wrong.find((c) => c.tls)!;
    target.tls!.handshake = [...target.tls!.handshake].reverse();
    target.tls!.version = 'TLS 1.1';
    target.tcp.closeKind = 'simultaneous';
    const found = sampleMismatches(report.connections, wrong);
    expect(found.some((m) => m.includes('handshake messages'))).toBe(true);
    expect(found.some((m) => m.includes('version'))).toBe(true);
    expect(found.some((m) => m.includes('closeKind'))).toBe(true);
  });
});
