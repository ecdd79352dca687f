/**
 * Worker-thread entry (out/main/analysis-worker.js): runs the engine off the
 * Electron main thread / the server's event loop. Works in Electron's main
 * process and in plain Node alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WorkerAnalysis } from './worker-analysis';
import type { ToWorker, WorkerStart } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');

const analysis = new WorkerAnalysis(workerData as WorkerStart, (message) => port.postMessage(message));

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    analysis.cancel();
    return;
  }
  void analysis.handle(message.request).then((result) => port.postMessage({ type: 'reply', id: message.id, result }));
});

void analysis.run();
