/** What vite defines on import.meta.env in the main-process build (electron-vite). */
interface ImportMetaEnv {
  readonly DEV: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
