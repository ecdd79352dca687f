/**
 * The engine's decoded details (a message's `detail`, an extension's
 * `decoded`) as translated label/value text: every field under a catalogue
 * label, every code with its registered name beside it ("TLS 1.3 (0x0304)",
 * "x25519 (0x001d)"), every amount with its unit. The engine's own keys
 * (camelCase identifiers) are never shown.
 */
import type { Translate } from '../../../../contract/i18n/translate';
import type { ViewsKey } from '../../../../contract/i18n/views.en';
import { ecPointFormatName, groupName } from '../../../../contract/names/groups';
import { signatureSchemeName } from '../../../../contract/names/signature-schemes';
import { versionName } from '../../../../contract/names/versions';

/** a code with its name: "name (0x0304)"; the code alone would be unreadable */
export const withCode = (name: string, code: number, width = 4) => `${name} (0x${code.toString(16).padStart(width, '0')})`;
export const versionText = (v: number) => withCode(versionName(v), v);
/** "0x0303" as the report spells a record version, with its name */
export function versionStringText(hex: string): string {
  const v = /^0x[0-9a-f]{1,4}$/i.test(hex) ? parseInt(hex, 16) : NaN;
  return Number.isNaN(v) ? hex : versionText(v);
}
export const groupText = (g: number) => withCode(groupName(g), g);
export const schemeText = (s: number) => withCode(signatureSchemeName(s), s);

// RFC 5246 §7.4.4 and RFC 8422 §5.5: ClientCertificateType
const CERTIFICATE_TYPES = new Map<number, string>([
  [1, 'rsa_sign'],
  [2, 'dss_sign'],
  [3, 'rsa_fixed_dh'],
  [4, 'dss_fixed_dh'],
  [64, 'ecdsa_sign'],
  [65, 'rsa_fixed_ecdh'],
  [66, 'ecdsa_fixed_ecdh'],
]);
// RFC 8446 §4.2.9
const PSK_MODES = new Map<number, string>([
  [0, 'psk_ke'],
  [1, 'psk_dhe_ke'],
]);
// RFC 8879 §3
const CERT_COMPRESSION = new Map<number, string>([
  [1, 'zlib'],
  [2, 'brotli'],
  [3, 'zstd'],
]);
// RFC 6066 §8 (status_request), RFC 8446 §4.6.3 (KeyUpdateRequest), RFC 6520 §2 (HeartbeatMode)
const STATUS_TYPES = new Map<number, string>([[1, 'ocsp']]);
const KEY_UPDATE = new Map<number, string>([
  [0, 'update_not_requested'],
  [1, 'update_requested'],
]);
const HEARTBEAT_MODES = new Map<number, string>([
  [1, 'peer_allowed_to_send'],
  [2, 'peer_not_allowed_to_send'],
]);

const fromTable = (table: Map<number, string>) => (v: number) => `${table.get(v) ?? '?'} (${v})`;

export interface FieldText {
  label: string;
  value: string;
}

type Shown = (value: unknown, t: Translate, all: Record<string, unknown>) => string | null;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bytes: Shown = (v, t) => (num(v) === null ? null : t('views.unit.bytes', { n: num(v)! }));
const seconds: Shown = (v, t) => (num(v) === null ? null : t('views.unit.seconds', { n: num(v)! }));
const bits: Shown = (v, t) => (num(v) === null ? null : t('views.unit.bits', { n: num(v)! }));
const count: Shown = (v) => (num(v) === null ? null : String(v));
const text: Shown = (v) => (typeof v === 'string' && v ? v : null);
const yesNo: Shown = (v, t) => (typeof v === 'boolean' ? t(v ? 'views.value.yes' : 'views.value.no') : null);
/** only worth a line when true (malformed, overread, skipped) */
const flag: Shown = (v, t) => (v === true ? t('views.value.yes') : null);
const named =
  (nameKey: string, width = 4): Shown =>
  (v, _t, all) =>
    num(v) === null ? null : withCode(typeof all[nameKey] === 'string' ? (all[nameKey] as string) : '?', num(v)!, width);
const list =
  (name: (n: number) => string): Shown =>
  (v) =>
    Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? name(x) : String(x))).join(', ') || '—' : null;
const strings: Shown = (v) => (Array.isArray(v) ? v.map(String).join(', ') || '—' : null);

