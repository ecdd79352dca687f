/** Lesson (b): the TLS 1.2 handshake step by step, RSA key exchange against ECDHE. */
import { handshakeRoundTrips, LessonRuleError, type AnswerContext, type ChoiceOption, type Lesson } from '../model';

const RSA = '02-tls12-rsa.pcapng';
const ECDHE = '03-tls12-ecdhe.pcapng';

export const KEY_EXCHANGE_CONTENT: ChoiceOption[] = [
  { id: 'encrypted-premaster', text: { en: "A secret chosen by the client, encrypted with the public key in the server's certificate", 'zh-CN': '客户端选定的秘密，用服务器证书中的公钥加密' } },
  { id: 'ephemeral-key', text: { en: "The client's one-time (ephemeral) Diffie-Hellman public key", 'zh-CN': '客户端一次性的（临时）Diffie-Hellman 公钥' } },
  { id: 'session-key', text: { en: 'The session key itself, in clear text', 'zh-CN': '会话密钥本身，以明文发送' } },
];

/** What the ClientKeyExchange of this connection carries, from the key exchange the engine found. */
export function keyExchangeContent({ connection }: AnswerContext): string {
  const kx = connection.tls?.keyExchange ?? '';
  if (kx === 'RSA') return 'encrypted-premaster';
  if (/^(EC)?DHE/.test(kx)) return 'ephemeral-key';
  throw new LessonRuleError(`no ClientKeyExchange answer for key exchange "${kx}"`);
}

const roundTrips = {
  kind: 'number' as const,
  prompt: { en: 'How many round trips did the TLS handshake take before the client could send its request?', 'zh-CN': 'TLS 握手经过几次往返之后，客户端才能发送它的请求？' },
  answer: ({ connection }: AnswerContext) => handshakeRoundTrips(connection),
};

