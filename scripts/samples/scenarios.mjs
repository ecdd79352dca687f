// The samples: each runs real Node (or OpenSSL s_client) endpoints on its own loopback addresses
// (server NET.1, client NET.2) and returns what the capture must show, built from what the
// endpoints reported (protocol, cipher, group, resumption, the alert the peer received).
import { constants as cryptoConstants } from 'node:crypto';
import { join } from 'node:path';
import { LAB_HOST, LAB_ROOT_SUBJECT } from './certs.mjs';
import { after, tls12Full, tls12Resumed, tls13Full } from './flows.mjs';
import { alertFromError, plainClient, sClient, sleep, startServer, tlsClient } from './traffic.mjs';

export const LAB_CHAIN = { verdict: 'valid', trustAnchor: LAB_ROOT_SUBJECT, trustAnchorSource: 'user', subjectCN: LAB_HOST, chainLength: 2 };
const FOUR_WAY = { closeKind: 'four-way', firstFin: 'server', rst: null };
const firstLine = (text) => (text ?? '').split('\r\n')[0];

/** Fails unless Node negotiated what the sample is about: a sample that is not what it says is useless. */
function check(result, wanted, who) {
  if (!result.negotiated) throw new Error(`${who}: the handshake did not complete (${result.error ?? 'no error'})`);
  for (const [k, v] of Object.entries(wanted)) {
    if (result.negotiated[k] !== v) throw new Error(`${who}: expected ${k} ${JSON.stringify(v)}, Node negotiated ${JSON.stringify(result.negotiated[k])}`);
  }
  if (!/^HTTP\/1\.1 200 /.test(result.response ?? '')) throw new Error(`${who}: no HTTP response came back`);
  return result.negotiated;
}

function alertsOf(post) {
  const out = [];
  for (const dir of ['s2c', 'c2s']) for (const m of post[dir]) if (m.startsWith('alert ')) out.push({ dir, description: m.slice(6) });
  return out;
}

/** The expectation for one TLS connection that carried one request and its response. */
function tlsConnection({ net, result, handshake, post, certificate = LAB_CHAIN, clientCertificate = null, hrr = false, tcp = FOUR_WAY, label }) {
  const neg = result.negotiated;
  return {
    label,
    client: `${net}.2`,
    server: `${net}.1:443`,
    tcp,
    payload: null,
    tls: {
      version: neg.version,
      cipherSuite: neg.cipherSuite,
      keyExchange: neg.keyExchange,
      group: neg.group,
      sni: LAB_HOST,
      helloRetryRequest: hrr,
      resumed: neg.resumed,
      handshakeComplete: true,
      handshake,
      after: post,
      alerts: alertsOf(post),
      certificate,
      clientCertificate,
      appData: { c2s: firstLine(result.request), s2c: firstLine(result.response) },
    },
  };
}

/** A handshake that ended in a fatal alert; `negotiated`: what the ServerHello chose, when one was sent. */
function failedConnection({ net, version, negotiated = { cipherSuite: null, keyExchange: null, group: null }, handshake, alert, certificate, tcp, label }) {
  return {
    label,
    client: `${net}.2`,
    server: `${net}.1:443`,
    tcp,
    payload: null,
    tls: { version, ...negotiated, sni: LAB_HOST, helloRetryRequest: false, resumed: false, handshakeComplete: false, handshake, after: { c2s: [], s2c: [] }, alerts: [alert], certificate, clientCertificate: null, appData: null },
  };
}

/** Runs a server on NET.1:port, lets `body` drive clients, waits until every connection closed. */
async function withServer(env, net, options, body) {
  const server = await startServer({ host: `${net}.1`, port: 443, keylog: env.keylog, body: `Hello from the TLS Lens lab (${env.name}).\n`, ...options });
  try {
    const out = await body(server);
    await server.idle();
    return out;
  } finally {
    await server.close();
  }
}

