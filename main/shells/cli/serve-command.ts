/** `tlslens serve [--port N] [--open] [FILE]`: browser mode on 127.0.0.1. No electron import. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analysisWorkerPath, defaultUserDataDir, rendererDir, samplesDir } from '../../app/app-paths';
import { startServe } from '../serve/serve';
import { createServices, disposeServices, openCaptureByPath } from '../../app/services/index';
import { ApiError } from '../../app/services/api-error';
import { parseArgs } from './args';
import { openInBrowser } from './open-browser';

export async function serveCommand(argv: string[], usage: string): Promise<number> {
  const { positional, options } = parseArgs(argv, new Set(['open']));
  const portText = options.port === undefined ? '0' : String(options.port);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535 || positional.length > 1 || Object.keys(options).some((k) => k !== 'port' && k !== 'open')) {
    process.stderr.write(`tlslens serve: expected [--port N] [--open] [FILE]\n${usage}\n`);
    return 2;
  }
  if (!existsSync(join(rendererDir(), 'index.html')) || !existsSync(analysisWorkerPath())) {
    process.stderr.write('tlslens serve: the app is not built (run `npm run build`)\n');
    return 1;
  }
  const services = createServices({ userDataDir: defaultUserDataDir(), samplesDir: samplesDir(), workerPath: analysisWorkerPath() });
  let server;
  try {
    server = await startServe({ port, rendererDir: rendererDir(), services });
  } catch (err) {
    process.stderr.write(`tlslens serve: cannot listen on 127.0.0.1:${port}: ${(err as Error).message}\n`);
    await disposeServices(services);
    return 1;
  }
  process.stdout.write(`TLS Lens browser mode, on 127.0.0.1 only.\nOpen this address (it carries the access token):\n  ${server.url}\nPress Ctrl+C to stop.\n`);
  if (positional[0]) {
    // a bad file still shows: the page opens on its error view
    await openCaptureByPath(services, resolve(positional[0])).catch((err: unknown) => {
      process.stderr.write(`tlslens serve: ${err instanceof ApiError ? err.message : String(err)}\n`);
    });
  }
  if (options.open) openInBrowser(server.url);

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await disposeServices(services);
  return 0;
}
