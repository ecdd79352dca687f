/**
 * The flow list's filter language, parsed once per query and matched per row
 * in the analysis worker (so 100,000 rows filter without crossing the bridge).
 *
 *   text                  anywhere in the row (address, SNI, version, cipher, status, ALPN, JA4 …)
 *   sni:example.com       the SNI contains it
 *   version:1.3           TLS 1.3 ("tls1.2", "1.2", "ssl3" work too; a prefix: "1" is 1.0–1.3)
 *   status:failed         failed (fatal alert) | complete | partial | reset | notls
 *   ip:10.0.0.1           either end's address (IPv4 CIDR too: ip:10.0.0.0/8)
 *   port:443              either end's port (a range too: port:8000-8999)
 *   cipher: alpn: kx: ja4: cert: alert: client: server: stream:
 *   -term / !term         NOT
 * Terms separated by spaces must all match (AND); "quoted text" keeps spaces.
 * An unknown key is plain text, so IPv6 addresses and URLs still search.
 */

/** The row fields the filter reads (a subset of ConnectionRow). */
export interface FilterableRow {
  id: number;
  client: string;
  server: string;
  sni: string | null;
  tlsVersion: string | null;
  cipher: string | null;
  status: string;
  alpn?: string | null;
  keyExchange?: string | null;
  ja4?: string | null;
  certVerdict?: string | null;
  alert?: string | null;
}

export type FilterField = 'text' | 'sni' | 'version' | 'status' | 'ip' | 'port' | 'cipher' | 'alpn' | 'kx' | 'ja4' | 'cert' | 'alert' | 'client' | 'server' | 'stream';

export interface FilterTerm {
  field: FilterField;
  /** lower-cased, unquoted */
  value: string;
  negated: boolean;
}

export interface FilterProblem {
  term: string;
  reason: 'bad-port' | 'bad-ip' | 'bad-status' | 'bad-stream';
}

export interface ParsedFilter {
  terms: FilterTerm[];
  /** terms that can never match as written (shown as a hint; they still filter, matching nothing) */
  problems: FilterProblem[];
}

const KEY_ALIASES: Record<string, FilterField> = {
  sni: 'sni',
  host: 'sni',
  version: 'version',
  ver: 'version',
  tls: 'version',
  status: 'status',
  state: 'status',
  ip: 'ip',
  addr: 'ip',
  port: 'port',
  cipher: 'cipher',
  suite: 'cipher',
  alpn: 'alpn',
  kx: 'kx',
  keyexchange: 'kx',
  ja4: 'ja4',
  cert: 'cert',
  verdict: 'cert',
  alert: 'alert',
  client: 'client',
  server: 'server',
  stream: 'stream',
  id: 'stream',
};

/** status:… words → the row's status values */
const STATUS_WORDS: Record<string, string> = {
  failed: 'alert',
  fail: 'alert',
  alert: 'alert',
  error: 'alert',
  complete: 'complete',
  ok: 'complete',
  done: 'complete',
  partial: 'incomplete',
  incomplete: 'incomplete',
  reset: 'reset',
  rst: 'reset',
  notls: 'not-tls',
  'no-tls': 'not-tls',
  'not-tls': 'not-tls',
  plain: 'not-tls',
  tcp: 'not-tls',
};

/** Whitespace-separated tokens; double quotes keep spaces (and may sit after "key:"). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}

export function parseFilter(text: string): ParsedFilter {
  const terms: FilterTerm[] = [];
  const problems: FilterProblem[] = [];
  for (const token of tokenize(text)) {
    let body = token;
    let negated = false;
    if (body.length > 1 && (body[0] === '-' || body[0] === '!')) {
      negated = true;
      body = body.slice(1);
    }
    const colon = body.indexOf(':');
    const field = colon > 0 ? KEY_ALIASES[body.slice(0, colon).toLowerCase()] : undefined;
    if (!field) {
      terms.push({ field: 'text', value: body.toLowerCase(), negated });
      continue;
    }
    const value = body.slice(colon + 1).trim().toLowerCase();
    // "sni:" alone while typing: nothing to filter on yet
    if (value === '') continue;
    const problem = checkValue(field, value);
    if (problem) problems.push({ term: token, reason: problem });
    terms.push({ field, value, negated });
  }
  return { terms, problems };
}

function checkValue(field: FilterField, value: string): FilterProblem['reason'] | null {
  if (field === 'port' && !parsePortRange(value)) return 'bad-port';
  if (field === 'ip' && value.includes('/') && !parseCidr(value)) return 'bad-ip';
  if (field === 'status' && !STATUS_WORDS[value]) return 'bad-status';
  if (field === 'stream' && !/^\d+$/.test(value)) return 'bad-stream';
  return null;
}

/** The text a bare word is looked for in: every shown field, lower-cased (built once per row version). */
export function rowSearchText(row: FilterableRow): string {
  return [row.id, row.client, row.server, row.sni, row.tlsVersion, row.cipher, row.status, row.alpn, row.keyExchange, row.ja4, row.certVerdict, row.alert]
    .map((v) => (v === null || v === undefined ? '' : String(v)))
    .join('\u0000')
    .toLowerCase();
}

