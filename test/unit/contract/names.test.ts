/** Name tables: IANA names for display, raw numbers preserved, GREASE recognised. */

import { describe, expect, it } from 'vitest';
import { isGrease } from '../../../contract/names/grease';
import { cipherSuiteName, sslv2CipherSpecName } from '../../../contract/names/cipher-suites';
import { extensionName } from '../../../contract/names/extensions';
import { alertDescriptionName, alertLevelName } from '../../../contract/names/alerts';
import { groupName } from '../../../contract/names/groups';
import { versionName } from '../../../contract/names/versions';
import { signatureSchemeName } from '../../../contract/names/signature-schemes';
import { keyExchangeOf, suiteParts } from '../../../main/engine/tls/cipher-suite-info';

describe('GREASE (RFC 8701)', () => {
  it('is exactly the sixteen 0x?a?a values with equal bytes', () => {
    const grease: number[] = [];
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) grease.push(v);
    expect(grease).toEqual(Array.from({ length: 16 }, (_, i) => ((i << 4) | 0x0a) * 0x101));
  });
});

describe('cipher suites', () => {
  it.each([
    [0x0000, 'TLS_NULL_WITH_NULL_NULL'],
    [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5'],
    [0x0014, 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA'],
    [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'],
    [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256'],
    [0x00ff, 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV'],
    [0x1301, 'TLS_AES_128_GCM_SHA256'],
    [0x1305, 'TLS_AES_128_CCM_8_SHA256'],
    [0x5600, 'TLS_FALLBACK_SCSV'],
    [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
    [0xd001, 'TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256'],
  ])('0x%s → %s', (value, name) => {
    expect(cipherSuiteName(value)).toBe(name);
  });

  it('labels GREASE and keeps unknown values visible', () => {
    expect(cipherSuiteName(0x2a2a)).toBe('GREASE');
    expect(cipherSuiteName(0x1337)).toBe('Unknown (0x1337)');
    expect(sslv2CipherSpecName(0x0700c0)).toBe('SSL2_DES_192_EDE3_CBC_WITH_MD5');
    expect(sslv2CipherSpecName(0x00002f)).toBe('TLS_RSA_WITH_AES_128_CBC_SHA');
  });

  it('derives the key exchange from the suite and, for TLS 1.3, from the group', () => {
    expect(suiteParts(0xc02f)).toEqual({ keyExchange: 'ECDHE', authentication: 'RSA' });
    expect(suiteParts(0x0039)).toEqual({ keyExchange: 'DHE', authentication: 'RSA' });
    expect(suiteParts(0x009c)).toEqual({ keyExchange: 'RSA', authentication: 'RSA' });
    expect(suiteParts(0x0003).keyExchange).toBe('RSA');
    expect(suiteParts(0x00a8).keyExchange).toBe('PSK');
    expect(keyExchangeOf(0x1301, true, 0x001d, false)).toBe('TLS1.3-ECDHE');
    expect(keyExchangeOf(0x1302, true, 0x0100, false)).toBe('TLS1.3-DHE');
    expect(keyExchangeOf(0x1301, true, null, true)).toBe('PSK');
  });
});

describe('other registries', () => {
  it('names extensions, including unregistered ones seen in browsers', () => {
    expect(extensionName(0)).toBe('server_name');
    expect(extensionName(16)).toBe('application_layer_protocol_negotiation');
    expect(extensionName(17513)).toBe('application_settings');
    expect(extensionName(0xfe0d)).toBe('encrypted_client_hello');
    expect(extensionName(0xffce)).toBe('encrypted_server_name');
    expect(extensionName(65281)).toBe('renegotiation_info');
    expect(extensionName(0x4a4a)).toBe('GREASE');
    expect(extensionName(0x1234)).toBe('unknown (4660)');
  });

  it('names alerts, groups, versions and signature schemes', () => {
    expect([alertLevelName(1), alertLevelName(2)]).toEqual(['warning', 'fatal']);
    expect(alertDescriptionName(0)).toBe('close_notify');
    expect(alertDescriptionName(70)).toBe('protocol_version');
    expect(alertDescriptionName(120)).toBe('no_application_protocol');
    expect(groupName(29)).toBe('x25519');
    expect(groupName(23)).toBe('secp256r1');
    expect(groupName(0x11ec)).toBe('X25519MLKEM768');
    expect(versionName(0x0300)).toBe('SSL 3.0');
    expect(versionName(0x0303)).toBe('TLS 1.2');
    expect(versionName(0x7f12)).toBe('TLS 1.3 (draft 18)');
    expect(signatureSchemeName(0x0804)).toBe('rsa_pss_rsae_sha256');
    expect(signatureSchemeName(0x0101)).toBe('rsa_md5');
  });
});
