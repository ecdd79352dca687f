/**
 * Golden tier: a frame's bytes are only valid while the analyzer handles it (the file reader
 * reuses its window). Every sample gives the same report when each frame's bytes are
 * overwritten as soon as the analyzer returns (support/poisoned-frames.ts), as captured and
 * re-cut into 3-byte segments, every other pair swapped (fixtures/resegment.ts), which makes
 * reassembly hold segments and every record straddle segments. The re-cut capture must also
 * tell the same TLS story as the original: reassembly gives the same streams.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionReport } from '../../main/engine/index';
import { writeTemp } from '../fixtures/many-connections';
import { resegmentCapture } from '../fixtures/resegment';
import { analyzeSample, listSamples } from './support/samples';
import { reportsWithAndWithoutPoison } from './support/poisoned-frames';

const samples = listSamples();

/** what a connection's TLS says, independent of how its bytes were cut into segments */
function story(c: ConnectionReport) {
  const t = c.tls;
  return {
    client: c.client,
    server: c.server,
    closeKind: c.tcp.closeKind,
    tls: t && {
      versionName: t.versionName,
      cipherSuiteName: t.cipherSuiteName,
      sni: t.sni,
      ja3: t.ja3,
      ja4: t.ja4,
      ja3s: t.ja3s,
      handshakeComplete: t.handshakeComplete,
      resumed: t.resumed,
      certificates: t.certificates.map((x) => x.sha256),
      verdict: t.validation?.verdict ?? null,
      messages: t.messages.map((m) => `${m.dir} ${m.kind} ${m.name}`),
      alerts: t.alerts.map((a) => `${a.dir} ${a.description}`),
    },
  };
}

describe('frame bytes are not kept past their frame', () => {
  for (const sample of samples) {
    const options = { keylogPath: sample.keylogPath, trustedCaPaths: [sample.caPath] };

    it(`${sample.name}, as captured`, async () => {
      const { plain, poisoned, frames } = await reportsWithAndWithoutPoison(sample.capturePath, options);
      expect(frames).toBeGreaterThan(0);
      expect(poisoned).toBe(plain);
    });

    // re-cutting is TCP's: datagrams are never re-segmented (a QUIC or DTLS packet is one datagram)
    const overUdp = sample.json.expect.connections.some((c) => c.transport);
    it.skipIf(overUdp)(`${sample.name}, re-cut into 3-byte segments, every other pair swapped: the same report poisoned, the same TLS as captured${overUdp ? ' (skipped: UDP datagrams are not re-cut)' : ''}`, async () => {
      const recut = writeTemp(`${sample.name}-recut.pcap`, await resegmentCapture(sample.capturePath, 3));
      const { plain, poisoned } = await reportsWithAndWithoutPoison(recut, options);
      expect(poisoned).toBe(plain);
      const original = await analyzeSample(sample);
      const report = JSON.parse(plain) as typeof original;
      expect(report.connections.map(story)).toEqual(original.connections.map(story));
      // the pieces did arrive out of order, and no bytes went missing
      expect(report.connections.reduce((n, c) => n + c.tcp.outOfOrder, 0)).toBeGreaterThan(0);
      expect(report.connections.every((c) => c.tcp.gaps === 0)).toBe(true);
    });
  }
});
