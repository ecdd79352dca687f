import type { ConnectionReport } from '../../main/engine/index';
import type { TruthStream } from './corpus';

/**
 * The TLS facts compared with tshark's truth, one extractor pair per field.
 * Each returns [ours, truth] in the same shape so they can be compared with toEqual.
 */
export type FieldName =
  | 'records c2s'
  | 'records s2c'
  | 'handshake c2s'
  | 'handshake s2c'
  | 'record versions c2s'
  | 'record versions s2c'
  | 'version'
  | 'cipher suite'
  | 'cipher suite name'
  | 'key share group'
  | 'sni'
  | 'alpn offered'
  | 'alpn selected'
  | 'ja3'
  | 'ja3 full'
  | 'ja3s'
  | 'ja3s full'
  | 'hello retry request'
  | 'resumed'
  | 'certificate CNs'
  | 'alerts';

type Tls = NonNullable<ConnectionReport['tls']>;

function isTls13(tls: Tls): boolean {
  return tls.version === '0x0304' || (tls.version ?? '').startsWith('0x7f');
}

export const FIELDS: Record<FieldName, (tls: Tls, truth: TruthStream) => [unknown, unknown]> = {
  'records c2s': (t, s) => [t.records.c2s, s.directions.client_to_server.record_types],
  'records s2c': (t, s) => [t.records.s2c, s.directions.server_to_client.record_types],
  'handshake c2s': (t, s) => [t.handshakeTypes.c2s, s.directions.client_to_server.handshake_types],
  'handshake s2c': (t, s) => [t.handshakeTypes.s2c, s.directions.server_to_client.handshake_types],
  'record versions c2s': (t, s) => [t.recordVersions.c2s, s.directions.client_to_server.record_versions],
  'record versions s2c': (t, s) => [t.recordVersions.s2c, s.directions.server_to_client.record_versions],
  version: (t, s) => [[t.version, t.versionName], [s.tls.version, s.tls.version_name]],
  'cipher suite': (t, s) => [t.cipherSuite, s.tls.cipher_suite],
  'cipher suite name': (t, s) => [t.cipherSuiteName, s.tls.cipher_suite_name],
  // tshark's key_share_group is the TLS 1.3 key_share extension only
  'key share group': (t, s) => [isTls13(t) ? t.group : null, s.tls.key_share_group],
  sni: (t, s) => [t.sni, s.tls.sni],
  'alpn offered': (t, s) => [t.alpnOffered, s.tls.alpn_offered],
  'alpn selected': (t, s) => [t.alpnSelected, s.tls.alpn_selected],
  ja3: (t, s) => [t.ja3, s.tls.ja3],
  'ja3 full': (t, s) => [t.ja3Full, s.tls.ja3_full],
  ja3s: (t, s) => [t.ja3s, s.tls.ja3s],
  'ja3s full': (t, s) => [t.ja3sFull, s.tls.ja3s_full],
  'hello retry request': (t, s) => [t.helloRetryRequest, s.tls.hello_retry_request],
  resumed: (t, s) => [t.resumed === 'session-id' ? 'session_id' : t.resumed, s.tls.resumed ?? false],
  'certificate CNs': (t, s) => [
    t.certificates.map((c) => c.subjectCN ?? null),
    ((s.tls.certificates as Array<{ direction: string; subject_cns: string[][] }>).find((c) => c.direction === 'server_to_client')?.subject_cns ?? []).map((cns) => cns[0] ?? null),
  ],
  // TLS 1.3 inferred close_notify entries are ours only: tshark lists no alert it cannot see
  alerts: (t, s) => [
    t.alerts.filter((a) => !(a.inferred && isTls13(t))).map((a) => [a.dir === 'c2s' ? 'c' : 's', a.encrypted ? 'encrypted' : a.descriptionName]),
    (s.tls.alerts as Array<{ direction: string; description: string }>).map((a) => [a.direction[0], a.description === 'encrypted' ? 'encrypted' : a.description.toLowerCase().replace(/ /g, '_')]),
  ],
};