export const tls12Lesson: Lesson = {
  id: 'tls12',
  title: { en: 'The TLS 1.2 handshake, RSA against ECDHE', 'zh-CN': 'TLS 1.2 握手：RSA 与 ECDHE 对比' },
  summary: {
    en: 'Hello, certificate, key exchange, ChangeCipherSpec and Finished, one arrow at a time, in a handshake with RSA key exchange and one with ECDHE.',
    'zh-CN': '逐个箭头看 Hello、证书、密钥交换、ChangeCipherSpec 和 Finished，对比 RSA 密钥交换和 ECDHE 两次握手。',
  },
  steps: [
    {
      id: 'client-hello',
      sample: RSA,
      connection: 'only',
      arrow: { message: 'client_hello', dir: 'c2s' },
      title: { en: 'ClientHello: what the client can do', 'zh-CN': 'ClientHello：客户端的能力清单' },
      body: {
        en: 'Right after the TCP handshake the client sends a ClientHello: the TLS versions it speaks, a random number, the server name it wants (SNI) and the list of cipher suites it accepts, best first. The decoded fields beside the ladder list them.',
        'zh-CN': 'TCP 握手一结束，客户端就发送 ClientHello：它支持的 TLS 版本、一个随机数、想访问的服务器名（SNI），以及它接受的密码套件列表（最想用的在前）。梯形图旁边的解码字段列出了这些内容。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'How many cipher suites does the client offer?', 'zh-CN': '客户端提供了多少个密码套件？' },
        answer: ({ connection }) => connection.tls?.clientHellos[0]?.cipherSuites.length ?? 0,
      },
      explain: {
        en: 'The client offers several suites so that it can talk to many servers; the server picks one of them.',
        'zh-CN': '客户端提供多个套件，这样才能和各种服务器通信；由服务器从中选择一个。',
      },
    },
    {
      id: 'server-hello',
      sample: RSA,
      connection: 'only',
      arrow: { message: 'server_hello', dir: 's2c' },
      title: { en: 'ServerHello: the server decides', 'zh-CN': 'ServerHello：服务器做出选择' },
      body: {
        en: 'The server answers with its own random number, the version and exactly one cipher suite from the client\'s list. The suite\'s name says how keys are exchanged, how the server is authenticated, and how the data will be encrypted.',
        'zh-CN': '服务器回复它自己的随机数、协议版本，以及从客户端列表中选出的唯一一个密码套件。套件名称说明了密钥如何交换、服务器如何认证、数据如何加密。',
      },
      question: {
        kind: 'text',
        prompt: { en: 'Which cipher suite did the server choose? (type its name)', 'zh-CN': '服务器选择了哪个密码套件？（输入它的名称）' },
        answer: ({ connection }) => [connection.tls?.cipherSuiteName ?? '', connection.tls?.cipherSuite ?? ''],
      },
      explain: {
        en: 'TLS_RSA_…: the key exchange is RSA. The rest of the name (AES_128_GCM, SHA256) is the encryption and the hash.',
        'zh-CN': 'TLS_RSA_…：密钥交换方式是 RSA。名称的其余部分（AES_128_GCM、SHA256）是加密算法和哈希算法。',
      },
    },
    {
      id: 'certificate',
      sample: RSA,
      connection: 'only',
      arrow: { message: 'certificate', dir: 's2c' },
      title: { en: 'Certificate: who the server is', 'zh-CN': 'Certificate：服务器是谁' },
      body: {
        en: 'In the same flight the server sends its certificate chain. The first certificate names the server and holds its public key; the others link it to a certificate authority the client trusts. In TLS 1.2 this travels in clear text: anyone on the path can read it.',
        'zh-CN': '在同一轮中，服务器发送它的证书链。第一张证书写着服务器的名字并包含它的公钥；其余证书把它和客户端信任的证书颁发机构（CA）联系起来。在 TLS 1.2 中证书以明文传输，路径上的任何人都能读到。',
      },
      question: {
        kind: 'text',
        prompt: { en: "For which host name is the server's certificate (its subject CN)?", 'zh-CN': '服务器证书是为哪个主机名签发的（主体 CN）？' },
        answer: ({ connection }) => [connection.tls?.certificates[0]?.subjectCN ?? ''],
      },
      explain: {
        en: 'The client compares this name (and the certificate\'s alternative names) with the host it asked for. The Certificates tab shows the whole chain.',
        'zh-CN': '客户端会把这个名字（以及证书的备用名称）与它请求的主机名比较。“证书”标签页显示完整的证书链。',
      },
    },
    {
      id: 'client-key-exchange-rsa',
      sample: RSA,
      connection: 'only',
      arrow: { message: 'client_key_exchange', dir: 'c2s' },
      title: { en: 'ClientKeyExchange with RSA', 'zh-CN': 'RSA 方式的 ClientKeyExchange' },
      body: {
        en: 'After ServerHelloDone the client sends the key material. With RSA key exchange there is no ServerKeyExchange before it: the client uses the public key in the server\'s certificate. Look at the arrows between the certificate and this one.',
        'zh-CN': '在 ServerHelloDone 之后，客户端发送密钥材料。RSA 密钥交换在此之前没有 ServerKeyExchange：客户端直接使用服务器证书中的公钥。看看证书和这个箭头之间有哪些箭头。',
      },
      question: { kind: 'choice', prompt: { en: 'What does this ClientKeyExchange carry?', 'zh-CN': '这个 ClientKeyExchange 携带的是什么？' }, options: KEY_EXCHANGE_CONTENT, answer: keyExchangeContent },
      explain: {
        en: 'The premaster secret travels encrypted with the server\'s long-term RSA key. Whoever gets that private key later can decrypt every recorded session: no forward secrecy.',
        'zh-CN': '预主密钥用服务器的长期 RSA 公钥加密后传输。日后谁拿到这把私钥，就能解密所有录下来的会话：没有前向保密。',
      },
    },
    {
      id: 'change-cipher-spec',
      sample: RSA,
      connection: 'only',
      arrow: { message: 'change_cipher_spec', dir: 'c2s' },
      title: { en: 'ChangeCipherSpec: switching on encryption', 'zh-CN': 'ChangeCipherSpec：开启加密' },
      body: {
        en: 'Both sides can now compute the same keys from the two random numbers and the premaster secret. ChangeCipherSpec says: "from my next record on, I encrypt." The client\'s Finished right after it is already encrypted.',
        'zh-CN': '现在双方都能用两个随机数和预主密钥算出相同的密钥。ChangeCipherSpec 的意思是：“从我的下一条记录开始，我会加密。”紧随其后的客户端 Finished 已经是加密的。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'In which frame does the client send ChangeCipherSpec?', 'zh-CN': '客户端在第几帧发送 ChangeCipherSpec？' },
        answer: ({ item }) => item.frame,
      },
      explain: {
        en: 'ClientKeyExchange, ChangeCipherSpec and Finished often share one TCP segment: the ladder draws a bracket around messages that arrived in the same packet.',
        'zh-CN': 'ClientKeyExchange、ChangeCipherSpec 和 Finished 常常在同一个 TCP 报文段里：梯形图会用括号把同一个数据包中到达的消息括起来。',
      },
    },
    {
      id: 'finished',
      sample: RSA,
      connection: 'only',
      arrow: { message: 'finished', dir: 's2c' },
      title: { en: 'Finished: the handshake is checked', 'zh-CN': 'Finished：校验整个握手' },
      body: {
        en: 'The server sends its own ChangeCipherSpec and Finished. Finished holds a hash of every handshake message, encrypted with the new keys: if an attacker had changed anything (for example removed strong cipher suites), the two sides would disagree here. Only now may the client send its request.',
        'zh-CN': '服务器发送它自己的 ChangeCipherSpec 和 Finished。Finished 包含所有握手消息的哈希，并用新密钥加密：如果攻击者篡改了任何内容（例如删掉强密码套件），双方会在这里发现不一致。直到这时客户端才可以发送请求。',
      },
      question: roundTrips,
      explain: {
        en: 'Full TLS 1.2 handshakes take two round trips (hello → certificate/key exchange, then key exchange/Finished → Finished), on top of the TCP handshake.',
        'zh-CN': '完整的 TLS 1.2 握手需要两次往返（Hello → 证书/密钥交换，然后密钥交换/Finished → Finished），这还不算 TCP 握手。',
      },
    },
    {
      id: 'server-key-exchange',
      sample: ECDHE,
      connection: 'only',
      arrow: { message: 'server_key_exchange', dir: 's2c' },
      title: { en: 'ECDHE: the ServerKeyExchange', 'zh-CN': 'ECDHE 的服务器密钥交换（ServerKeyExchange）' },
      body: {
        en: 'A second capture has opened: the same kind of server, now with an ECDHE cipher suite. There is a new arrow after the certificate: ServerKeyExchange. The server sends a fresh elliptic-curve public key, signed with its certificate\'s key so the client knows it is genuine.',
        'zh-CN': '第二个抓包已经打开：同样的服务器，这次用的是 ECDHE 密码套件。证书之后多了一个箭头：ServerKeyExchange。服务器发送一个全新的椭圆曲线公钥，并用证书对应的私钥签名，让客户端确认它是真的。',
      },
      question: {
        kind: 'text',
        prompt: { en: 'Which elliptic curve (group) does the key exchange use?', 'zh-CN': '这次密钥交换使用的是哪条椭圆曲线（群组）？' },
        answer: ({ connection }) => [connection.tls?.group ?? ''],
      },
      explain: {
        en: 'x25519 is the most common curve today. Its keys are only 32 bytes, and a new pair is made for every handshake.',
        'zh-CN': 'x25519 是当今最常用的曲线。它的密钥只有 32 字节，并且每次握手都生成新的一对。',
      },
    },
    {
      id: 'client-key-exchange-ecdhe',
      sample: ECDHE,
      connection: 'only',
      arrow: { message: 'client_key_exchange', dir: 'c2s' },
      title: { en: 'ClientKeyExchange with ECDHE', 'zh-CN': 'ECDHE 方式的 ClientKeyExchange' },
      body: {
        en: 'The client answers with its own one-time public key. From the two public keys each side computes the same shared secret, which never crosses the network. Compare with the RSA handshake you saw before.',
        'zh-CN': '客户端回复它自己的一次性公钥。双方各自用两把公钥算出相同的共享秘密，这个秘密从不在网络上传输。和前面看到的 RSA 握手比较一下。',
      },
      question: { kind: 'choice', prompt: { en: 'What does this ClientKeyExchange carry?', 'zh-CN': '这个 ClientKeyExchange 携带的是什么？' }, options: KEY_EXCHANGE_CONTENT, answer: keyExchangeContent },
      explain: {
        en: 'The private halves of both key pairs are thrown away after the handshake, so even the server\'s certificate key cannot decrypt this recording later: forward secrecy.',
        'zh-CN': '两对密钥的私钥部分在握手后就被丢弃，所以即使以后拿到服务器证书的私钥也无法解密这段录制：这就是前向保密。',
      },
    },
  ],
  finish: {
    en: 'You walked through a TLS 1.2 handshake message by message and compared RSA key exchange (the client encrypts a secret with the certificate\'s key) with ECDHE (both sides make one-time keys: forward secrecy). TLS 1.3 keeps only the second kind.',
    'zh-CN': '你逐条消息走完了一次 TLS 1.2 握手，并比较了 RSA 密钥交换（客户端用证书公钥加密一个秘密）和 ECDHE（双方生成一次性密钥：前向保密）。TLS 1.3 只保留了后一种。',
  },
};
