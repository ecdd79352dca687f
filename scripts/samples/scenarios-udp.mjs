// The samples over UDP: HTTP/3 over QUIC (ngtcp2's example client and server, GnuTLS) and DTLS 1.2
// (OpenSSL's s_client and s_server). Their expectations come from what the endpoints printed:
// gtlsclient dumps every CRYPTO frame it received and its HTTP/3 headers; s_client -msg traces
// every handshake message, ChangeCipherSpec and alert it sent or received.
import { writeFileSync, mkdirSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { LAB_HOST } from './certs.mjs';
import { startProgram, udpListening } from './processes.mjs';
import { certificateChain, clientReport, cryptoStreams, handshakeMessages, serverHelloChoice } from './quic-log.mjs';
import { LAB_CHAIN } from './scenarios.mjs';
import { request, response, sleep, STEP_TIMEOUT_MS } from './traffic.mjs';

const body = (env) => `Hello from the TLS Lens lab (${env.name}).\n`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Splits a traced message list at the last Finished: the handshake, then what follows per direction. */
function splitAtLastFinished(trace) {
  const last = trace.findLastIndex((m) => m.endsWith(' finished'));
  const rest = trace.slice(last + 1);
  return {
    handshake: trace.slice(0, last + 1),
    after: { c2s: rest.filter((m) => m.startsWith('c2s ')).map((m) => m.slice(4)), s2c: rest.filter((m) => m.startsWith('s2c ')).map((m) => m.slice(4)) },
  };
}

/** The server's chain as the client received it, checked against the lab root as a browser would (RFC 5280 §6, RFC 6125). */
function checkLabChain(certs, rootPem, who) {
  const root = new X509Certificate(rootPem);
  const [leaf, issuing] = certs;
  const ok = certs.length === 2 && leaf.checkIssued(issuing) && leaf.verify(issuing.publicKey) && issuing.checkIssued(root) && issuing.verify(root.publicKey) && leaf.checkHost(LAB_HOST) === LAB_HOST;
  if (!ok) throw new Error(`${who}: the server's chain (${certs.map((c) => c.subject.replace(/\n/g, ', ')).join(' / ')}) does not validate to the lab root for ${LAB_HOST}`);
  return LAB_CHAIN;
}

const TLS13_QUIC_CIPHERS = '--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM';
const X25519_ONLY = '--groups=-GROUP-ALL:+GROUP-X25519';
/**
 * On lo the kernel never splits a UDP GSO batch, so a capture would show one "datagram" holding
 * several (tshark then reads only the first QUIC packet): the server sends one datagram per call.
 */
const NO_GSO = '--max-gso-dgrams=1';
/** no path-MTU probes (RFC 8899 padding-only packets that would only distract in a first QUIC sample) */
const NO_PMTUD = '--no-pmtud';

const quicHttp3 = {
  name: '13-quic-http3',
  net: '127.0.13',
  transport: 'udp',
  tools: ['gtlsserver', 'gtlsclient', 'unshare'],
  packages: ['ngtcp2-client', 'ngtcp2-server'],
  title: { en: 'HTTP/3 over QUIC', 'zh-CN': 'QUIC 上的 HTTP/3' },
  description: {
    en: 'The same kind of HTTPS request as in the other samples, but as HTTP/3: QUIC over UDP port 443 (RFC 9000, RFC 9114), between ngtcp2\'s example client and server. TLS 1.3 runs inside QUIC: its handshake messages travel in CRYPTO frames of Initial and Handshake packets, without TLS records and without ChangeCipherSpec. Even the Initial packets are encrypted, but with keys anyone can derive from the client\'s first Destination Connection ID (RFC 9001 §5.2), so the ClientHello and ServerHello stay readable. With the key log the rest opens up: the HTTP/3 request and response on stream 0, HANDSHAKE_DONE, NEW_TOKEN and the client\'s CONNECTION_CLOSE. The client\'s address is 127.0.0.1: ngtcp2\'s client cannot choose its own.',
    'zh-CN': '与其他样本相同的 HTTPS 请求，但这次是 HTTP/3：基于 UDP 443 端口的 QUIC（RFC 9000、RFC 9114），通信双方是 ngtcp2 的示例客户端和服务器。TLS 1.3 运行在 QUIC 内部：握手消息装在 Initial 和 Handshake 数据包的 CRYPTO 帧里，没有 TLS 记录，也没有 ChangeCipherSpec。就连 Initial 数据包也是加密的，但它的密钥任何人都能从客户端的第一个目标连接 ID 推导出来（RFC 9001 §5.2），因此 ClientHello 和 ServerHello 仍然可读。借助密钥日志，其余部分也能打开：流 0 上的 HTTP/3 请求和响应、HANDSHAKE_DONE、NEW_TOKEN，以及客户端的 CONNECTION_CLOSE。客户端地址是 127.0.0.1：ngtcp2 的客户端不能自选地址。',
  },
  made: 'gtlsserver (Debian ngtcp2-server) on 127.0.13.1:443 serving 13-quic-http3.txt with the lab chain, --max-gso-dgrams=1 (on lo a GSO batch would stay one captured datagram); gtlsclient (ngtcp2-client) GET https://www.lab.test/13-quic-http3.txt, www.lab.test resolved to 127.0.13.1 by a private /etc/hosts (unshare -m: with an IP address as host the client sends the SNI "localhost"); TLS_AES_128_GCM_SHA256 and X25519 only; --no-pmtud on both; SSLKEYLOGFILE for both (GnuTLS)',
  async run(env) {
    const net = this.net;
    const docroot = join(env.tmp, `${this.name}-htdocs`);
    mkdirSync(docroot, { recursive: true });
    writeFileSync(join(docroot, `${this.name}.txt`), body(env));
    const chainFile = join(env.tmp, `${this.name}.chain.pem`);
    writeFileSync(chainFile, env.pki.server.cert);
    const hosts = join(env.tmp, `${this.name}.hosts`);
    writeFileSync(hosts, `${net}.1 ${LAB_HOST}\n`);
    const serverKeys = join(env.tmp, `${this.name}.server-keys`);
    const clientKeys = join(env.tmp, `${this.name}.client-keys`);
    const server = startProgram('gtlsserver', ['-q', NO_GSO, NO_PMTUD, TLS13_QUIC_CIPHERS, X25519_ONLY, '-d', docroot, '--timeout=5s', `${net}.1`, '443', join(env.pki.dir, 'server.key'), chainFile], { env: { ...process.env, SSLKEYLOGFILE: serverKeys } });
    let client;
    try {
      await udpListening(`${net}.1`, 443, 'gtlsserver');
      // gtlsclient takes the SNI from its host argument, which must resolve: a private /etc/hosts for it alone
      const swapHosts = 'mount --bind "$1" /etc/hosts && shift && exec "$@"';
      client = startProgram('unshare', [...(isRoot ? ['-m'] : ['-r', '-m']), 'sh', '-c', swapHosts, 'sh', hosts, 'gtlsclient', NO_PMTUD, TLS13_QUIC_CIPHERS, X25519_ONLY, '--exit-on-all-streams-close', LAB_HOST, '443', `https://${LAB_HOST}/${this.name}.txt`], { env: { ...process.env, SSLKEYLOGFILE: clientKeys } });
      const { code } = await Promise.race([client.exited, sleep(STEP_TIMEOUT_MS).then(() => ({ code: 'timeout' }))]);
      if (code !== 0) throw new Error(`${this.name}: gtlsclient ended with ${code}: ${client.output.slice(-800)}`);
      await sleep(200);
    } finally {
      await client?.stop().catch(() => undefined);
      await server.stop();
    }
    env.keylog.addFile(clientKeys);
    env.keylog.addFile(serverKeys);

    const log = clientReport(client.output);
    const streams = cryptoStreams(client.output);
    const received = (level) => handshakeMessages(streams[level] ?? Buffer.alloc(0));
    const [initial, handshake, application] = [received('Initial'), received('Handshake'), received('Application')];
    const serverHello = initial.find((m) => m.name === 'server_hello');
    const certificate = handshake.find((m) => m.name === 'certificate');
    if (!log.handshakeConfirmed || !serverHello || !certificate || log.response[':status'] !== '200') throw new Error(`${this.name}: no confirmed handshake and HTTP/3 200 in gtlsclient's report: ${client.output.slice(-800)}`);
    if (log.version !== '0x00000001' || log.alpn !== 'h3') throw new Error(`${this.name}: expected QUIC v1 and ALPN h3, the client reports ${log.version} and ${log.alpn}`);
    const choice = serverHelloChoice(serverHello.body);
    return [{
      transport: 'quic',
      client: '127.0.0.1',
      server: `${net}.1:443`,
      tcp: null,
      payload: null,
      quic: { version: log.version, alpn: log.alpn, handshakeDone: log.handshakeConfirmed, newToken: log.newToken, close: log.clientClose === null ? null : { dir: 'c2s', errorCode: log.clientClose } },
      http3: { request: log.request, response: log.response },
      tls: {
        version: 'TLS 1.3',
        cipherSuite: choice.cipherSuite,
        keyExchange: 'TLS1.3-ECDHE',
        group: choice.group,
        sni: LAB_HOST,
        helloRetryRequest: false,
        resumed: false,
        handshakeComplete: true,
        // RFC 9001 §8.4: no ChangeCipherSpec in QUIC; the client's own flights are its ClientHello and Finished
        handshake: ['c2s client_hello', ...[...initial, ...handshake].map((m) => `s2c ${m.name}`), 'c2s finished'],
        after: { c2s: [], s2c: application.map((m) => m.name) },
        alerts: [],
        certificate: checkLabChain(certificateChain(certificate.body), env.pki.root, this.name),
        clientCertificate: null,
        appData: null,
      },
    }];
  },
};

const DTLS_HANDSHAKE_NAMES = { 1: 'client_hello', 2: 'server_hello', 3: 'hello_verify_request', 4: 'new_session_ticket', 11: 'certificate', 12: 'server_key_exchange', 13: 'certificate_request', 14: 'server_hello_done', 15: 'certificate_verify', 16: 'client_key_exchange', 20: 'finished' };
const ALERT_NAMES = { 0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 40: 'handshake_failure', 42: 'bad_certificate', 46: 'certificate_unknown', 48: 'unknown_ca', 70: 'protocol_version', 80: 'internal_error' };

/** An s_client or s_server -msg trace: "dir message" per handshake message, ChangeCipherSpec and alert, in order. */
function traceOf(output, self) {
  const out = [];
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    const m = /^(>>>|<<<) .*content_type=(2[012])\)/.exec(line);
    if (!m) return;
    const dir = (m[1] === '>>>') === (self === 'client') ? 'c2s' : 's2c';
    const bytes = (lines[i + 1] ?? '').trim().split(/\s+/).map((h) => parseInt(h, 16));
    if (m[2] === '20') out.push(`${dir} change_cipher_spec`);
    else if (m[2] === '21') out.push(`${dir} alert ${ALERT_NAMES[bytes[1]] ?? `alert ${bytes[1]}`}`);
    else out.push(`${dir} ${DTLS_HANDSHAKE_NAMES[bytes[0]] ?? `type ${bytes[0]}`}`);
  });
  return out;
}

