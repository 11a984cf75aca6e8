import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two layers (issue 21): `unit` runs no Astro process (core, rules, CLI, import,
 * lib, pure security), `site` builds sites and starts dev servers. A test file
 * belongs to `site` when it imports what starts Astro (`createSite`/`build` from
 * test/helpers/site.ts, test/helpers/dev-server.ts, or the shared fixture sites of test/helpers/shared-sites.ts): its imports decide, so a
 * new test lands in the right layer by itself. `npm run test:unit` runs the first
 * alone; `npm test` runs both. The browser suite (vitest.browser.config.ts) and the
 * upgrade suite (vitest.upgrade.config.ts) are their own configurations.
 */
const STARTS_ASTRO =
  /import \{[^}]*\b(?:createSite|build)\b[^}]*\} from '[./]*helpers\/site\.ts'|from '[./]*helpers\/(?:dev-server|shared-sites)\.ts'/;

const testFiles = readdirSync('test', { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
  .map((e) => join(e.parentPath, e.name).split('\\').join('/'))
  .filter((f) => !f.startsWith('test/browser/') && !f.startsWith('test/upgrade/'));
export const siteTests = testFiles.filter((f) => STARTS_ASTRO.test(readFileSync(f, 'utf8'))).sort();

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One worker more than the two cores: a site test's worker mostly waits on the Astro process it started, and a
    // third keeps the cores busy meanwhile (measured back to back on an idle machine: 241 s against 250 s with two).
    maxWorkers: 3,
    globalSetup: ['test/engine-build.ts'],
    // `npm run bench:tests` (scripts/bench/test-profile.ts) profiles each test file inside its worker.
    setupFiles: ['test/setup-file.ts', ...(process.env['TEST_PROFILE_DIR'] ? ['test/helpers/profile-test-file.ts'] : [])],
    projects: [
      // The unit layer's files share one module graph per worker (isolate: false): importing the engine's rules, the
      // language library and the parsers once per worker instead of once per file (import time summed over files: 238 s
      // before, 78 s after, under load). No unit test changes a module's state without restoring it (faults.test.ts's
      // extra rule is removed in `finally`).
      {
        extends: true,
        test: {
          name: 'unit',
          isolate: false,
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/upgrade/**', 'node_modules/**', ...siteTests],
        },
      },
      { extends: true, test: { name: 'site', include: siteTests } },
    ],
  },
});