export type RowMatcher = (row: FilterableRow, searchText: string) => boolean;

/** A matcher for the whole filter (all terms must hold); the empty filter matches everything. */
export function compileFilter(text: string): RowMatcher {
  const { terms } = parseFilter(text);
  if (terms.length === 0) return () => true;
  const tests = terms.map((term) => {
    const test = termTest(term);
    return term.negated ? (row: FilterableRow, search: string) => !test(row, search) : test;
  });
  return (row, search) => tests.every((test) => test(row, search));
}

function termTest(term: FilterTerm): RowMatcher {
  const v = term.value;
  const contains = (field: (row: FilterableRow) => string | null | undefined): RowMatcher => (row) => (field(row) ?? '').toLowerCase().includes(v);
  switch (term.field) {
    case 'text':
      return (_row, search) => search.includes(v);
    case 'sni':
      return contains((r) => r.sni);
    case 'version': {
      const wanted = normalizeVersion(v);
      return (row) => row.tlsVersion !== null && normalizeVersion(row.tlsVersion).startsWith(wanted);
    }
    case 'status': {
      const status = STATUS_WORDS[v];
      return (row) => row.status === status;
    }
    case 'ip': {
      const cidr = v.includes('/') ? parseCidr(v) : null;
      const wanted = v.replace(/^\[|\]$/g, '');
      return (row) => [row.client, row.server].some((endpoint) => {
        const host = splitEndpoint(endpoint).host.toLowerCase();
        return cidr ? inCidr(host, cidr) : host === wanted;
      });
    }
    case 'port': {
      const range = parsePortRange(v);
      return (row) => !!range && [row.client, row.server].some((endpoint) => {
        const port = splitEndpoint(endpoint).port;
        return port !== null && port >= range[0] && port <= range[1];
      });
    }
    case 'cipher': {
      // "aes128", "AES_128", "aes-128-gcm" all find TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
      const squashed = squash(v);
      return (row) => squash(row.cipher ?? '').includes(squashed);
    }
    case 'alpn':
      return contains((r) => r.alpn);
    case 'kx':
      return contains((r) => r.keyExchange);
    case 'ja4':
      return (row) => (row.ja4 ?? '').toLowerCase().startsWith(v);
    case 'cert':
      return (row) => (row.certVerdict ?? '').toLowerCase().startsWith(v);
    case 'alert':
      return contains((r) => r.alert);
    case 'client':
      return contains((r) => r.client);
    case 'server':
      return contains((r) => r.server);
    case 'stream':
      return (row) => String(row.id) === v;
  }
}

/** "TLS 1.3" → "1.3", "tls1.2" → "1.2", "SSL 3.0" → "ssl3.0" */
export function normalizeVersion(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-z.]/g, '').replace(/^(tls|v)/, '');
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-z]/g, '');
}

/** "10.0.0.1:443" → host 10.0.0.1, port 443; "[2001:db8::1]:443" → host 2001:db8::1 */
export function splitEndpoint(endpoint: string): { host: string; port: number | null } {
  const v6 = /^\[(.*)\]:(\d+)$/.exec(endpoint);
  if (v6) return { host: v6[1], port: Number(v6[2]) };
  const v4 = /^(.*):(\d+)$/.exec(endpoint);
  if (v4) return { host: v4[1], port: Number(v4[2]) };
  return { host: endpoint, port: null };
}

function parsePortRange(text: string): [number, number] | null {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return null;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  return low <= high && high <= 65535 ? [low, high] : null;
}

interface Cidr {
  network: number;
  mask: number;
}

function ipv4ToInt(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return null;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

function parseCidr(text: string): Cidr | null {
  const [address, bitsText] = text.split('/');
  const ip = ipv4ToInt(address);
  const bits = Number(bitsText);
  if (ip === null || !/^\d{1,2}$/.test(bitsText ?? '') || bits > 32) return null;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { network: (ip & mask) >>> 0, mask };
}

function inCidr(host: string, cidr: Cidr): boolean {
  const ip = ipv4ToInt(host);
  return ip !== null && ((ip & cidr.mask) >>> 0) === cidr.network;
}
