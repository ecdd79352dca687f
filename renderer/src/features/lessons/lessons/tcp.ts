/** Lesson (a): the TCP three-way handshake and the teardown (FIN, and RST for contrast). */
import { portOf, tcpItems, type Lesson } from '../model';

const HTTP = '01-http-vs-https.pcapng';
const RESET = '12-tcp-reset.pcapng';

const SIDE_OPTIONS = [
  { id: 'client', text: { en: 'The client', 'zh-CN': '客户端' } },
  { id: 'server', text: { en: 'The server', 'zh-CN': '服务器' } },
];

export const tcpLesson: Lesson = {
  id: 'tcp',
  title: { en: 'TCP: the three-way handshake and the teardown', 'zh-CN': 'TCP：三次握手与连接关闭' },
  summary: {
    en: 'How two computers open a TCP connection (SYN, SYN-ACK, ACK), how they close it politely with FIN, and what an abrupt RST looks like.',
    'zh-CN': '两台计算机如何建立 TCP 连接（SYN、SYN-ACK、ACK），如何用 FIN 礼貌地关闭连接，以及突然的 RST 是什么样子。',
  },
  steps: [
    {
      id: 'syn',
      sample: HTTP,
      connection: 'plain',
      arrow: { tcp: 'syn', dir: 'c2s' },
      title: { en: 'SYN: the client asks to connect', 'zh-CN': 'SYN：客户端请求建立连接' },
      body: {
        en: 'This capture holds a plain HTTP request. Before any data can flow, the client sends a segment with the SYN flag: "I want to talk, and my byte numbering starts here." The highlighted arrow goes from the client lane to the server lane. The server address in the ladder header ends with the port the client asked for.',
        'zh-CN': '这个抓包里是一次普通的 HTTP 请求。在传输任何数据之前，客户端先发送带 SYN 标志的报文段：“我想通信，我的字节编号从这里开始。”高亮的箭头从客户端一侧指向服务器一侧。梯形图顶部服务器地址的末尾就是客户端请求的端口。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'Which server port does the client connect to?', 'zh-CN': '客户端连接的是服务器的哪个端口？' },
        answer: ({ connection }) => portOf(connection.server),
      },
      explain: {
        en: 'Port 80 is plain HTTP; HTTPS normally uses 443. Nothing in a port number encrypts anything: it only says which program on the server should get the connection.',
        'zh-CN': '80 端口是明文 HTTP，HTTPS 通常使用 443。端口号本身不会加密任何东西，它只说明服务器上哪个程序接收这个连接。',
      },
    },
    {
      id: 'syn-ack',
      sample: HTTP,
      connection: 'plain',
      arrow: { tcp: 'syn-ack', dir: 's2c' },
      title: { en: 'SYN-ACK: the server agrees', 'zh-CN': 'SYN-ACK：服务器同意' },
      body: {
        en: 'The server answers with both flags set: SYN (its own starting sequence number) and ACK (it acknowledges the client\'s SYN). Every packet in a capture has a frame number; the panel beside the ladder shows the selected arrow\'s frame.',
        'zh-CN': '服务器的回答同时带两个标志：SYN（它自己的起始序列号）和 ACK（确认客户端的 SYN）。抓包里的每个数据包都有一个帧号；梯形图旁边的面板会显示所选箭头的帧号。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'In which frame does the server send its SYN-ACK?', 'zh-CN': '服务器在第几帧发送 SYN-ACK？' },
        answer: ({ item }) => item.frame,
      },
      explain: {
        en: 'The SYN-ACK comes right after the SYN: the time between the two is one round trip to the server, measured from where the capture was taken.',
        'zh-CN': 'SYN-ACK 紧跟在 SYN 之后：两者之间的时间就是到服务器的一次往返，从抓包所在的位置测得。',
      },
    },
    {
      id: 'ack',
      sample: HTTP,
      connection: 'plain',
      arrow: { tcp: 'ack', dir: 'c2s' },
      title: { en: 'ACK: the connection is open', 'zh-CN': 'ACK：连接建立' },
      body: {
        en: 'The client acknowledges the server\'s SYN. Now both sides know each other\'s starting sequence numbers and the connection is established. The ladder marks the arrows of the TCP handshake with the step badge 1.',
        'zh-CN': '客户端确认服务器的 SYN。现在双方都知道对方的起始序列号，连接建立完成。梯形图用步骤标记 1 标出 TCP 握手的箭头。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'How many packets does the TCP handshake take in this connection?', 'zh-CN': '这个连接的 TCP 握手一共用了几个数据包？' },
        answer: ({ items }) => tcpItems(items, 'handshake').length,
      },
      explain: {
        en: 'Three packets — hence "three-way handshake". Only after it can the HTTP request (or, for HTTPS, the ClientHello) be sent.',
        'zh-CN': '三个数据包，所以叫“三次握手”。只有握手完成后，HTTP 请求（对 HTTPS 来说是 ClientHello）才能发送。',
      },
    },
    {
      id: 'first-fin',
      sample: HTTP,
      connection: 'plain',
      arrow: { tcp: 'fin', which: 'first' },
      title: { en: 'FIN: one side is done', 'zh-CN': 'FIN：一方发送完毕' },
      body: {
        en: 'After the request and the response, the connection is closed with FIN segments: "I have nothing more to send." Each direction is closed on its own, so there is one FIN from each side, and each FIN is acknowledged.',
        'zh-CN': '请求和响应结束后，连接用 FIN 报文段关闭：“我没有更多数据要发了。”每个方向单独关闭，所以双方各发一个 FIN，每个 FIN 都要被确认。',
      },
      question: {
        kind: 'choice',
        prompt: { en: 'Who sends the first FIN in this connection?', 'zh-CN': '在这个连接中，谁先发送 FIN？' },
        options: SIDE_OPTIONS,
        answer: ({ item }) => (item.dir === 'c2s' ? 'client' : 'server'),
      },
      explain: {
        en: 'Either side may close first. An HTTP/1.1 server often closes as soon as it has sent the whole response.',
        'zh-CN': '任何一方都可以先关闭。HTTP/1.1 服务器常常在发完整个响应后就立即关闭。',
      },
    },
    {
      id: 'teardown',
      sample: HTTP,
      connection: 'plain',
      arrow: { tcp: 'fin-ack', which: 'last' },
      title: { en: 'The teardown', 'zh-CN': '连接关闭的全过程' },
      body: {
        en: 'Textbooks draw the teardown as four segments: FIN, ACK, FIN, ACK ("four-way"). When the second side has nothing left to send, its FIN can carry the ACK of the first FIN, so a capture may show fewer packets. The highlighted arrow is the last ACK. The ladder marks teardown arrows with the step badge 8.',
        'zh-CN': '教科书把连接关闭画成四个报文段：FIN、ACK、FIN、ACK（“四次挥手”）。如果第二方也没有数据要发，它的 FIN 可以顺带确认第一个 FIN，因此抓包里看到的数据包可能更少。高亮的箭头是最后一个 ACK。梯形图用步骤标记 8 标出关闭阶段的箭头。',
      },
      question: {
        kind: 'number',
        prompt: { en: 'How many packets does the teardown take in this capture (FINs and their ACKs)?', 'zh-CN': '在这个抓包里，连接关闭一共用了几个数据包（FIN 及其 ACK）？' },
        answer: ({ items }) => tcpItems(items, 'teardown').length,
      },
      explain: {
        en: 'Count the arrows after the data: that is what really crossed the network. Combining an ACK with a FIN is allowed and saves a packet.',
        'zh-CN': '数一数数据之后的箭头，这才是网络上真正传输的内容。把 ACK 和 FIN 合在一个包里是允许的，可以省下一个数据包。',
      },
    },
    {
      id: 'rst',
      sample: RESET,
      connection: 'only',
      arrow: { tcp: 'rst' },
      title: { en: 'RST: closing without saying goodbye', 'zh-CN': 'RST：不告而别' },
      body: {
        en: 'This is a different capture (it opens by itself): an HTTPS request whose connection is aborted with a RST segment. There is no FIN exchange and no TLS close_notify: the other side just learns that the connection is gone.',
        'zh-CN': '这是另一个抓包（会自动打开）：一次 HTTPS 请求，其连接被 RST 报文段中止。没有 FIN 交换，也没有 TLS 的 close_notify：另一方只是得知连接已经没了。',
      },
      question: {
        kind: 'choice',
        prompt: { en: 'Who aborts the connection with RST?', 'zh-CN': '是谁用 RST 中止了连接？' },
        options: SIDE_OPTIONS,
        answer: ({ item }) => (item.dir === 'c2s' ? 'client' : 'server'),
      },
      explain: {
        en: 'A RST is not acknowledged and needs no answer. Programs send it when they crash, time out or give up; firewalls sometimes forge it.',
        'zh-CN': 'RST 不需要确认，也不需要回应。程序在崩溃、超时或放弃时会发送它；防火墙有时也会伪造 RST。',
      },
    },
  ],
  finish: {
    en: 'You followed a TCP connection from SYN to the last ACK, and saw the difference between a polite close (FIN) and an abort (RST). Every HTTPS connection starts with this same handshake.',
    'zh-CN': '你跟随一个 TCP 连接从 SYN 走到最后一个 ACK，并看到了礼貌关闭（FIN）和中止（RST）的区别。每个 HTTPS 连接都以同样的握手开始。',
  },
};
