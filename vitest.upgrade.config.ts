import { defineConfig } from 'vitest/config';

// The upgrade across two packed versions (test/upgrade/): npm installs and builds of a real organisation's
// repository, minutes long, so a suite of its own (`npm run test:upgrade`), run by .ci/run.
export default defineConfig({
  test: {
    include: ['test/upgrade/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
    globalSetup: ['test/engine-build.ts'],
  },
});
