/** What main pushes to the page, unasked: the Electron IPC channel of each kind of event. */
import type { AnalysisEvent, MenuCommand, UserSettings } from './types';

export const EVENT_CHANNELS = {
  analysis: 'tlslens:event:analysis',
  menu: 'tlslens:event:menu',
  settings: 'tlslens:event:settings',
} as const;

/** The payload of each event channel. */
export interface EventPayloads {
  analysis: AnalysisEvent;
  menu: MenuCommand;
  settings: UserSettings;
}
