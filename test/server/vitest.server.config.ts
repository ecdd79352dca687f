import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/** The server tier: hostile clients against a running `tlslens serve` (the built CLI). One file at a time. */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/server/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
