import { describe, expect, it } from 'vitest';
import { hkdfExpandLabel, tlsPrf, fromHex } from '../../../../../main/engine/tls/decrypt/kdf';
import { nextTrafficSecret, tls13TrafficKeys } from '../../../../../main/engine/tls/decrypt/key-schedule';
import { cipherSpec } from '../../../../../main/engine/tls/decrypt/suites';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const none = new Uint8Array(0);

/**
 * Known answers from RFC 8448 §3 ("Simple 1-RTT Handshake", TLS_AES_128_GCM_SHA256): the
 * traffic secrets are the RFC's, the keys and IVs are what it prints for each of them.
 */
describe('TLS 1.3 key schedule: RFC 8448 §3 known answers', () => {
  const cases = [
    ['server handshake', 'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38', '3fce516009c21727d0f2e4e86ee403bc', '5d313eb2671276ee13000b30'],
    ['client handshake', 'b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21', 'dbfaa693d1762c5b666af5d950258d01', '5bd3c71b836e0b76bb73265f'],
    ['server application', 'a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643', '9f02283b6c9c07efc26bb9f2ac92e356', 'cf782b88dd83549aadf1e984'],
    ['client application', '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5', '17422dda596ed5d9acd890e3c63f5051', '5b78923dee08579033e523d9'],
  ] as const;
  for (const [name, secret, key, iv] of cases) {
    it(`${name} traffic secret → write key and IV`, () => {
      const k = tls13TrafficKeys(cipherSpec(0x1301)!, fromHex(secret));
      expect(hex(k.key)).toBe(key);
      expect(hex(k.iv)).toBe(iv);
    });
  }

  it('HKDF-Expand-Label with a context: Derive-Secret of the handshake secret over CH‥SH', () => {
    // handshake_secret and the ClientHello…ServerHello transcript hash give c hs traffic (RFC 8448 §3)
    const handshakeSecret = fromHex('1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac');
    const transcript = fromHex('860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8');
    expect(hex(hkdfExpandLabel('sha256', handshakeSecret, 'c hs traffic', transcript, 32))).toBe('b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21');
    expect(hex(hkdfExpandLabel('sha256', handshakeSecret, 's hs traffic', transcript, 32))).toBe('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
  });

  it('"derived" from the early secret with the empty transcript hash (RFC 8448 §3)', () => {
    const early = fromHex('33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a');
    const emptyHash = fromHex('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(hkdfExpandLabel('sha256', early, 'derived', emptyHash, 32))).toBe('6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba');
  });

  it('KeyUpdate: the next secret is HKDF-Expand-Label(secret, "traffic upd", "", Hash.length)', () => {
    const spec = cipherSpec(0x1302)!; // SHA-384 suite: 48-byte secrets
    const secret = new Uint8Array(48).fill(7);
    const next = nextTrafficSecret(spec, secret);
    expect(next.length).toBe(48);
    expect(hex(next)).toBe(hex(hkdfExpandLabel('sha384', secret, 'traffic upd', none, 48)));
    expect(hex(next)).not.toBe(hex(secret));
  });
});

/**
 * TLS PRF known answers circulated on the IETF TLS WG list (msg03416) and used by BearSSL,
 * Go and others: P_SHA256 and P_SHA384; the TLS 1.0 MD5/SHA-1 vector from the same lists.
 */
describe('TLS PRF known answers', () => {
  it('TLS 1.2 P_SHA256', () => {
    const out = tlsPrf('sha256', fromHex('9bbe436ba940f017b17652849a71db35'), 'test label', fromHex('a0ba9f936cda311827a6f796ffd5198c'), 100);
    expect(hex(out)).toBe(
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
    );
  });

  it('TLS 1.2 P_SHA384', () => {
    const out = tlsPrf('sha384', fromHex('b80b733d6ceefcdc71566ea48e5567df'), 'test label', fromHex('cd665cf6a8447dd6ff8b27555edb7465'), 148);
    expect(hex(out)).toBe(
      '7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e0990703d73e56f',
    );
  });

  it('TLS 1.0/1.1 MD5 ⊕ SHA-1', () => {
    const out = tlsPrf(null, new Uint8Array(48).fill(0xab), 'PRF Testvector', new Uint8Array(64).fill(0xcd), 104);
    expect(hex(out)).toBe(
      'd3d4d1e349b5d515044666d51de32bab258cb521b6b053463e354832fd976754443bcf9a296519bc289abcbc1187e4ebd31e602353776c408aafb74cbc85eff69255f9788faa184cbb957a9819d84a5d7eb006eb459d3ae8de9810454b8b2d8f1afbc655a8c9a013',
    );
  });
});

describe('cipher suites we decrypt', () => {
  it('reads the record protection from the suite name', () => {
    expect(cipherSpec(0x1301)).toMatchObject({ mode: 'gcm', keyLength: 16, prfHash: 'sha256' });
    expect(cipherSpec(0x1302)).toMatchObject({ mode: 'gcm', keyLength: 32, prfHash: 'sha384' });
    expect(cipherSpec(0x1303)).toMatchObject({ mode: 'chacha', keyLength: 32 });
    expect(cipherSpec(0x1305)).toMatchObject({ mode: 'ccm', tagLength: 8 });
    expect(cipherSpec(0xc030)).toMatchObject({ mode: 'gcm', keyLength: 32, fixedIvLength: 4, explicitNonceLength: 8, prfHash: 'sha384' });
    expect(cipherSpec(0xcca8)).toMatchObject({ mode: 'chacha', fixedIvLength: 12, explicitNonceLength: 0 });
    expect(cipherSpec(0x002f)).toMatchObject({ mode: 'cbc', keyLength: 16, blockLength: 16, mac: 'sha1', macLength: 20 });
    expect(cipherSpec(0xc028)).toMatchObject({ mode: 'cbc', keyLength: 32, mac: 'sha384', prfHash: 'sha384' });
    expect(cipherSpec(0x000a)).toMatchObject({ mode: 'cbc', cipher: 'des-ede3-cbc', keyLength: 24, blockLength: 8 });
    expect(cipherSpec(0x0002)).toMatchObject({ mode: 'null', mac: 'sha1' });
  });

  it('says no to what node:crypto cannot do (RC4, export, unknown)', () => {
    expect(cipherSpec(0x0005)).toBeNull(); // TLS_RSA_WITH_RC4_128_SHA
    expect(cipherSpec(0x0003)).toBeNull(); // RC4_40 export
    expect(cipherSpec(0xeeee)).toBeNull();
  });
});
