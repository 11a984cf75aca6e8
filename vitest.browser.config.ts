import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Two files at a time: one file's page loads and waits for the network's idle leave a core to the other
    // (measured: 264 s and 1.56 cores one at a time, 235 s and 1.88 cores two at a time). Files share only the
    // served site, which no test changes.
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['test/engine-build.ts', 'test/browser/global-setup.ts'],
  },
});
