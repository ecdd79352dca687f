// Runs every scenario inside its own live capture and writes NAME.pcapng, NAME.keys, NAME.json
// (and NAME.key.pem, the lab server's private key, for the samples with RSA key exchange).
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labPki } from './certs.mjs';
import { CaptureFailed, capturePrerequisite, startCapture } from './capture.mjs';
import { SCENARIOS as TCP_SCENARIOS } from './scenarios.mjs';
import { UDP_SCENARIOS } from './scenarios-udp.mjs';
import { KeyLog, sleep } from './traffic.mjs';

export const SAMPLE_SCHEMA = 'tlslens.sample/1';
export const CA_FILE = 'lab-ca.pem';

const SCENARIOS = [...TCP_SCENARIOS, ...UDP_SCENARIOS];

/** Every sample's name, in gallery order. */
export const SAMPLE_NAMES = SCENARIOS.map((s) => s.name);

/** The Debian packages a sample's programs beyond Node and openssl come in (its JSON names the programs: made.tools). */
export const SAMPLE_PACKAGES = Object.fromEntries(SCENARIOS.map((s) => [s.name, s.packages ?? []]));

/**
 * Generates the samples named in `only` (all when empty) into `out`; returns the files written.
 * `pkiDir`: where the lab PKI is kept between runs (reused when whole); without it, a fresh one
 * in a temp folder, thrown away afterwards.
 * Throws CaptureFailed (with what to do) when a live capture cannot start here.
 */
export async function generateSamples({ root, out, only = [], pkiDir = null, log = () => undefined }) {
  const unknown = only.filter((n) => !SAMPLE_NAMES.includes(n));
  if (unknown.length) throw new Error(`no sample named ${unknown.join(', ')} (known: ${SAMPLE_NAMES.join(', ')})`);
  const tmp = mkdtempSync(join(tmpdir(), 'tlslens-samples-'));
  const written = [];
  try {
    const pki = labPki(pkiDir ?? join(tmp, 'pki'));
    log(pki.made ? `samples: made a new lab PKI with openssl${pkiDir ? ` (kept in ${pkiDir})` : ''}` : `samples: the lab PKI of ${pkiDir}`);
    copyFileSync(pki.rootPath, join(out, CA_FILE));
    written.push(join(out, CA_FILE));
    for (const scenario of SCENARIOS) {
      if (only.length && !only.includes(scenario.name)) continue;
      const t0 = Date.now();
      const files = await generateOne({ root, out, tmp, pki, scenario });
      written.push(...files);
      log(`samples: ${scenario.name} (${Date.now() - t0} ms)`);
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function generateOne({ root, out, tmp, pki, scenario }) {
  const keylog = new KeyLog();
  const env = { name: scenario.name, pki, keylog, tmp, modules: { http, https } };
  const pcapTmp = join(tmp, `${scenario.name}.pcapng`);
  const ports = scenario.ports ?? [443];
  const filter = `${scenario.transport ?? 'tcp'} and host ${scenario.net}.1 and (${ports.map((p) => `port ${p}`).join(' or ')})`;
  let capture;
  try {
    capture = await startCapture(root, { iface: 'lo', filter, path: pcapTmp });
  } catch (err) {
    const hint = capturePrerequisite(root);
    throw new CaptureFailed(`${scenario.name}: ${err.message}${hint ? `\n  (${hint})` : ''}`);
  }
  let connections;
  let frames;
  try {
    // the helper is ready once "started" came; a short pause keeps the first SYN well inside the capture
    await sleep(150);
    connections = await scenario.run.call(scenario, env);
    await sleep(250);
  } finally {
    frames = await capture.stop();
  }
  if (!frames) throw new Error(`${scenario.name}: the capture holds no frames`);
  const base = join(out, scenario.name);
  renameOrCopy(pcapTmp, `${base}.pcapng`);
  // a handshake that failed before any secret existed leaves nothing to log: no key file
  const keys = keylog.text();
  if (keys) writeFileSync(`${base}.keys`, keys);
  // RSA key exchange: the server's key alone decrypts the recording (RFC 5246 §7.4.7.1), the lesson's point
  const serverKey = scenario.shipsServerKey ? `${scenario.name}.key.pem` : null;
  if (serverKey) writeFileSync(join(out, serverKey), createPrivateKey(pki.server.key).export({ type: 'pkcs8', format: 'pem' }));
  const json = {
    schema: SAMPLE_SCHEMA,
    title: scenario.title,
    description: scenario.description,
    capture: `${scenario.name}.pcapng`,
    keylog: keys ? `${scenario.name}.keys` : null,
    trustedCa: CA_FILE,
    ...(serverKey ? { serverKey, serverKeyNote: SERVER_KEY_NOTE } : {}),
    made: { by: 'npm run samples', interface: 'lo', filter, frames, ...(scenario.made ? { how: scenario.made } : {}), ...(scenario.tools ? { tools: scenario.tools } : {}) },
    expect: { connections },
  };
  writeFileSync(`${base}.json`, JSON.stringify(json, null, 2) + '\n');
  return [`${base}.pcapng`, ...(keys ? [`${base}.keys`] : []), ...(serverKey ? [join(out, serverKey)] : []), `${base}.json`];
}

const SERVER_KEY_NOTE = {
  en: 'A lab key: the private key of the lab server www.lab.test, made by npm run samples for these samples only (PEM, PKCS#8). Never use it for anything real.',
  'zh-CN': '实验室密钥：实验室服务器 www.lab.test 的私钥，由 npm run samples 专为这些样本生成（PEM，PKCS#8）。切勿用于任何真实用途。',
};

function renameOrCopy(from, to) {
  try {
    renameSync(from, to);
  } catch {
    copyFileSync(from, to);
    rmSync(from, { force: true });
  }
}
