import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/upgrade/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Astro builds in the tests are CPU-bound; two cores run two at most.
    maxWorkers: 2,
    globalSetup: ['test/engine-build.ts'],
  },
});