const serverTls = (env, extra = {}) => ({ key: env.pki.server.key, cert: env.pki.server.cert, ...extra });
const client = (env, net, extra = {}) => ({ host: `${net}.1`, port: 443, localAddress: `${net}.2`, servername: LAB_HOST, path: `/${env.name}.txt`, keylog: env.keylog, ...extra, tlsOptions: { ca: env.pki.root, ...extra.tlsOptions } });
/** TLS 1.3 tickets the client received (Node emits 'session' once per NewSessionTicket). */
const tickets13 = (result) => result.sessions.length;
/** A TLS 1.2 server sent a NewSessionTicket in this handshake (a ticket the client did not have before). */
const newTicket12 = (result, previous = null) => Boolean(result.ticket && (!previous || !result.ticket.equals(previous)));

/** Node's server on session-id resumption: an external cache (Node turns OpenSSL's internal one off). */
function sessionCache(server) {
  const cache = new Map();
  server.on('newSession', (id, data, cb) => {
    cache.set(id.toString('hex'), data);
    cb();
  });
  server.on('resumeSession', (id, cb) => cb(null, cache.get(id.toString('hex')) ?? null));
}

export const SCENARIOS = [
  {
    name: '01-http-vs-https',
    net: '127.0.1',
    ports: [80, 443],
    title: { en: 'HTTP next to HTTPS', 'zh-CN': 'HTTP 与 HTTPS 对照' },
    description: {
      en: 'The same GET request twice from 127.0.1.2: first as plain HTTP to 127.0.1.1:80, where anyone on the path can read the request and the page; then over HTTPS (TLS 1.3) to 127.0.1.1:443, where after two hello messages only encrypted records cross the wire. The key log next to the capture lets TLS Lens decrypt the second connection.',
      'zh-CN': '从 127.0.1.2 发出两次相同的 GET 请求：第一次是发往 127.0.1.1:80 的明文 HTTP，路径上的任何人都能读到请求和页面；第二次是发往 127.0.1.1:443 的 HTTPS（TLS 1.3），两条 Hello 消息之后线路上只剩加密记录。随附的密钥日志让 TLS Lens 能够解密第二个连接。',
    },
    async run(env) {
      const net = '127.0.1';
      const plainServer = await startServer({ host: `${net}.1`, port: 80, plain: true, keylog: env.keylog, body: `Hello from the TLS Lens lab (${env.name}).\n` });
      let plain;
      try {
        plain = await plainClient({ host: `${net}.1`, port: 80, localAddress: `${net}.2`, path: `/${env.name}.txt`, hostHeader: LAB_HOST });
        await plainServer.idle();
      } finally {
        await plainServer.close();
      }
      const secure = await withServer(env, net, { tlsOptions: serverTls(env) }, () => tlsClient(client(env, net)));
      check(secure, { version: 'TLS 1.3' }, 'HTTPS');
      return [
        { label: 'HTTP', client: `${net}.2`, server: `${net}.1:80`, tcp: FOUR_WAY, payload: { c2s: Buffer.byteLength(plain.request), s2c: Buffer.byteLength(plain.response), c2sFirstLine: firstLine(plain.request), s2cFirstLine: firstLine(plain.response) }, tls: null },
        tlsConnection({ label: 'HTTPS', net, result: secure, handshake: tls13Full({}), post: after({ tickets: tickets13(secure), serverCloseNotify: true, clientCloseNotify: true }) }),
      ];
    },
  },
  {
    name: '02-tls12-rsa',
    net: '127.0.2',
    shipsServerKey: true,
    title: { en: 'TLS 1.2 with RSA key exchange', 'zh-CN': 'TLS 1.2：RSA 密钥交换' },
    description: {
      en: 'A TLS 1.2 handshake with TLS_RSA_WITH_AES_128_GCM_SHA256: there is no ServerKeyExchange; the client encrypts the premaster secret with the key in the server\'s certificate (ClientKeyExchange). Anyone who later obtains the server\'s private key can decrypt such recordings: no forward secrecy, which is why TLS 1.3 removed it.',
      'zh-CN': '使用 TLS_RSA_WITH_AES_128_GCM_SHA256 的 TLS 1.2 握手：没有 ServerKeyExchange，客户端用服务器证书里的公钥加密预主密钥（ClientKeyExchange）。日后拿到服务器私钥的人都能解密这样的录制流量——没有前向保密，这正是 TLS 1.3 删除它的原因。',
    },
    async run(env) {
      const net = this.net;
      const r = await withServer(env, net, { tlsOptions: serverTls(env, { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' }) }, () =>
        tlsClient(client(env, net, { tlsOptions: { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' } })),
      );
      check(r, { version: 'TLS 1.2', keyExchange: 'RSA', cipherSuite: 'TLS_RSA_WITH_AES_128_GCM_SHA256' }, this.name);
      return [tlsConnection({ net, result: r, handshake: tls12Full({ keyExchange: 'RSA', newTicket: newTicket12(r) }), post: after({ serverCloseNotify: true, clientCloseNotify: true }) })];
    },
  },
  {
    name: '03-tls12-ecdhe',
    net: '127.0.3',
    title: { en: 'TLS 1.2 with ECDHE', 'zh-CN': 'TLS 1.2：ECDHE 密钥交换' },
    description: {
      en: 'A TLS 1.2 handshake with TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 over X25519: the server sends a fresh elliptic-curve public key in ServerKeyExchange, signed with its certificate\'s key; the client answers with its own in ClientKeyExchange. Both sides derive the same secret and throw it away afterwards: forward secrecy. Compare with the RSA sample.',
      'zh-CN': '使用 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256（X25519 曲线）的 TLS 1.2 握手：服务器在 ServerKeyExchange 中发送新生成的椭圆曲线公钥，并用证书私钥签名；客户端在 ClientKeyExchange 中回送自己的公钥。双方算出相同的密钥，用完即弃——这就是前向保密。请与 RSA 样本对比。',
    },
    async run(env) {
      const net = this.net;
      const opts = { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', ecdhCurve: 'X25519' };
      const r = await withServer(env, net, { tlsOptions: serverTls(env, opts) }, () => tlsClient(client(env, net, { tlsOptions: opts })));
      check(r, { version: 'TLS 1.2', keyExchange: 'ECDHE', cipherSuite: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', group: 'x25519' }, this.name);
      return [tlsConnection({ net, result: r, handshake: tls12Full({ keyExchange: 'ECDHE', newTicket: newTicket12(r) }), post: after({ serverCloseNotify: true, clientCloseNotify: true }) })];
    },
  },
  {
    name: '04-tls13',
    net: '127.0.4',
    title: { en: 'TLS 1.3', 'zh-CN': 'TLS 1.3' },
    description: {
      en: 'A TLS 1.3 handshake: the client sends its X25519 key share in the ClientHello, so the server can answer with its own and encrypt everything after the ServerHello (EncryptedExtensions, Certificate, CertificateVerify, Finished): one round trip instead of two. The ChangeCipherSpec records are only there to look like TLS 1.2 to old middleboxes. After the handshake the server sends session tickets.',
      'zh-CN': 'TLS 1.3 握手：客户端在 ClientHello 中就带上 X25519 密钥共享，服务器回送自己的共享后，ServerHello 之后的一切（EncryptedExtensions、Certificate、CertificateVerify、Finished）都被加密——只需一个往返而不是两个。其中的 ChangeCipherSpec 记录只是为了让老旧中间设备以为这是 TLS 1.2。握手之后服务器发送会话票据。',
    },
    async run(env) {
      const net = this.net;
      const opts = { minVersion: 'TLSv1.3', ecdhCurve: 'X25519' };
      const r = await withServer(env, net, { tlsOptions: serverTls(env, opts) }, () => tlsClient(client(env, net, { tlsOptions: opts })));
      check(r, { version: 'TLS 1.3', group: 'x25519', resumed: false }, this.name);
      return [tlsConnection({ net, result: r, handshake: tls13Full({}), post: after({ tickets: tickets13(r), serverCloseNotify: true, clientCloseNotify: true }) })];
    },
  },
  {
    name: '05-tls13-hello-retry',
    net: '127.0.5',
    title: { en: 'TLS 1.3 with HelloRetryRequest', 'zh-CN': 'TLS 1.3：HelloRetryRequest' },
    description: {
      en: 'The client supports X25519 and P-256 but guesses X25519 and sends only that key share; the server accepts only P-256. Instead of failing, it answers with a HelloRetryRequest (a ServerHello with a special random) naming P-256, and the client sends a second ClientHello with a P-256 key share. The wrong guess costs one extra round trip.',
      'zh-CN': '客户端支持 X25519 和 P-256，但猜测服务器会用 X25519，只发送了这一个密钥共享；服务器只接受 P-256。服务器没有直接失败，而是回复 HelloRetryRequest（一个带特殊随机数的 ServerHello），指明 P-256，客户端随后发送第二个 ClientHello，附上 P-256 的密钥共享。猜错的代价是多一个往返。',
    },
    async run(env) {
      const net = this.net;
      const r = await withServer(env, net, { tlsOptions: serverTls(env, { minVersion: 'TLSv1.3', ecdhCurve: 'P-256' }) }, () =>
        tlsClient(client(env, net, { tlsOptions: { minVersion: 'TLSv1.3', ecdhCurve: 'X25519:P-256' } })),
      );
      check(r, { version: 'TLS 1.3', group: 'secp256r1' }, this.name);
      return [tlsConnection({ net, result: r, hrr: true, handshake: tls13Full({ hrr: true }), post: after({ tickets: tickets13(r), serverCloseNotify: true, clientCloseNotify: true }) })];
    },
  },
  {
    name: '06-tls12-resume-ticket',
    net: '127.0.6',
    title: { en: 'TLS 1.2 session resumption by ticket', 'zh-CN': 'TLS 1.2：会话票据恢复' },
    description: {
      en: 'Two connections. The first is a full TLS 1.2 handshake in which the server hands the client an encrypted session ticket (NewSessionTicket). The second ClientHello carries that ticket back, and the server skips the certificate and the key exchange: ServerHello, ChangeCipherSpec, Finished. Note that in an abbreviated handshake the server finishes first.',
      'zh-CN': '两个连接。第一个是完整的 TLS 1.2 握手，服务器在其中交给客户端一张加密的会话票据（NewSessionTicket）。第二个 ClientHello 带回这张票据，服务器于是省略证书和密钥交换：ServerHello、ChangeCipherSpec、Finished。注意在简化握手中是服务器先发 Finished。',
    },
    async run(env) {
      const net = this.net;
      const opts = { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', ecdhCurve: 'X25519' };
      const [first, second] = await withServer(env, net, { tlsOptions: serverTls(env, opts) }, async () => {
        const a = await tlsClient(client(env, net, { tlsOptions: opts }));
        await sleep(100);
        const b = await tlsClient(client(env, net, { tlsOptions: { ...opts, session: a.sessions.at(-1) } }));
        return [a, b];
      });
      check(first, { version: 'TLS 1.2', resumed: false }, `${this.name} (first)`);
      if (!first.ticket) throw new Error(`${this.name}: the server issued no ticket`);
      check(second, { version: 'TLS 1.2', resumed: true }, `${this.name} (second)`);
      const post = after({ serverCloseNotify: true, clientCloseNotify: true });
      return [
        tlsConnection({ label: 'full handshake', net, result: first, handshake: tls12Full({ keyExchange: 'ECDHE', newTicket: true }), post }),
        { ...tlsConnection({ label: 'resumed', net, result: second, handshake: tls12Resumed({ newTicket: newTicket12(second, first.ticket) }), post, certificate: null }), resumedHow: 'ticket' },
      ].map(resumeKind);
    },
  },
  {
    name: '07-tls12-resume-session-id',
    net: '127.0.7',
    title: { en: 'TLS 1.2 session resumption by session ID', 'zh-CN': 'TLS 1.2：会话 ID 恢复' },
    description: {
      en: 'Two connections to a server that issues no tickets but remembers sessions: its ServerHello gives each session an ID. The second ClientHello offers that session ID again, the server finds the session in its cache and echoes the same ID in its ServerHello, and both sides skip the certificate and the key exchange.',
      'zh-CN': '两个连接，服务器不发放票据，而是在缓存中记住会话：它的 ServerHello 为每个会话分配一个 ID。第二个 ClientHello 再次提供这个会话 ID，服务器在缓存中找到会话，并在 ServerHello 中回送同一个 ID，双方都省去了证书和密钥交换。',
    },
    async run(env) {
      const net = this.net;
      const opts = { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', ecdhCurve: 'X25519' };
      const serverOpts = serverTls(env, { ...opts, secureOptions: cryptoConstants.SSL_OP_NO_TICKET, sessionIdContext: 'tlslens-lab' });
      const server = await startServer({ host: `${net}.1`, port: 443, keylog: env.keylog, body: `Hello from the TLS Lens lab (${env.name}).\n`, tlsOptions: serverOpts, setup: sessionCache });
      let first, second;
      try {
        first = await tlsClient(client(env, net, { tlsOptions: opts }));
        await sleep(100);
        second = await tlsClient(client(env, net, { tlsOptions: { ...opts, session: first.sessions.at(-1) } }));
        await server.idle();
      } finally {
        await server.close();
      }
      check(first, { version: 'TLS 1.2', resumed: false }, `${this.name} (first)`);
      if (first.ticket) throw new Error(`${this.name}: the server issued a ticket`);
      check(second, { version: 'TLS 1.2', resumed: true }, `${this.name} (second)`);
      const post = after({ serverCloseNotify: true, clientCloseNotify: true });
      return [
        tlsConnection({ label: 'full handshake', net, result: first, handshake: tls12Full({ keyExchange: 'ECDHE' }), post }),
        { ...tlsConnection({ label: 'resumed', net, result: second, handshake: tls12Resumed({}), post, certificate: null }), resumedHow: 'session-id' },
      ].map(resumeKind);
    },
  },
  {
    name: '08-fail-unknown-ca',
    net: '127.0.8',
    title: { en: 'Handshake failure: unknown CA', 'zh-CN': '握手失败：未知 CA' },
    description: {
      en: 'The server presents a certificate for www.lab.test issued by "Untrusted Example Issuing CA", a CA the client does not trust (it trusts only the TLS Lens Lab Root CA). The client (OpenSSL\'s s_client, which checks the chain during the handshake as browsers do) stops right after the server\'s certificate and sends a fatal unknown_ca alert. TLS 1.2, so the certificate and the alert are readable without keys.',
      'zh-CN': '服务器出示的 www.lab.test 证书由“Untrusted Example Issuing CA”签发，客户端并不信任这个 CA（它只信任 TLS Lens Lab Root CA）。客户端（OpenSSL 的 s_client，像浏览器一样在握手过程中检查证书链）收到服务器证书后立即停止，并发送致命警报 unknown_ca。这里使用 TLS 1.2，因此不用密钥也能读到证书和警报。',
    },
    async run(env) {
      const net = this.net;
      const keyFile = join(env.tmp, `${this.name}.client-keys`);
      const server = await startServer({ host: `${net}.1`, port: 443, keylog: env.keylog, body: 'never sent\n', tlsOptions: { key: env.pki.rogue.key, cert: env.pki.rogue.cert, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', ecdhCurve: 'X25519' } });
      let s;
      try {
        s = await sClient({ host: `${net}.1`, port: 443, bind: `${net}.2`, servername: LAB_HOST, caFile: env.pki.rootPath, keylogFile: keyFile, args: ['-tls1_2'] });
        await server.idle();
        await sleep(100);
      } finally {
        await server.close();
      }
      env.keylog.addFile(keyFile);
      const alert = alertFromError(server.observed.clientErrors[0]);
      if (s.code === 0 || alert !== 'unknown_ca') throw new Error(`${this.name}: expected the client to refuse with unknown_ca; server saw ${server.observed.clientErrors.join(', ') || 'no error'}; s_client: ${s.output.slice(-400)}`);
      // the server's configuration allows one suite and one group: they are what its ServerHello picked
      return [failedConnection({
        net,
        version: 'TLS 1.2',
        negotiated: { cipherSuite: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', keyExchange: 'ECDHE', group: 'x25519' },
        handshake: [...tls12Full({ keyExchange: 'ECDHE' }).slice(0, 5), `c2s alert ${alert}`],
        alert: { dir: 'c2s', description: alert, level: 'fatal' },
        certificate: { verdict: 'unknown-issuer', trustAnchor: null, trustAnchorSource: null, subjectCN: LAB_HOST, chainLength: 2 },
        tcp: { closeKind: 'four-way', firstFin: 'client', rst: null },
      })];
    },
  },
  {
    name: '09-fail-protocol-version',
    net: '127.0.9',
    title: { en: 'Handshake failure: protocol version', 'zh-CN': '握手失败：协议版本不匹配' },
    description: {
      en: 'An old client that speaks at most TLS 1.2 meets a server that requires TLS 1.3. The ClientHello offers nothing the server accepts, so the server answers with a fatal protocol_version alert instead of a ServerHello, and both sides close the connection. No version is negotiated and no certificate is ever sent.',
      'zh-CN': '一个最高只支持 TLS 1.2 的旧客户端遇到要求 TLS 1.3 的服务器。ClientHello 中没有服务器能接受的版本，服务器不发送 ServerHello，而是回复致命警报 protocol_version，随后双方关闭连接。没有协商出任何版本，也从未发送证书。',
    },
    async run(env) {
      const net = this.net;
      const r = await withServer(env, net, { tlsOptions: serverTls(env, { minVersion: 'TLSv1.3' }) }, async (server) => {
        const out = await tlsClient(client(env, net, { tlsOptions: { maxVersion: 'TLSv1.2' } }));
        out.serverErrors = server.observed.clientErrors;
        return out;
      });
      const alert = alertFromError(r.error);
      if (r.negotiated || alert !== 'protocol_version') throw new Error(`${this.name}: expected a protocol_version alert, the client got ${r.error ?? 'a connection'}`);
      return [failedConnection({
        net,
        version: null,
        handshake: ['c2s client_hello', `s2c alert ${alert}`],
        alert: { dir: 's2c', description: alert, level: 'fatal' },
        certificate: null,
        tcp: { closeKind: 'four-way', firstFin: 'server', rst: null },
      })];
    },
  },
  {
    name: '10-wrong-host',
    net: '127.0.10',
    title: { en: 'A certificate for the wrong host', 'zh-CN': '证书与主机名不符' },
    description: {
      en: 'The client asks for bank.lab.test (its SNI), but the server only has a certificate for www.lab.test and lab.test. The chain itself is fine (issued by the trusted TLS Lens Lab CA), but the name does not match, so the client (OpenSSL\'s s_client, checking the host name as a browser does) aborts the TLS 1.3 handshake with a bad_certificate alert. With the key log, TLS Lens decrypts the certificate and the alert.',
      'zh-CN': '客户端请求的是 bank.lab.test（SNI），但服务器只有 www.lab.test 和 lab.test 的证书。证书链本身没有问题（由受信任的 TLS Lens Lab CA 签发），但名称不符，因此客户端（OpenSSL 的 s_client，像浏览器一样检查主机名）以 bad_certificate 警报中止 TLS 1.3 握手。借助密钥日志，TLS Lens 可以解密证书和警报。',
    },
    async run(env) {
      const net = this.net;
      const wrong = 'bank.lab.test';
      const keyFile = join(env.tmp, `${this.name}.client-keys`);
      const server = await startServer({ host: `${net}.1`, port: 443, keylog: env.keylog, body: 'never sent\n', tlsOptions: serverTls(env, { minVersion: 'TLSv1.3', ciphers: 'TLS_AES_128_GCM_SHA256', ecdhCurve: 'X25519' }) });
      let s;
      try {
        s = await sClient({ host: `${net}.1`, port: 443, bind: `${net}.2`, servername: wrong, caFile: env.pki.rootPath, keylogFile: keyFile, args: ['-tls1_3', '-verify_hostname', wrong] });
        await server.idle();
        await sleep(100);
      } finally {
        await server.close();
      }
      env.keylog.addFile(keyFile);
      const alert = alertFromError(server.observed.clientErrors[0]);
      if (s.code === 0 || !alert) throw new Error(`${this.name}: expected the client to refuse the certificate; server saw ${server.observed.clientErrors.join(', ') || 'no error'}; s_client: ${s.output.slice(-400)}`);
      const handshake = [...tls13Full({}).filter((m) => m.startsWith('s2c') || m === 'c2s client_hello'), `c2s alert ${alert}`];
      const conn = failedConnection({
        net,
        version: 'TLS 1.3',
        negotiated: { cipherSuite: 'TLS_AES_128_GCM_SHA256', keyExchange: 'TLS1.3-ECDHE', group: 'x25519' },
        handshake,
        alert: { dir: 'c2s', description: alert, level: 'fatal' },
        certificate: { ...LAB_CHAIN, verdict: 'wrong-host' },
        tcp: { closeKind: 'four-way', firstFin: 'client', rst: null },
      });
      conn.tls.sni = wrong;
      return [conn];
    },
  },
  {
    name: '11-mutual-tls',
    net: '127.0.11',
    title: { en: 'Mutual TLS: a client certificate', 'zh-CN': '双向 TLS：客户端证书' },
    description: {
      en: 'The server asks the client to prove who it is: a CertificateRequest follows its certificate. The client answers with its own certificate (CN=student01, from the lab CA) and a CertificateVerify signed with that certificate\'s key, before ChangeCipherSpec and Finished. TLS 1.2, so both certificates are readable without keys.',
      'zh-CN': '服务器要求客户端证明身份：在服务器证书之后发送 CertificateRequest。客户端回送自己的证书（CN=student01，由实验室 CA 签发），以及用该证书私钥签名的 CertificateVerify，然后才是 ChangeCipherSpec 和 Finished。这里使用 TLS 1.2，因此不用密钥也能读到双方的证书。',
    },
    async run(env) {
      const net = this.net;
      const opts = { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', ecdhCurve: 'X25519' };
      const r = await withServer(env, net, { tlsOptions: serverTls(env, { ...opts, requestCert: true, rejectUnauthorized: true, ca: env.pki.root }) }, async (server) => {
        const out = await tlsClient(client(env, net, { tlsOptions: { ...opts, key: env.pki.client.key, cert: env.pki.client.cert } }));
        out.serverSawClient = server.observed.connections[0]?.peerCertificate ?? null;
        return out;
      });
      check(r, { version: 'TLS 1.2', keyExchange: 'ECDHE' }, this.name);
      if (r.serverSawClient !== 'student01') throw new Error(`${this.name}: the server did not get the client certificate`);
      return [tlsConnection({ net, result: r, clientCertificate: { subjectCN: 'student01', chainLength: 2 }, handshake: tls12Full({ keyExchange: 'ECDHE', clientCert: true, newTicket: newTicket12(r) }), post: after({ serverCloseNotify: true, clientCloseNotify: true }) })];
    },
  },
  {
    name: '12-tcp-reset',
    net: '127.0.12',
    title: { en: 'A connection closed by RST', 'zh-CN': '被 RST 关闭的连接' },
    description: {
      en: 'A TLS 1.3 request and response, then the client aborts the connection with a TCP RST instead of the polite close: no close_notify alert and no FIN exchange. Compare with the orderly four-way teardown (FIN, ACK, FIN, ACK) in the other samples.',
      'zh-CN': '一次 TLS 1.3 请求和响应之后，客户端没有礼貌地关闭连接，而是用 TCP RST 直接中止：没有 close_notify 警报，也没有 FIN 交换。请与其他样本中有序的四次挥手（FIN、ACK、FIN、ACK）对比。',
    },
    async run(env) {
      const net = this.net;
      const opts = { minVersion: 'TLSv1.3', ecdhCurve: 'X25519' };
      const r = await withServer(env, net, { close: 'keep', tlsOptions: serverTls(env, opts) }, () => tlsClient(client(env, net, { reset: true, tlsOptions: opts })));
      check(r, { version: 'TLS 1.3' }, this.name);
      return [tlsConnection({ net, result: r, handshake: tls13Full({}), post: after({ tickets: tickets13(r) }), tcp: { closeKind: 'rst', firstFin: null, rst: 'client' } })];
    },
  },
];

/** TLS 1.2 resumption: the analysis reports how ("ticket" / "session-id"); moved into tls.resumed. */
function resumeKind(conn) {
  const { resumedHow, ...rest } = conn;
  if (resumedHow) rest.tls.resumed = resumedHow;
  return rest;
}
