/**
 * Key sources of an analysis: the key log file and the capture's Decryption Secrets Blocks
 * (pcapng §4.7, secrets type 0x544c534b "TLSK"). What must not happen: a missing or useless
 * key log or a DSB with stray lines failing the analysis, or passing without the user being told
 * which file (or file offset) and which line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDecryptionSecretsBlock, loadKeyLogFile } from '../../../../main/engine/session/key-sources';
import { KeyStore } from '../../../../main/engine/tls/decrypt/key-store';
import type { Anomaly } from '../../../../main/engine/types';

const dir = mkdtempSync(join(tmpdir(), 'tlslens-key-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RANDOM = '11'.repeat(32);
const SECRET = '22'.repeat(48);
const GOOD_LINE = `CLIENT_RANDOM ${RANDOM} ${SECRET}`;

function keyLog(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, 'latin1');
  return path;
}

function load(path: string): { keys: KeyStore; anomalies: Anomaly[] } {
  const keys = new KeyStore();
  const anomalies: Anomaly[] = [];
  loadKeyLogFile(keys, path, (a) => anomalies.push(a));
  return { keys, anomalies };
}

describe('key log file', () => {
  it('a file that cannot be read is an error naming the file, and adds no secrets', () => {
    const path = join(dir, 'missing.keys');
    const { keys, anomalies } = load(path);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ severity: 'error', code: 'tls.keylog-unreadable' });
    expect(anomalies[0].message).toContain(path);
    expect(keys.secretsAdded).toBe(0);
  });

  it('stray lines are counted with the first one named, and the good lines still count', () => {
    const path = keyLog('stray.keys', `# comment\n${GOOD_LINE}\nnot a key line\nCLIENT_RANDOM zz\n`);
    const { keys, anomalies } = load(path);
    expect(anomalies).toEqual([{ severity: 'info', code: 'tls.keylog-ignored-lines', message: `key log ${path}: 2 of 4 lines are not key log lines (first: line 3)` }]);
    expect(keys.secretsAdded).toBe(1);
    expect(keys.active).toBe(true);
  });

  it('a file with no usable secret is a warning, not silence', () => {
    const path = keyLog('comments.keys', '# only a comment\n');
    const { keys, anomalies } = load(path);
    expect(anomalies).toEqual([{ severity: 'warning', code: 'tls.keylog-empty', message: `key log ${path} holds no usable secrets` }]);
    expect(keys.active).toBe(false);
  });
});

describe('decryption secrets blocks', () => {
  const TLSK = 0x544c534b;
  const block = (secretsType: number, text: string, fileOffset: number) => ({ secretsType, data: new TextEncoder().encode(text), fileOffset });

  it('stray lines in a DSB are reported at the block’s file offset', () => {
    const keys = new KeyStore();
    const anomalies: Anomaly[] = [];
    addDecryptionSecretsBlock(keys, block(TLSK, `${GOOD_LINE}\ngarbage\n`, 4096), (a) => anomalies.push(a));
    expect(anomalies).toEqual([{ severity: 'info', code: 'tls.keylog-ignored-lines', message: 'decryption secrets block at file offset 4096: 1 of 2 lines are not key log lines', fileOffset: 4096 }]);
    expect(keys.secretsAdded).toBe(1);
  });

  it('a DSB of another secrets type (WireGuard) is left alone, with no anomaly', () => {
    const keys = new KeyStore();
    const anomalies: Anomaly[] = [];
    addDecryptionSecretsBlock(keys, block(0x57474b4c, 'anything\n', 64), (a) => anomalies.push(a));
    expect(anomalies).toEqual([]);
    expect(keys.secretsAdded).toBe(0);
  });
});
