/**
 * Where an analysis's TLS secrets come from: the user's key log file and server RSA keys, read
 * before the capture, and the capture's own pcapng Decryption Secrets Blocks (pcapng §4.7), met while
 * reading it. Both go into one KeyStore; lines that are not key log lines are counted and
 * reported, never fatal.
 */
import { readKeyLogFile } from '../files/key-log-file';
import { readRsaKeyFile } from '../files/rsa-key-file';
import type { KeyStore } from '../tls/decrypt/key-store';
import type { Anomaly, DecryptionSecrets } from '../types';

/** Adds the key log file's secrets; an unreadable or useless file is an anomaly. */
export function loadKeyLogFile(keys: KeyStore, path: string, anomaly: (a: Anomaly) => void): void {
  let text: string;
  try {
    text = readKeyLogFile(path);
  } catch (err) {
    anomaly({ severity: 'error', code: 'tls.keylog-unreadable', message: `key log ${path} cannot be read: ${(err as Error).message}` });
    return;
  }
  const counts = keys.addKeyLog(text, 'keylog');
  if (counts.ignored > 0) {
    anomaly({ severity: 'info', code: 'tls.keylog-ignored-lines', message: `key log ${path}: ${counts.ignored} of ${counts.lines} lines are not key log lines (first: line ${counts.firstIgnoredLine})` });
  }
  if (counts.used === 0) anomaly({ severity: 'warning', code: 'tls.keylog-empty', message: `key log ${path} holds no usable secrets` });
}

/** Adds a Decryption Secrets Block's secrets; lines that are not key log lines are an anomaly. */
export function addDecryptionSecretsBlock(keys: KeyStore, block: DecryptionSecrets, anomaly: (a: Anomaly) => void): void {
  const counts = keys.addDsb(block);
  if (counts && counts.ignored > 0) anomaly({ severity: 'info', code: 'tls.keylog-ignored-lines', message: `decryption secrets block at file offset ${block.fileOffset}: ${counts.ignored} of ${counts.lines} lines are not key log lines`, fileOffset: block.fileOffset });
}

/** Adds a server RSA private key (RSA key exchange pre-master secrets are decrypted with it); an unreadable or unusable file is an anomaly. */
export function loadRsaKeyFile(keys: KeyStore, path: string, anomaly: (a: Anomaly) => void): void {
  let pem: Buffer;
  try {
    pem = readRsaKeyFile(path);
  } catch (err) {
    anomaly({ severity: 'error', code: 'tls.rsa-key-unreadable', message: `RSA key ${path} cannot be read: ${(err as Error).message}` });
    return;
  }
  const added = keys.addRsaKey(pem);
  if ('error' in added) anomaly({ severity: 'error', code: 'tls.rsa-key-unusable', message: `RSA key ${path}: ${added.error}` });
}