/** detail key → label and how its value reads; keys holding a name are read with their code */
const FIELDS: Record<string, [ViewsKey, Shown] | 'folded'> = {
  sni: ['views.field.sni', text],
  cipherSuites: ['views.field.cipherSuiteCount', count],
  extensions: ['views.field.extensionCount', count],
  cipherSuite: ['views.field.cipherSuite', (v, _t, all) => (typeof v === 'string' ? `${typeof all.cipherSuiteName === 'string' ? all.cipherSuiteName : '?'} (${v})` : null)],
  cipherSuiteName: 'folded',
  helloRetryRequest: ['views.field.helloRetryRequest', yesNo],
  count: ['views.field.certificateCount', count],
  signatureAlgorithm: ['views.field.signatureAlgorithm', named('signatureAlgorithmName')],
  signatureAlgorithmName: 'folded',
  verifyDataLength: ['views.field.verifyDataLength', bytes],
  lifetimeSeconds: ['views.field.ticketLifetime', seconds],
  lifetimeHintSeconds: ['views.field.ticketLifetimeHint', seconds],
  ticketLength: ['views.field.ticketLength', bytes],
  level: ['views.field.alertLevel', named('levelName', 2)],
  levelName: 'folded',
  description: ['views.field.alertDescription', named('descriptionName', 2)],
  descriptionName: 'folded',
  length: ['views.field.exchangeKeysLength', bytes],
  namedCurve: ['views.field.namedCurve', named('namedCurveName')],
  namedCurveName: 'folded',
  dhPrimeBits: ['views.field.dhPrimeBits', bits],
  certificateTypes: ['views.field.certificateTypes', list(fromTable(CERTIFICATE_TYPES))],
  contextLength: ['views.field.contextLength', bytes],
  statusType: ['views.field.statusType', (v) => (num(v) === null ? null : fromTable(STATUS_TYPES)(num(v)!))],
  responseLength: ['views.field.responseLength', bytes],
  requestUpdate: ['views.field.requestUpdate', (v) => (num(v) === null ? null : fromTable(KEY_UPDATE)(num(v)!))],
  payloadLength: ['views.field.payloadLength', bytes],
  overread: ['views.field.overread', flag],
  skipped: ['views.field.skipped', flag],
  malformed: ['views.field.malformed', flag],
};

/** A message's `detail` as lines; null and false-flag values give no line. */
export function detailTexts(detail: Record<string, unknown>, t: Translate): FieldText[] {
  const out: FieldText[] = [];
  for (const [key, value] of Object.entries(detail)) {
    const field = FIELDS[key];
    if (field === 'folded') continue;
    if (!field) {
      // a field this build has no label for: say so in the reader's language, never the identifier
      if (value !== null && value !== undefined && value !== false) out.push({ label: t('views.field.other'), value: typeof value === 'object' ? JSON.stringify(value) : String(value) });
      continue;
    }
    const shown = field[1](value, t, detail);
    if (shown !== null) out.push({ label: t(field[0]), value: shown });
  }
  return out;
}

/** extension decoded key → its label (null: the value reads alone) and how it reads */
const EXTENSION_PARTS: Record<string, [ViewsKey | null, Shown]> = {
  names: [null, strings],
  protocols: [null, strings],
  acknowledged: [null, (v, t) => (v === true ? t('views.value.acknowledged') : null)],
  groups: [null, list(groupText)],
  formats: [null, list((f) => `${ecPointFormatName(f)} (${f})`)],
  schemes: [null, list(schemeText)],
  versions: [null, list(versionText)],
  selected: ['views.ext.selected', (v) => (num(v) === null ? null : versionText(num(v)!))],
  group: ['views.ext.group', (v) => (num(v) === null ? null : groupText(num(v)!))],
  keyLength: ['views.ext.keyLength', bytes],
  keyLengths: ['views.ext.keyLengths', (v, t) => (Array.isArray(v) ? v.map((n) => t('views.unit.bytes', { n: Number(n) })).join(', ') : null)],
  selectedIdentity: ['views.ext.selectedIdentity', count],
  identities: ['views.ext.identities', count],
  bindersLength: ['views.ext.bindersLength', bytes],
  modes: [null, list(fromTable(PSK_MODES))],
  maxEarlyDataSize: ['views.ext.maxEarlyDataSize', bytes],
  ticketLength: ['views.ext.ticketLength', bytes],
  renegotiatedConnectionLength: ['views.ext.renegotiatedLength', bytes],
  statusType: ['views.ext.statusType', (v) => (num(v) === null ? null : fromTable(STATUS_TYPES)(num(v)!))],
  mode: ['views.ext.heartbeatMode', (v) => (num(v) === null ? null : fromTable(HEARTBEAT_MODES)(num(v)!))],
  limit: ['views.ext.recordSizeLimit', bytes],
  value: ['views.ext.maxFragmentLength', count],
  algorithms: [null, list(fromTable(CERT_COMPRESSION))],
  paddingLength: ['views.ext.paddingLength', bytes],
  malformed: ['views.field.malformed', flag],
};

/** An extension's decoded contents as one line of text ("" when there is nothing decoded). */
export function extensionDecodedText(decoded: Record<string, unknown>, t: Translate): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(decoded)) {
    const part = EXTENSION_PARTS[key];
    const shown = part ? part[1](value, t, decoded) : value === null || value === undefined ? null : String(value);
    if (shown === null) continue;
    const label = part ? part[0] : 'views.field.other';
    parts.push(label ? t('views.ext.part', { label: t(label), value: shown }) : shown);
  }
  return parts.join('; ');
}

