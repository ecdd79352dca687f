/** The services both front ends share: Electron IPC (main/shells/electron/ipc.ts) and browser mode (main/shells/serve/serve.ts). */
import type { Language, OpenedCapture } from '../../../contract/api';
import { defaultCaptureDir } from '../../capture/client/capture-dir';
import { AnalysisService } from './analysis-service';
import { RecentFiles } from './recent-files';
import { Samples } from './samples';
import { Settings } from './settings';
import { Uploads } from './uploads';

export interface Services {
  analysis: AnalysisService;
  recent: RecentFiles;
  samples: Samples;
  settings: Settings;
  uploads: Uploads;
  /** where live captures are written */
  captureDir: string;
}

export interface ServicesConfig {
  userDataDir: string;
  samplesDir: string;
  workerPath: string;
  defaultLanguage?: Language;
  uploadDir?: string;
  /** default: defaultCaptureDir() ($XDG_DATA_HOME/tlslens/captures); Electron passes captures/ in its userData */
  captureDir?: string;
}

export function createServices(config: ServicesConfig): Services {
  const services: Services = {
    analysis: new AnalysisService({ workerPath: config.workerPath }),
    recent: new RecentFiles(config.userDataDir),
    samples: new Samples(config.samplesDir),
    settings: new Settings(config.userDataDir, config.defaultLanguage),
    uploads: new Uploads(config.uploadDir),
    captureDir: config.captureDir ?? defaultCaptureDir(),
  };
  // a stopped live capture is in the recent files with its final size
  services.analysis.subscribe((event) => {
    if (event.type === 'capture' && event.capture.state === 'stopped') services.recent.add(event.capture.path, event.capture.fileBytes);
  });
  return services;
}

/** Open a capture the user named by path (dialog, command line, drop, recent list) and remember it. */
export async function openCaptureByPath(services: Services, path: string): Promise<OpenedCapture> {
  const opened = await services.analysis.open(path, { source: 'file' });
  services.recent.add(path, opened.file.size);
  return opened;
}

export async function disposeServices(services: Services): Promise<void> {
  await services.analysis.dispose();
  await services.uploads.dispose();
}
