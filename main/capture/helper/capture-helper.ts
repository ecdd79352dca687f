/**
 * The capture helper: a small process on plain Node that holds the only
 * capture rights and the only native code (cap/libpcap), like Wireshark's
 * dumpcap. The app (GUI or CLI) never needs root; it spawns this with one
 * JSON argument (a HelperRequest) and reads a framed stream from stdout
 * (helper-protocol.ts). stdin: "stop" or EOF ends a capture. stderr: libpcap's
 * chatter, kept by the app for a crash report only.
 *
 *   node out/main/capture-helper.js '{"op":"list"}'
 *   node out/main/capture-helper.js '{"op":"check-filter","interface":"lo","filter":"tcp port 443"}'
 *   node out/main/capture-helper.js '{"op":"capture","interface":"lo","filter":"tcp"}'
 */
import { loadCap } from './cap-binding';
import { captureErrorInfo } from '../../../contract/capture/capture-messages';
import { openDevice, runCapture, DEFAULT_MAX_QUEUE } from './helper-capture';
import type { HelperMessage, HelperRequest } from '../protocol/helper-messages';
import { HelperOutput } from './helper-output';
import { describeInterfaces } from './interfaces';

async function main(): Promise<number> {
  let request: HelperRequest;
  try {
    request = JSON.parse(process.argv[2] ?? '') as HelperRequest;
  } catch {
    request = { op: 'invalid' } as unknown as HelperRequest;
  }
  const maxQueue = request.op === 'capture' && request.maxQueueBytes ? request.maxQueueBytes : DEFAULT_MAX_QUEUE;
  const output = new HelperOutput(process.stdout, maxQueue);
  // the app went away mid-write: nothing left to tell anyone
  process.stdout.on('error', () => process.exit(0));
  const send = (m: HelperMessage): void => output.message(m);
  output.start();
  let ok = true;
  const fail = (m: HelperMessage): void => {
    ok = false;
    send(m);
  };

  const loaded = loadCap();
  if (!['list', 'check-filter', 'capture'].includes(request.op)) {
    fail({ type: 'error', error: captureErrorInfo('capture.bad-option', { option: 'request', value: process.argv[2] ?? '(none)' }) });
  } else if ('error' in loaded) {
    fail({ type: 'error', error: loaded.error });
  } else if (request.op === 'list') {
    try {
      send({ type: 'interfaces', interfaces: describeInterfaces(loaded.cap, { probe: true }) });
    } catch (err) {
      fail({ type: 'error', error: captureErrorInfo('capture.unavailable', { reason: `libpcap cannot list interfaces: ${(err as Error).message}` }) });
    }
  } else if (request.op === 'check-filter') {
    const opened = openDevice(loaded.cap, request.interface, request.filter, 1024 * 1024, 64);
    if ('error' in opened) fail({ type: 'error', error: opened.error });
    else {
      opened.cap.close();
      send({ type: 'filter-ok', interface: request.interface, filter: request.filter, linkType: opened.linkType });
    }
  } else {
    await runCapture(loaded.cap, request, output, (m) => (m.type === 'error' ? fail(m) : send(m)));
  }
  await output.end();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // a bug of ours: say it on stderr (the app shows the tail), exit non-zero
    process.stderr.write(`capture helper: ${(err as Error).stack ?? err}\n`);
    process.exit(70);
  },
);
