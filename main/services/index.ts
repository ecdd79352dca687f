/** The services both front ends share: Electron IPC (main/ipc.ts) and browser mode (main/serve.ts). */
import type { Language, OpenedCapture } from '../../preload/api';
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
}

export interface ServicesConfig {
  userDataDir: string;
  samplesDir: string;
  workerPath: string;
  defaultLanguage?: Language;
  uploadDir?: string;
}

export function createServices(config: ServicesConfig): Services {
  return {
    analysis: new AnalysisService({ workerPath: config.workerPath }),
    recent: new RecentFiles(config.userDataDir),
    samples: new Samples(config.samplesDir),
    settings: new Settings(config.userDataDir, config.defaultLanguage),
    uploads: new Uploads(config.uploadDir),
  };
}

/** Open a capture the user named by path (dialog, command line, drop, recent list) and remember it. */
export async function openCaptureByPath(services: Services, path: string): Promise<OpenedCapture> {
  const opened = await services.analysis.open(path, { source: 'file' });
  services.recent.add(path, opened.file.size);
  return opened;
}

export async function disposeServices(services: Services): Promise<void> {
  services.analysis.dispose();
  await services.uploads.dispose();
}