const dtls12 = {
  name: '14-dtls12',
  net: '127.0.14',
  transport: 'udp',
  title: { en: 'DTLS 1.2 with a cookie', 'zh-CN': 'DTLS 1.2 与 Cookie 交换' },
  description: {
    en: 'TLS for datagrams (DTLS 1.2, RFC 6347) between OpenSSL\'s s_client and s_server over UDP port 443. UDP has no handshake of its own, so before doing any costly work the server answers the first ClientHello with a HelloVerifyRequest carrying a cookie; only a client that really receives packets at its address can echo it in a second ClientHello, which defends against floods from forged addresses and against amplification (RFC 6347 §4.2.1). Then a TLS 1.2 ECDHE handshake follows, in DTLS records with an epoch and a sequence number, its messages numbered and fragmented so that lost or reordered datagrams can be handled. With the key log the request and the response are readable; the client ends with a close_notify alert.',
    'zh-CN': '用于数据报的 TLS（DTLS 1.2，RFC 6347），由 OpenSSL 的 s_client 与 s_server 通过 UDP 443 端口通信。UDP 本身没有握手，因此服务器在做任何耗费资源的工作之前，先用携带 cookie 的 HelloVerifyRequest 回复第一个 ClientHello；只有真正能在自己地址上收到数据包的客户端，才能在第二个 ClientHello 中回显这个 cookie，以此防御伪造源地址的洪泛攻击和放大攻击（RFC 6347 §4.2.1）。随后是 TLS 1.2 ECDHE 握手，装在带有 epoch 和序列号的 DTLS 记录中，握手消息带编号并可分片，以应对数据报丢失或乱序。借助密钥日志可以读到请求和响应；最后客户端发送 close_notify 警报结束。',
  },
  made: 'openssl s_server -dtls1_2 -listen (the cookie exchange) on 127.0.14.1:443 with the lab chain, -cipher ECDHE-RSA-AES128-GCM-SHA256 -groups X25519 -no_ticket -msg; openssl s_client -dtls1_2 -msg from 127.0.14.2 verifying the chain and the host name www.lab.test; one HTTP/1.1 request typed into the client and one response into the server; -keylogfile for both',
  async run(env) {
    const net = this.net;
    const serverKeys = join(env.tmp, `${this.name}.server-keys`);
    const clientKeys = join(env.tmp, `${this.name}.client-keys`);
    const suite = ['-cipher', 'ECDHE-RSA-AES128-GCM-SHA256', '-groups', 'X25519'];
    const pki = (f) => join(env.pki.dir, f);
    const server = startProgram('openssl', ['s_server', '-dtls1_2', '-msg', '-listen', '-accept', `${net}.1:443`, '-naccept', '1', '-key', pki('server.key'), '-cert', pki('server.pem'), '-cert_chain', pki('issuing.pem'), '-no_ticket', '-keylogfile', serverKeys, ...suite]);
    let client;
    const req = request(`/${this.name}.txt`, LAB_HOST);
    try {
      await server.waitFor(/^ACCEPT$/m, 'listening');
      client = startProgram('openssl', ['s_client', '-dtls1_2', '-msg', '-connect', `${net}.1:443`, '-bind', `${net}.2:0`, '-servername', LAB_HOST, '-CAfile', env.pki.rootPath, '-verify_return_error', '-verify_hostname', LAB_HOST, '-keylogfile', clientKeys, ...suite]);
      await client.waitFor(/Verify return code: 0 \(ok\)[\s\S]*?\n---\n/, 'the handshake');
      client.write(req);
      await server.waitFor(/\r\n\r\n/, 'the request');
      server.write(response(body(env)));
      await client.waitFor(new RegExp(body(env).trim().replace(/[().]/g, '\\$&')), 'the response');
      // end of input: s_client sends close_notify and exits; s_server (-naccept 1) exits after it
      client.end();
      await client.exited;
      await server.exited;
      await sleep(100);
    } finally {
      await client?.stop().catch(() => undefined);
      await server.stop().catch(() => undefined);
    }
    env.keylog.addFile(clientKeys);
    env.keylog.addFile(serverKeys);

    const out = client.output;
    // the client's view, then what the server sent after the client stopped reading (its close_notify)
    const clientView = traceOf(out, 'client');
    const serverSent = traceOf(server.output, 'server').filter((m) => m.startsWith('s2c '));
    // DTLSv1_listen answers with the HelloVerifyRequest statelessly, before s_server's trace starts
    const clientRead = clientView.filter((m) => m.startsWith('s2c ') && m !== 's2c hello_verify_request');
    if (clientRead.some((m, i) => serverSent[i] !== m)) throw new Error(`${this.name}: the client read ${clientRead.join(', ')}; the server sent ${serverSent.join(', ')}`);
    const trace = [...clientView, ...serverSent.slice(clientRead.length)];
    const cipher = /^ {4}Cipher {4}: (\S+)/m.exec(out)?.[1];
    const chain = [...out.matchAll(/^ (\d) s:/gm)].length;
    if (!/^ {4}Protocol {2}: DTLSv1\.2$/m.test(out) || cipher !== 'ECDHE-RSA-AES128-GCM-SHA256' || !/Server Temp Key: X25519/.test(out)) throw new Error(`${this.name}: not the DTLS 1.2 ECDHE X25519 session asked for: ${out.slice(-800)}`);
    if (!/^Verification: OK$/m.test(out) || chain !== 2) throw new Error(`${this.name}: the client did not verify a chain of two: ${out.slice(-800)}`);
    if (trace[1] !== 's2c hello_verify_request') throw new Error(`${this.name}: no HelloVerifyRequest after the first ClientHello (${trace.join(', ')})`);
    const { handshake, after } = splitAtLastFinished(trace);
    const alerts = trace.filter((m) => m.includes(' alert ')).map((m) => ({ dir: m.slice(0, 3), description: m.split(' ').pop() }));
    return [{
      transport: 'dtls',
      client: `${net}.2`,
      server: `${net}.1:443`,
      tcp: null,
      payload: null,
      tls: {
        version: 'DTLS 1.2',
        cipherSuite: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        keyExchange: 'ECDHE',
        group: 'x25519',
        sni: LAB_HOST,
        helloRetryRequest: false,
        helloVerifyRequest: true,
        resumed: false,
        handshakeComplete: true,
        handshake,
        after,
        alerts,
        certificate: LAB_CHAIN,
        clientCertificate: null,
        appData: { c2s: req.split('\r\n')[0], s2c: 'HTTP/1.1 200 OK' },
      },
    }];
  },
};

export const UDP_SCENARIOS = [quicHttp3, dtls12];
