/**
 * JA3 / JA3S (Salesforce), as tshark 4.0 computes them: the legacy hello version, GREASE
 * removed from every list, every other extension kept (padding included), decimal values
 * '-' joined, sections ',' joined, then MD5.
 */

import { createHash } from 'node:crypto';
import { isGrease } from '../../../contract/names/grease';
import { memoizeString } from '../util/memo';

export interface Ja3Input {
  legacyVersion: number;
  cipherSuites: readonly number[];
  extensionTypes: readonly number[];
  supportedGroups: readonly number[];
  ecPointFormats: readonly number[];
}

export interface Ja3sInput {
  legacyVersion: number;
  cipherSuite: number;
  extensionTypes: readonly number[];
}

function join(values: readonly number[]): string {
  let text = '';
  for (const v of values) if (!isGrease(v)) text += text === '' ? String(v) : '-' + v;
  return text;
}

export function ja3String(h: Ja3Input): string {
  return [String(h.legacyVersion), join(h.cipherSuites), join(h.extensionTypes), join(h.supportedGroups), h.ecPointFormats.join('-')].join(',');
}

export function ja3sString(h: Ja3sInput): string {
  return [String(h.legacyVersion), String(h.cipherSuite), join(h.extensionTypes)].join(',');
}

export const md5Hex: (text: string) => string = memoizeString((text) => createHash('md5').update(text, 'latin1').digest('hex'));
