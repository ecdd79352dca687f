/**
 * Texts for capture errors, English and Simplified Chinese, by code. The CLI
 * uses English; the page's i18n (contract/i18n, live.*.ts) can take these keys
 * and templates as they are. `{name}` is replaced by params[name].
 * The permission text depends on the OS (params.platform): what to do differs.
 */
import type { CaptureErrorCode, CaptureErrorInfo, CaptureErrorParams } from './capture-errors';

export type CaptureLanguage = 'en' | 'zh-CN';

type Templates = Record<CaptureErrorCode, string> & Record<string, string>;

const EN: Templates = {
  'capture.permission-denied':
    'Not permitted to capture on {interface} ({pcapError}). Capturing needs raw-socket rights, which the Node.js running the capture helper ({nodePath}) does not have.',
  'capture.permission-denied.linux':
    'Either run as root, or give the capture rights to the Node.js binary the helper runs on:\n' +
    '  sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which node))\n' +
    'That grants them to that Node binary for every script it runs. Safer: a dedicated copy used only for capture, runnable by a capture group (like Wireshark\'s dumpcap):\n' +
    '  sudo groupadd -f pcap && sudo usermod -aG pcap $USER\n' +
    '  sudo install -o root -g pcap -m 0750 $(readlink -f $(which node)) /usr/local/lib/tlslens-capture-node\n' +
    '  sudo setcap cap_net_raw,cap_net_admin=eip /usr/local/lib/tlslens-capture-node\n' +
    '  export TLSLENS_CAPTURE_NODE=/usr/local/lib/tlslens-capture-node   (log in again for the group)',
  'capture.permission-denied.darwin':
    'Capturing reads /dev/bpf*: install Wireshark\'s "ChmodBPF" (adds you to the access_bpf group), or for this boot only: sudo chmod o+r /dev/bpf*',
  'capture.permission-denied.win32':
    'Install Npcap (npcap.com). If it was installed with "Restrict Npcap driver\'s access to Administrators only", run TLS Lens as Administrator or reinstall Npcap without that option.',
  'capture.permission-denied.other': 'Run the capture as root, or give the capture helper\'s Node.js the right to open raw sockets on this system.',
  'capture.bad-filter': 'The capture filter "{filter}" is not valid: {pcapError}',
  'capture.no-such-device': 'There is no interface named "{interface}" ({pcapError}). `tlslens interfaces` lists them.',
  'capture.interface-down': 'The interface {interface} is down ({pcapError}).',
  'capture.unavailable': 'Live capture is not available: {reason}',
  'capture.helper-missing': 'The capture helper is missing ({path}); build the app first (npm run build).',
  'capture.helper-failed': 'The capture helper stopped unexpectedly ({how}). {stderr}',
  'capture.protocol-error': 'The capture helper sent data that could not be read: {detail}',
  'capture.open-failed': 'Could not start capturing on {interface}: {pcapError}',
  'capture.bad-option': 'Invalid capture option {option}: {value}',
  'capture.busy': 'A capture is already running ({captureId}); stop it first.',
  'capture.unknown-capture': 'No capture with id {captureId}.',
  'capture.write-failed': 'Could not write the capture file {path}: {error}',
};

const ZH: Templates = {
  'capture.permission-denied': '没有在 {interface} 上抓包的权限（{pcapError}）。抓包需要原始套接字权限，而运行抓包助手的 Node.js（{nodePath}）没有这个权限。',
  'capture.permission-denied.linux':
    '请以 root 身份运行，或者把抓包权限授予抓包助手所用的 Node.js 程序：\n' +
    '  sudo setcap cap_net_raw,cap_net_admin=eip $(readlink -f $(which node))\n' +
    '这样该 Node 程序运行的所有脚本都会获得此权限。更安全的做法是单独复制一份只用于抓包的 Node，并只允许抓包用户组运行（与 Wireshark 的 dumpcap 相同）：\n' +
    '  sudo groupadd -f pcap && sudo usermod -aG pcap $USER\n' +
    '  sudo install -o root -g pcap -m 0750 $(readlink -f $(which node)) /usr/local/lib/tlslens-capture-node\n' +
    '  sudo setcap cap_net_raw,cap_net_admin=eip /usr/local/lib/tlslens-capture-node\n' +
    '  export TLSLENS_CAPTURE_NODE=/usr/local/lib/tlslens-capture-node   （重新登录后用户组才生效）',
  'capture.permission-denied.darwin': '抓包需要读取 /dev/bpf*：请安装 Wireshark 的 “ChmodBPF”（会把你加入 access_bpf 组），或仅本次开机有效：sudo chmod o+r /dev/bpf*',
  'capture.permission-denied.win32': '请安装 Npcap（npcap.com）。如果安装时选择了“仅允许管理员访问 Npcap 驱动”，请以管理员身份运行 TLS Lens，或重新安装 Npcap 并取消该选项。',
  'capture.permission-denied.other': '请以 root 身份抓包，或授予抓包助手所用的 Node.js 打开原始套接字的权限。',
  'capture.bad-filter': '抓包过滤器 “{filter}” 无效：{pcapError}',
  'capture.no-such-device': '没有名为 “{interface}” 的网络接口（{pcapError}）。可用 `tlslens interfaces` 列出接口。',
  'capture.interface-down': '网络接口 {interface} 未启用（{pcapError}）。',
  'capture.unavailable': '无法进行实时抓包：{reason}',
  'capture.helper-missing': '找不到抓包助手（{path}）；请先构建应用（npm run build）。',
  'capture.helper-failed': '抓包助手意外退出（{how}）。{stderr}',
  'capture.protocol-error': '无法读取抓包助手发送的数据：{detail}',
  'capture.open-failed': '无法在 {interface} 上开始抓包：{pcapError}',
  'capture.bad-option': '抓包选项 {option} 无效：{value}',
  'capture.busy': '已有抓包正在进行（{captureId}），请先停止。',
  'capture.unknown-capture': '没有编号为 {captureId} 的抓包。',
  'capture.write-failed': '无法写入抓包文件 {path}：{error}',
};

export const CAPTURE_MESSAGES: Record<CaptureLanguage, Templates> = { en: EN, 'zh-CN': ZH };

/** The key of the OS-specific advice shown under a permission error. */
export function permissionAdviceKey(platform: string): string {
  return ['linux', 'darwin', 'win32'].includes(platform) ? `capture.permission-denied.${platform}` : 'capture.permission-denied.other';
}

export function formatCaptureMessage(code: CaptureErrorCode, params: CaptureErrorParams, language: CaptureLanguage = 'en'): string {
  const table = CAPTURE_MESSAGES[language];
  let text = fill(table[code] ?? code, params);
  if (code === 'capture.permission-denied') text += '\n' + fill(table[permissionAdviceKey(String(params.platform ?? process.platform))], params);
  return text;
}

function fill(template: string, params: CaptureErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)).trimEnd();
}

/** The plain-data form of a failure, with its English text. */
export function captureErrorInfo(code: CaptureErrorCode, params: CaptureErrorParams = {}): CaptureErrorInfo {
  return { code, messageKey: code, params, message: formatCaptureMessage(code, params, 'en') };
}
