/** Preload: exposes the typed API to the renderer (filled in by the app-shell issue). */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('tlslens', Object.freeze({ version: '0.1.0' }));
