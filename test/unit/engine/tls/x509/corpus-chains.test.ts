/**
 * Real public chains from the shared corpus (read in place, never copied),
 * validated against Node's bundled store at each capture's own time. The
 * certificate bytes are cut out by tshark, not by our TLS parser, and the
 * subject CNs are checked against the corpus truth files, which tshark wrote.
 * Skipped where the corpus or tshark is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../../../support/paths';
import { describeCertificate, validateChain, type ChainValidation } from '../../../../../main/engine/tls/x509';

const TSHARK = hasTshark();
const AVAILABLE = existsSync(join(CORPUS_DIR, 'truth')) && TSHARK;

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface CapturedHandshake {
  stream: number;
  time: Date;
  sni: string | null;
  chain: Uint8Array[];
}

/** Server Certificate messages and client SNIs per TCP stream, as tshark decodes them. */
function handshakes(file: string): CapturedHandshake[] {
  const out = execFileSync(
    'tshark',
    ['-r', join(CORPUS_DIR, file), '-Y', 'tls.handshake.type == 1 || tls.handshake.type == 11', '-T', 'fields',
      '-e', 'tcp.stream', '-e', 'frame.time_epoch', '-e', 'tls.handshake.extensions_server_name', '-e', 'tls.handshake.certificate'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const sni = new Map<number, string>();
  const found: CapturedHandshake[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [stream, time, name, certs] = line.split('\t');
    if (name) sni.set(Number(stream), name);
    if (certs) {
      found.push({
        stream: Number(stream),
        time: new Date(Number(time) * 1000),
        sni: null,
        chain: certs.split(',').map((hex) => new Uint8Array(Buffer.from(hex.replace(/:/g, ''), 'hex'))),
      });
    }
  }
  return found.map((h) => ({ ...h, sni: sni.get(h.stream) ?? null }));
}

function truthSubjectCns(file: string, stream: number): string[] {
  const truth = JSON.parse(readFileSync(join(CORPUS_DIR, 'truth', `${file}.json`), 'utf8'));
  const tls = truth.tls_streams.find((s: { stream: number }) => s.stream === stream).tls;
  return tls.certificates[0].subject_cns.map((cns: string[]) => cns[cns.length - 1]);
}

function stepOf(result: ChainValidation, code: string, certIndex?: number) {
  return result.steps.find((s) => s.code === code && (certIndex === undefined || s.certIndex === certIndex));
}

describe.skipIf(!AVAILABLE)('corpus: real chains against the bundled root store', () => {
  it('Google 2021 (zeek/google-cert-repeat.pcap) is valid through GTS Root R1', () => {
    const file = 'zeek/google-cert-repeat.pcap';
    const handshake = handshakes(file).find((h) => h.sni === 'www.google.com')!;
    expect(handshake.chain.map((der) => describeCertificate(der).subjectCN)).toEqual(truthSubjectCns(file, handshake.stream));

    const result = validateChain(handshake.chain, { hostname: handshake.sni, at: handshake.time });
    expect(result.verdict).toBe('valid');
    expect(result.trustAnchor).toContain('CN=GTS Root R1');
    expect(stepOf(result, 'chain.anchor')).toMatchObject({ ok: true, certIndex: 2 });
    expect(stepOf(result, 'chain.hostname')).toMatchObject({ ok: true });
    expect(result.steps.every((s) => s.ok)).toBe(true);
  });

  it('a wildcard leaf in a browser capture (foxio-ja4/browsers-x509.pcapng) is valid for its SNI', () => {
    const file = 'foxio-ja4/browsers-x509.pcapng';
    const handshake = handshakes(file).find((h) => h.sni === 'nym1-ib.adnxs.com')!;
    expect(handshake.chain.map((der) => describeCertificate(der).subjectCN)).toEqual(truthSubjectCns(file, handshake.stream));
    const result = validateChain(handshake.chain, { hostname: handshake.sni, at: handshake.time });
    expect(result.verdict).toBe('valid');
    expect(stepOf(result, 'chain.hostname')!.message).toContain('*.adnxs.com');
  });

  it('Google 2014 (zeek/ecdhe.pcap) leads to the Equifax root, gone from today\'s store: unknown-issuer, reported as such', () => {
    const file = 'zeek/ecdhe.pcap';
    const [handshake] = handshakes(file);
    expect(handshake.chain.map((der) => describeCertificate(der).subjectCN)).toEqual(truthSubjectCns(file, handshake.stream));
    const result = validateChain(handshake.chain, { hostname: null, at: handshake.time });
    expect(result.verdict).toBe('unknown-issuer');
    expect(stepOf(result, 'chain.anchor')).toMatchObject({ ok: false, certIndex: 2 });
    expect(stepOf(result, 'chain.anchor')!.message).toMatch(/Equifax.*roots removed since the capture time/);
    // SHA-1 was still acceptable in April 2014, and every signature on the path verifies
    expect(stepOf(result, 'chain.signature-algorithm', 0)).toMatchObject({ ok: true });
    expect(result.steps.filter((s) => s.code === 'chain.signature').every((s) => s.ok)).toBe(true);
    expect(result.steps.filter((s) => s.code === 'chain.validity').every((s) => s.ok)).toBe(true);
  });

  it('the SELKS appliance certificate (suricata-verify/ja4-tls.pcap) is self-signed', () => {
    const file = 'suricata-verify/ja4-tls.pcap';
    const [handshake] = handshakes(file);
    const info = describeCertificate(handshake.chain[0]);
    expect(info.subjectCN).toBe(truthSubjectCns(file, handshake.stream)[0]);
    expect(info.selfSigned).toBe(true);
    const result = validateChain(handshake.chain, { hostname: null, at: handshake.time });
    expect(result.verdict).toBe('self-signed');
    expect(stepOf(result, 'chain.hostname-unchecked')).toMatchObject({ ok: true });
  });
});
