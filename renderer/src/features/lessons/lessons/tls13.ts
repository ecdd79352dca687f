/** Lesson (d): TLS 1.3 — what moved into encryption, and why there is one round trip fewer than TLS 1.2. */
import { groupName } from '../../../../../contract/names/groups';
import { encryptedServerHandshake, handshakeRoundTrips, LessonRuleError, type AnswerContext, type Lesson } from '../model';

const TLS13 = '04-tls13.pcapng';
const TLS12 = '03-tls12-ecdhe.pcapng';

const roundTrips = {
  kind: 'number' as const,
  prompt: { en: 'How many round trips did the TLS handshake take before the client could send its request?', 'zh-CN': 'TLS 握手经过几次往返之后，客户端才能发送它的请求？' },
  answer: ({ connection }: AnswerContext) => handshakeRoundTrips(connection),
};

export const tls13Lesson: Lesson = {
  id: 'tls13',
  title: { en: 'TLS 1.3: encrypted earlier, one round trip fewer', 'zh-CN': 'TLS 1.3：更早加密，少一次往返' },
  summary: {
    en: 'Why the client sends a key share in its very first message, what is encrypted after the ServerHello, and how many round trips that saves compared with TLS 1.2.',
    'zh-CN': '为什么客户端在第一条消息里就发送密钥共享，ServerHello 之后哪些内容被加密，以及与 TLS 1.2 相比节省了几次往返。',
  },
  steps: [
    {
      id: 'key-share',
      sample: TLS13,
      connection: 'only',
      arrow: { message: 'client_hello', dir: 'c2s' },
      title: { en: 'A key share in the ClientHello', 'zh-CN': 'ClientHello 中的密钥共享' },
      body: {
        en: 'A TLS 1.3 client guesses which key exchange the server will accept and sends its one-time public key right away, in the key_share extension of the ClientHello. In TLS 1.2 the client had to wait for the ServerKeyExchange first.',
        'zh-CN': 'TLS 1.3 客户端会猜测服务器接受哪种密钥交换，并立即在 ClientHello 的 key_share 扩展中发送它的一次性公钥。在 TLS 1.2 中，客户端必须先等待 ServerKeyExchange。',
      },
      question: {
        kind: 'text',
        prompt: { en: 'For which group (curve) does the ClientHello carry a key share?', 'zh-CN': 'ClientHello 携带的是哪个群组（曲线）的密钥共享？' },
        answer: ({ connection }) => {
          const groups = connection.tls?.clientHellos[0]?.keyShareGroups ?? [];
          if (groups.length === 0) throw new LessonRuleError('the ClientHello has no key share');
          return groups.map(groupName);
        },
      },
      explain: {
        en: 'If the guess is wrong, the server answers with a HelloRetryRequest naming the group it wants (see the HelloRetryRequest sample), and the round trip saved is lost again.',
        'zh-CN': '如果猜错了，服务器会用 HelloRetryRequest 回复并指明它想要的群组（见 HelloRetryRequest 样本），省下的那次往返就又没了。',
      },
    },
    {
      id: 'version',
      sample: TLS13,
      connection: 'only',
      arrow: { message: 'server_hello', dir: 's2c' },
      title: { en: 'The ServerHello and the real version', 'zh-CN': 'ServerHello 与真正的版本' },
      body: {
        en: 'The ServerHello carries the server\'s key share, so both sides can compute the handshake keys immediately. Its old version field still says TLS 1.2 (0x0303), so that old middleboxes let it through; the real version is elsewhere. Look at its decoded fields.',
        'zh-CN': 'ServerHello 携带服务器的密钥共享，因此双方能立即算出握手密钥。它原有的版本字段仍写着 TLS 1.2（0x0303），好让老旧的中间设备放行；真正的版本写在别处。看看它的解码字段。',
      },
      question: {
        kind: 'choice',
        prompt: { en: 'Where does the ServerHello say that the version is TLS 1.3?', 'zh-CN': 'ServerHello 在哪里表明版本是 TLS 1.3？' },
        options: [
          { id: 'supported-versions', text: { en: 'In the supported_versions extension', 'zh-CN': '在 supported_versions 扩展中' } },
          { id: 'version-field', text: { en: 'In its version field', 'zh-CN': '在它的版本字段中' } },
          { id: 'cipher-suite', text: { en: 'Only in the name of the cipher suite', 'zh-CN': '只在密码套件的名称里' } },
        ],
        answer: ({ connection }) => {
          const source = connection.tls?.versionSource;
          if (source === 'server_hello.supported_versions') return 'supported-versions';
          if (source === 'server_hello.version') return 'version-field';
          throw new LessonRuleError(`no version source in this connection (${String(source)})`);
        },
      },
      explain: {
        en: 'supported_versions lists the real version. Everything after this ServerHello is encrypted with keys derived from the two key shares.',
        'zh-CN': 'supported_versions 写着真正的版本。这个 ServerHello 之后的所有内容，都用由双方密钥共享推导出的密钥加密。',
      },
    },
    {
      id: 'encrypted-extensions',
      sample: TLS13,
      connection: 'only',
      arrow: { message: 'encrypted_extensions', dir: 's2c' },
      title: { en: 'EncryptedExtensions: hidden from the network', 'zh-CN': 'EncryptedExtensions：对网络隐藏' },
      body: {
        en: 'The server\'s next messages are encrypted. The app can show them because the sample comes with its key log; on the wire they look like application data. The inspector shows the record this message travelled in.',
        'zh-CN': '服务器接下来的消息都是加密的。应用能显示它们，是因为样本附带了密钥日志；在网络上它们看起来就像应用数据。检查器显示了承载这条消息的记录。',
      },
      question: {
        kind: 'choice',
        prompt: { en: 'What content type does the record carrying EncryptedExtensions have on the wire?', 'zh-CN': '承载 EncryptedExtensions 的记录在网络上的内容类型是什么？' },
        options: [
          { id: '22', text: { en: 'handshake (22)', 'zh-CN': '握手 handshake（22）' } },
          { id: '23', text: { en: 'application_data (23)', 'zh-CN': '应用数据 application_data（23）' } },
          { id: '20', text: { en: 'change_cipher_spec (20)', 'zh-CN': '更改密码规范 change_cipher_spec（20）' } },
        ],
        answer: ({ message }) => {
          if (!message || message.recordType === null) throw new LessonRuleError('the arrow is not a TLS record');
          return String(message.recordType);
        },
      },
      explain: {
        en: 'All encrypted TLS 1.3 records say "application_data" on the outside; the real type is inside the encryption. An observer cannot even tell handshake from data.',
        'zh-CN': 'TLS 1.3 的所有加密记录在外面都标着“application_data”，真正的类型藏在加密内容里。旁观者甚至分不清哪些是握手、哪些是数据。',
      },
    },
    {
      id: 'encrypted-certificate',
      sample: TLS13,
      connection: 'only',
      arrow: { message: 'certificate', dir: 's2c' },
      title: { en: 'The certificate is encrypted too', 'zh-CN': '证书也被加密了' },
      body: {
        en: 'In TLS 1.2 the certificate crossed the network in clear text. In TLS 1.3 the server\'s Certificate, CertificateVerify (its signature over the handshake) and Finished all follow EncryptedExtensions inside encrypted records, in the same flight as the ServerHello.',
        'zh-CN': '在 TLS 1.2 中证书以明文在网络上传输。在 TLS 1.3 中，服务器的 Certificate、CertificateVerify（它对握手的签名）和 Finished 都跟在 EncryptedExtensions 之后，装在加密记录里，与 ServerHello 属于同一轮。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'How many handshake messages does the server send encrypted, before any application data?', 'zh-CN': '在发送任何应用数据之前，服务器一共发送了几条加密的握手消息？' },
        answer: ({ connection }) => encryptedServerHandshake(connection).length,
      },
      explain: {
        en: 'EncryptedExtensions, Certificate, CertificateVerify and Finished: everything except the hellos is hidden from observers.',
        'zh-CN': 'EncryptedExtensions、Certificate、CertificateVerify 和 Finished：除了两个 Hello 之外，其余一切都对旁观者隐藏。',
      },
    },
    {
      id: 'one-round-trip',
      sample: TLS13,
      connection: 'only',
      arrow: { message: 'finished', dir: 'c2s' },
      title: { en: 'The client\'s Finished, and the request right behind it', 'zh-CN': '客户端的 Finished，请求紧随其后' },
      body: {
        en: 'The client checks the certificate and the server\'s Finished, then sends its own Finished — and its HTTP request in the same packet. Count the times the client had to wait for the server before it could send data.',
        'zh-CN': '客户端检查证书和服务器的 Finished，然后发送自己的 Finished，并在同一个数据包里发出 HTTP 请求。数一数客户端在发送数据之前等待了服务器几次。',
      },
      question: roundTrips,
      explain: {
        en: 'One round trip: hello with key share → the server\'s whole flight. Because the keys are agreed in the hellos, nothing else has to wait.',
        'zh-CN': '一次往返：携带密钥共享的 Hello → 服务器的整轮消息。由于密钥在 Hello 中就协商好了，其余的都不必等待。',
      },
    },
    {
      id: 'compare-tls12',
      sample: TLS12,
      connection: 'only',
      arrow: { message: 'finished', dir: 'c2s' },
      title: { en: 'Compare: the TLS 1.2 client\'s Finished', 'zh-CN': '对比：TLS 1.2 客户端的 Finished' },
      body: {
        en: 'This is the TLS 1.2 ECDHE capture. The client\'s Finished comes only after ServerHello, Certificate, ServerKeyExchange and ServerHelloDone, and then the client must wait for the server\'s Finished before sending its request.',
        'zh-CN': '这是 TLS 1.2 ECDHE 的抓包。客户端的 Finished 要等到 ServerHello、Certificate、ServerKeyExchange 和 ServerHelloDone 之后才发出，然后客户端还必须等服务器的 Finished，才能发送请求。',
      },
      question: roundTrips,
      explain: {
        en: 'Two round trips in TLS 1.2, one in TLS 1.3: on a link with 100 ms round trips, every new connection starts 100 ms sooner.',
        'zh-CN': 'TLS 1.2 需要两次往返，TLS 1.3 只需一次：在往返时间为 100 毫秒的线路上，每个新连接都能提前 100 毫秒开始传数据。',
      },
    },
  ],
  finish: {
    en: 'TLS 1.3 moves the key exchange into the hellos, so the handshake needs one round trip instead of two, and encrypts everything after the ServerHello — including the server\'s certificate.',
    'zh-CN': 'TLS 1.3 把密钥交换放进了 Hello 消息，因此握手只需要一次往返而不是两次，并且加密 ServerHello 之后的一切内容——包括服务器的证书。',
  },
};
