import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** End-to-end: a real browser (and Electron where installed) driving the built app. One at a time. */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
  },
});
