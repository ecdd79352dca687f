import { describe, expect, it } from 'vitest';
import { compileFilter, normalizeVersion, parseFilter, rowSearchText, splitEndpoint, tokenize, type FilterableRow } from '../../../contract/filter/flow-filter';
import { wiresharkFilters } from '../../../renderer/src/features/filter/wireshark-filter';

const rows: FilterableRow[] = [
  { id: 0, client: '10.0.0.1:50000', server: '93.184.216.34:443', sni: 'www.example.com', tlsVersion: 'TLS 1.3', cipher: 'TLS_AES_128_GCM_SHA256', status: 'complete', alpn: 'h2', keyExchange: 'TLS1.3-ECDHE', ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1', certVerdict: 'valid', alert: null },
  { id: 1, client: '10.0.0.2:50001', server: '192.0.2.7:8443', sni: 'api.test', tlsVersion: 'TLS 1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', status: 'alert', alpn: null, keyExchange: 'ECDHE', ja4: 't12d0909h1_aaa_bbb', certVerdict: 'expired', alert: 'handshake_failure' },
  { id: 2, client: '172.16.5.9:40000', server: '10.0.0.1:443', sni: null, tlsVersion: 'TLS 1.2', cipher: 'TLS_RSA_WITH_AES_128_CBC_SHA', status: 'reset', alpn: null, keyExchange: 'RSA', ja4: null, certVerdict: null, alert: null },
  { id: 3, client: '[2001:db8::1]:50000', server: '[2001:db8::2]:80', sni: null, tlsVersion: null, cipher: null, status: 'not-tls' },
  { id: 4, client: '10.1.2.3:1234', server: '198.51.100.1:993', sni: 'mail.example.com', tlsVersion: 'SSL 3.0', cipher: null, status: 'incomplete' },
];

const ids = (filter: string) => rows.filter((r) => compileFilter(filter)(r, rowSearchText(r))).map((r) => r.id);

describe('flow filter: tokens', () => {
  it('splits on whitespace and keeps quoted spaces', () => {
    expect(tokenize('  sni:a   "two words" status:"failed" ')).toEqual(['sni:a', 'two words', 'status:failed']);
    expect(tokenize('')).toEqual([]);
  });

  it('parses keys, aliases, negation; unknown keys are text', () => {
    expect(parseFilter('SNI:Example.COM -status:complete !port:443 foo http://x').terms).toEqual([
      { field: 'sni', value: 'example.com', negated: false },
      { field: 'status', value: 'complete', negated: true },
      { field: 'port', value: '443', negated: true },
      { field: 'text', value: 'foo', negated: false },
      { field: 'text', value: 'http://x', negated: false },
    ]);
    expect(parseFilter('host:a ver:1.2 addr:1.2.3.4 suite:aes').terms.map((t) => t.field)).toEqual(['sni', 'version', 'ip', 'cipher']);
  });

  it('reports values that can never match', () => {
    expect(parseFilter('port:99999 port:abc ip:10.0.0.0/40 status:sleepy stream:x').problems.map((p) => p.reason)).toEqual(['bad-port', 'bad-port', 'bad-ip', 'bad-status', 'bad-stream']);
    expect(parseFilter('port:443 ip:10.0.0.0/8 status:failed').problems).toEqual([]);
  });

  it('ignores a key with no value yet (while typing)', () => {
    expect(parseFilter('sni:').terms).toEqual([]);
    expect(ids('sni:')).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('flow filter: matching', () => {
  it('the empty filter matches everything', () => {
    expect(ids('')).toEqual([0, 1, 2, 3, 4]);
    expect(ids('   ')).toEqual([0, 1, 2, 3, 4]);
  });

  it('text matches anywhere, case-insensitively', () => {
    expect(ids('EXAMPLE')).toEqual([0, 4]);
    expect(ids('handshake_failure')).toEqual([1]);
    expect(ids('h2')).toEqual([0]);
    expect(ids('2001:db8::1')).toEqual([3]);
  });

  it('sni: contains', () => {
    expect(ids('sni:example.com')).toEqual([0, 4]);
    expect(ids('sni:api')).toEqual([1]);
  });

  it('version: normalised prefix', () => {
    expect(ids('version:1.3')).toEqual([0]);
    expect(ids('version:tls1.2')).toEqual([1, 2]);
    expect(ids('version:"TLS 1.2"')).toEqual([1, 2]);
    expect(ids('version:1')).toEqual([0, 1, 2]);
    expect(ids('version:ssl3')).toEqual([4]);
    expect(normalizeVersion('TLS 1.3')).toBe('1.3');
  });

  it('status: words and aliases', () => {
    expect(ids('status:failed')).toEqual([1]);
    expect(ids('status:complete')).toEqual([0]);
    expect(ids('status:partial')).toEqual([4]);
    expect(ids('status:reset')).toEqual([2]);
    expect(ids('status:notls')).toEqual([3]);
    expect(ids('status:nonsense')).toEqual([]);
  });

  it('ip: exact host on either side, IPv6, CIDR', () => {
    expect(ids('ip:10.0.0.1')).toEqual([0, 2]);
    expect(ids('ip:10.0.0.10')).toEqual([]);
    expect(ids('ip:2001:db8::2')).toEqual([3]);
    expect(ids('ip:[2001:db8::2]')).toEqual([3]);
    expect(ids('ip:10.0.0.0/8')).toEqual([0, 1, 2, 4]);
    expect(ids('ip:10.0.0.0/24')).toEqual([0, 1, 2]);
  });

  it('port: either side, ranges', () => {
    expect(ids('port:443')).toEqual([0, 2]);
    expect(ids('port:50000')).toEqual([0, 3]);
    expect(ids('port:8000-9000')).toEqual([1]);
    expect(ids('port:44')).toEqual([]);
  });

  it('cipher ignores separators; kx, alpn, ja4, cert, alert, stream', () => {
    expect(ids('cipher:aes128')).toEqual([0, 2]);
    expect(ids('cipher:AES_256_GCM')).toEqual([1]);
    expect(ids('kx:ecdhe')).toEqual([0, 1]);
    expect(ids('kx:rsa')).toEqual([2]);
    expect(ids('alpn:h2')).toEqual([0]);
    expect(ids('ja4:t13')).toEqual([0]);
    expect(ids('cert:expired')).toEqual([1]);
    expect(ids('alert:handshake')).toEqual([1]);
    expect(ids('stream:2')).toEqual([2]);
    expect(ids('client:172.16')).toEqual([2]);
    expect(ids('server:993')).toEqual([4]);
  });

  it('terms combine with AND, and negate', () => {
    expect(ids('version:1.2 port:443')).toEqual([2]);
    expect(ids('ip:10.0.0.1 status:complete')).toEqual([0]);
    expect(ids('-status:notls -version:1.2')).toEqual([0, 4]);
    expect(ids('example -sni:www')).toEqual([4]);
  });
});

describe('Wireshark filters', () => {
  it('stream and conversation forms, IPv4 and IPv6', () => {
    expect(wiresharkFilters(rows[0])).toEqual({ stream: 'tcp.stream eq 0', conversation: 'ip.addr == 10.0.0.1 && tcp.port == 50000 && ip.addr == 93.184.216.34 && tcp.port == 443' });
    expect(wiresharkFilters(rows[3]).conversation).toBe('ipv6.addr == 2001:db8::1 && tcp.port == 50000 && ipv6.addr == 2001:db8::2 && tcp.port == 80');
    expect(splitEndpoint('[::1]:8')).toEqual({ host: '::1', port: 8 });
  });
});
