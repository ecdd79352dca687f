import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server (`npm run dev`) injects an inline script for React's fast
 * refresh and talks to its own HMR socket; the built app's strict policy
 * would block both. This relaxes the meta policy in dev only.
 */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'tlslens-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html: string) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*"),
  };
}

/**
 * Three builds from the top-level folders. The main build has several
 * entries: the Electron main process, the analysis worker, the headless CLI
 * (which must run on plain Node, so nothing it imports may import electron).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/shells/electron/index.ts'),
          cli: resolve(__dirname, 'main/shells/cli/cli.ts'),
          'analysis-worker': resolve(__dirname, 'main/worker/analysis-worker.ts'),
          'bench-capture': resolve(__dirname, 'main/tools/bench-capture.ts'),
          // live capture helper: runs on plain Node (cap is a native addon), spawned by the app
          'capture-helper': resolve(__dirname, 'main/capture/helper/capture-helper.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        // sandboxed preloads must be CommonJS
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
