/** Lesson (c): certificates and CAs — how the chain is checked, and what the failures look like. */
import { commonName, LessonRuleError, type AnswerContext, type ChoiceOption, type Lesson } from '../model';

const VALID = '02-tls12-rsa.pcapng';
const UNKNOWN_CA = '08-fail-unknown-ca.pcapng';
const WRONG_HOST = '10-wrong-host.pcapng';

export const VERDICT_OPTIONS: ChoiceOption[] = [
  { id: 'valid', text: { en: 'Valid: the chain reaches a trusted root and the name matches', 'zh-CN': '有效：证书链到达受信任的根证书，且名字匹配' } },
  { id: 'unknown-issuer', text: { en: 'Unknown issuer: the chain does not reach a trusted root', 'zh-CN': '未知颁发者：证书链到达不了受信任的根证书' } },
  { id: 'wrong-host', text: { en: 'Wrong host: the certificate is for another name', 'zh-CN': '主机名不符：证书是给别的名字签发的' } },
  { id: 'expired', text: { en: 'Expired: the certificate is out of date', 'zh-CN': '已过期：证书已超出有效期' } },
];

/** The engine's verdict on the server's chain, as one of the options. */
export function verdict({ connection }: AnswerContext): string {
  const v = connection.tls?.validation?.verdict;
  if (!v || !VERDICT_OPTIONS.some((o) => o.id === v)) throw new LessonRuleError(`no option for the verdict "${v}"`);
  return v;
}

export const certsLesson: Lesson = {
  id: 'certs',
  title: { en: 'Certificates and CAs: how the chain is checked', 'zh-CN': '证书与 CA：证书链如何校验' },
  summary: {
    en: 'A trusted chain, a chain from an unknown CA and a certificate for the wrong host: what the client checks, and what a failure looks like on the wire.',
    'zh-CN': '一条受信任的证书链、一条来自未知 CA 的证书链、一张主机名不符的证书：客户端检查什么，失败在网络上是什么样子。',
  },
  steps: [
    {
      id: 'chain',
      sample: VALID,
      connection: 'only',
      arrow: { message: 'certificate', dir: 's2c' },
      title: { en: 'The chain the server sends', 'zh-CN': '服务器发送的证书链' },
      body: {
        en: 'The server\'s Certificate message carries a chain: its own certificate first, then the certificate of the CA that signed it (an intermediate). Open the Certificates tab below to see each certificate and the checks, one per line.',
        'zh-CN': '服务器的 Certificate 消息携带一条证书链：先是它自己的证书，然后是给它签名的 CA（中间 CA）的证书。打开下方的“证书”标签页，可以看到每张证书和逐条检查结果。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'How many certificates does the server send?', 'zh-CN': '服务器一共发送了几张证书？' },
        answer: ({ connection }) => connection.tls?.certificates.length ?? 0,
      },
      explain: {
        en: 'The root CA is normally not sent: the client must already have it. Sending it would not help, since a root is trusted only because it is in the client\'s own store.',
        'zh-CN': '根 CA 通常不发送：客户端必须事先就有它。发送根证书也没有用，因为根证书之所以可信，只是因为它在客户端自己的信任库里。',
      },
    },
    {
      id: 'anchor',
      sample: VALID,
      connection: 'only',
      arrow: { message: 'certificate', dir: 's2c' },
      title: { en: 'The trust anchor', 'zh-CN': '信任锚' },
      body: {
        en: 'The client checks each signature up the chain: the server\'s certificate was signed by the intermediate, the intermediate by a root. The chain is trusted when it ends at a root in the client\'s trust store. This lab uses its own root CA, which the sample opens with (the app trusts it only for the samples).',
        'zh-CN': '客户端沿着证书链逐级检查签名：服务器证书由中间 CA 签名，中间 CA 由根 CA 签名。只有当证书链终止于客户端信任库中的根证书时，它才被信任。本实验使用自己的根 CA，打开样本时会一起加载（应用只在样本中信任它）。',
      },
      question: {
        kind: 'text',
        prompt: { en: 'At which root CA does the chain end (its CN)?', 'zh-CN': '证书链终止于哪个根 CA（它的 CN）？' },
        answer: ({ connection }) => {
          const anchor = connection.tls?.validation?.trustAnchor;
          if (!anchor) throw new LessonRuleError('the chain has no trust anchor');
          return [commonName(anchor), anchor];
        },
      },
      explain: {
        en: 'A browser trusts about a hundred and fifty roots like this one. Whoever controls a trusted root can vouch for any name — which is why the list is kept short and audited.',
        'zh-CN': '浏览器信任大约一百五十个这样的根证书。谁控制了一个受信任的根，谁就能为任何名字担保——所以这份列表要保持精简并接受审计。',
      },
    },
    {
      id: 'unknown-ca',
      sample: UNKNOWN_CA,
      connection: 'only',
      arrow: { message: 'certificate', dir: 's2c' },
      title: { en: 'A chain from an unknown CA', 'zh-CN': '来自未知 CA 的证书链' },
      body: {
        en: 'Another capture: the server presents a certificate for the right name, but it was issued by a CA the client does not trust. Every signature in the chain is correct; the chain just does not end at a trusted root. The Certificates tab shows which check failed.',
        'zh-CN': '另一个抓包：服务器出示的证书名字是对的，但签发它的 CA 不受客户端信任。证书链里的每个签名都正确，只是链条没有终止于受信任的根证书。“证书”标签页显示了哪一项检查失败。',
      },
      question: { kind: 'choice', prompt: { en: "What is the verdict on this server's chain?", 'zh-CN': '这个服务器证书链的校验结论是什么？' }, options: VERDICT_OPTIONS, answer: verdict },
      explain: {
        en: 'Anyone can make a CA and sign certificates for any name; what matters is whether the client trusts that CA.',
        'zh-CN': '任何人都能创建一个 CA 并为任意名字签发证书；关键在于客户端是否信任这个 CA。',
      },
    },
    {
      id: 'unknown-ca-alert',
      sample: UNKNOWN_CA,
      connection: 'only',
      arrow: { alert: 'fatal', dir: 'c2s' },
      title: { en: 'The client refuses', 'zh-CN': '客户端拒绝' },
      body: {
        en: 'The client stops the handshake with a fatal alert that names the reason, then closes the connection. No ClientKeyExchange, no Finished: no keys were ever agreed, and no data was sent.',
        'zh-CN': '客户端用一个说明原因的致命告警（fatal alert）中止握手，然后关闭连接。没有 ClientKeyExchange，也没有 Finished：双方从未协商出密钥，也没有发送任何数据。',
      },
      question: {
        kind: 'text',
        prompt: { en: 'Which alert does the client send? (its name)', 'zh-CN': '客户端发送的是哪个告警？（它的名称）' },
        answer: ({ connection, item }) => [connection.tls?.alerts[item.alertIndex ?? -1]?.descriptionName ?? ''],
      },
      explain: {
        en: 'unknown_ca (48): "I could not find a CA I trust for this chain." A browser shows this as a full-page warning.',
        'zh-CN': 'unknown_ca（48）：“我找不到这条证书链对应的受信任 CA。”浏览器会把它显示为整页的安全警告。',
      },
    },
    {
      id: 'sni',
      sample: WRONG_HOST,
      connection: 'only',
      arrow: { message: 'client_hello', dir: 'c2s' },
      title: { en: 'Which name did the client ask for?', 'zh-CN': '客户端请求的是哪个名字？' },
      body: {
        en: 'A third capture. The ClientHello carries the name of the site the client wants, in the server_name extension (SNI), so that one server can host many sites. This name is what the certificate will be checked against.',
        'zh-CN': '第三个抓包。ClientHello 在 server_name 扩展（SNI）中携带客户端想访问的站点名，这样一台服务器可以承载多个站点。证书要和这个名字进行比对。',
      },
      question: {
        kind: 'text',
        prompt: { en: 'Which host name does the client ask for (SNI)?', 'zh-CN': '客户端请求的主机名（SNI）是什么？' },
        answer: ({ connection }) => [connection.tls?.sni ?? ''],
      },
      explain: {
        en: 'The SNI is sent in clear text even in TLS 1.3: an observer can see which site you visit, though not what you read there.',
        'zh-CN': '即使在 TLS 1.3 中 SNI 也是明文发送的：旁观者能看到你访问哪个网站，但看不到你在上面读了什么。',
      },
    },
    {
      id: 'wrong-host',
      sample: WRONG_HOST,
      connection: 'only',
      arrow: { message: 'certificate', dir: 's2c' },
      title: { en: 'A certificate for another name', 'zh-CN': '为别的名字签发的证书' },
      body: {
        en: 'This is TLS 1.3, so the certificate travels encrypted; the sample\'s key log lets the app decrypt it. The chain is issued by the trusted lab CA, but compare the names in the certificate with the SNI.',
        'zh-CN': '这是 TLS 1.3，证书是加密传输的；样本附带的密钥日志让应用能解密它。证书链由受信任的实验 CA 签发，但请比较证书里的名字和 SNI。',
      },
      question: { kind: 'choice', prompt: { en: "What is the verdict on this server's chain?", 'zh-CN': '这个服务器证书链的校验结论是什么？' }, options: VERDICT_OPTIONS, answer: verdict },
      explain: {
        en: 'A valid chain is not enough: the certificate must also name the host the client asked for, or any site with a valid certificate could pretend to be any other.',
        'zh-CN': '仅有有效的证书链还不够：证书还必须写着客户端请求的主机名，否则任何拥有有效证书的网站都能冒充别的网站。',
      },
    },
    {
      id: 'wrong-host-alert',
      sample: WRONG_HOST,
      connection: 'only',
      arrow: { alert: 'fatal', dir: 'c2s' },
      title: { en: 'The client gives up', 'zh-CN': '客户端放弃连接' },
      body: {
        en: 'The client read the server\'s whole encrypted flight, found the name mismatch and answers with a fatal alert instead of its Finished.',
        'zh-CN': '客户端读完了服务器整轮加密消息，发现名字不符，于是用致命告警代替它的 Finished 作为回应。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'In which frame does the client abort the handshake?', 'zh-CN': '客户端在第几帧中止了握手？' },
        answer: ({ item }) => item.frame,
      },
      explain: {
        en: 'Failures caused by certificates always come from the side that checks them — here the client — right after the certificate arrives.',
        'zh-CN': '证书引起的失败总是来自检查证书的一方（这里是客户端），而且就发生在收到证书之后。',
      },
    },
  ],
  finish: {
    en: 'A certificate is accepted only when its signatures lead to a root the client already trusts and its name matches the host the client asked for. When a check fails, the client sends a fatal alert and no data is exchanged.',
    'zh-CN': '只有当证书的签名能追溯到客户端已经信任的根证书，并且证书上的名字与客户端请求的主机名一致时，证书才会被接受。检查失败时，客户端发送致命告警，不会交换任何数据。',
  },
};
