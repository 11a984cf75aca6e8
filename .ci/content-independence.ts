/**
 * Proves the engine works whatever the content and its configuration (issue
 * "Adoption", item 2): copies this repository, replaces `postmortems/` and
 * `postmortems.config.ts` as an adopting organisation would, then runs `check`,
 * builds the site and reads every built page in a real browser (.ci/site-smoke.ts:
 * no console error, CSP violation, failed or external request). Variants:
 *
 * - `org`: two postmortems of the organisation's own and a non-default
 *   configuration (another title and repository, an extra required section,
 *   a rule turned off, indexing on);
 * - `one`: a single postmortem, the default configuration;
 * - `none`: no postmortem at all (what `npm run init` leaves).
 *
 * The engine's test suites are not rerun here: none reads the checkout's
 * postmortems or configuration (they build from test/fixtures/repository, which
 * test/content-free.test.ts holds them to), so a copy with other content would run
 * the same tests on the same inputs.
 *
 * Usage: node .ci/content-independence.ts [--variant org|one|none]… [--keep] [--report <file.json>]
 * `.ci/run` runs it; `--report` writes `{ passed, failed }` counts of its steps.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { displayText } from '../packages/astro-postmortems/src/core/terminal-text.ts';
import { linkNodeModules, ROOT, toolEnv, validPostmortem } from '../test/helpers/site.ts';
import { smoke } from './site-smoke.ts';

const { values } = parseArgs({
  options: { variant: { type: 'string', multiple: true }, keep: { type: 'boolean', default: false }, report: { type: 'string' } },
});

const withFollowUp = (t: string) => `${t}\nNone beyond the items above.\n\n## Follow-up Review\n\nReviewed with the checkout team.\n`;

const VARIANTS: Record<string, { config: string; files: Record<string, string> }> = {
  org: {
    config: `import { defineConfig } from 'astro-postmortems/config';

export default defineConfig({
  title: 'Kestrel Freight Postmortems',
  description: 'What went wrong at Kestrel Freight, and what we changed.',
  repository: { url: 'https://github.com/kestrel-freight/postmortems', branch: 'trunk' },
  requiredSections: ['Executive Summary', 'Business Impact', 'Root Cause', 'Timeline', 'Lessons Learned', 'Action Items', 'Follow-up Review'],
  rules: { 'lessons/subsections': 'off', 'privacy/email': 'error' },
  indexing: true,
});
`,
    files: {
      'postmortems/2024-03-02-checkout-latency-cache-flush.mdx': withFollowUp(validPostmortem()),
      'postmortems/2024/2024-05-06-depot-scanner-sync-delay.mdx': withFollowUp(
        validPostmortem((t) =>
          t
            .replace('Checkout latency after cache flush', 'Depot scanner sync delayed by a full queue')
            .replaceAll('2024-03-02', '2024-05-06')
            .replace('checkout-api', 'depot-sync'),
        ),
      ),
    },
  },
  one: { config: 'export default {};\n', files: { 'postmortems/2024-03-02-checkout-latency-cache-flush.mdx': validPostmortem() } },
  none: { config: "export default { title: 'Empty Postmortems' };\n", files: {} },
};

const chosen = values.variant?.length ? values.variant : Object.keys(VARIANTS);
let failed = 0;
let passed = 0;
for (const name of chosen) {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`unknown variant ${name}; expected one of ${Object.keys(VARIANTS).join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), `pm-content-${name}-`));
  // Readable by others like a clone (a test runs `check` as another user), and a git repository like one.
  chmodSync(dir, 0o755);
  const tracked = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .stdout.split('\0')
    .filter(Boolean);
  for (const path of tracked) {
    if (path.startsWith('postmortems/') || !existsSync(join(ROOT, path))) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    cpSync(join(ROOT, path), join(dir, path));
  }
  linkNodeModules(dir);
  writeFileSync(join(dir, 'postmortems.config.ts'), variant.config);
  mkdirSync(join(dir, 'postmortems'), { recursive: true });
  for (const [path, text] of Object.entries(variant.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      stdio: 'ignore',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A', '--', '.', ':!node_modules');
  git('commit', '-q', '-m', `the organisation's repository (${name})`);
  const step = (label: string, args: string[]) => {
    process.stdout.write(`\n== [${name}] ${label}\n`);
    const result = spawnSync('npm', args, { cwd: dir, stdio: 'inherit', env: toolEnv({ CI: 'true' }) });
    if (result.status === 0) {
      passed++;
      return;
    }
    failed++;
    process.stdout.write(`== [${name}] ${label}: FAILED (exit ${result.status})\n`);
  };
  // The organisation's own content passes its own checks and builds…
  step('npm run check', ['run', 'check', '--silent']);
  step('npm run build', ['run', 'build', '--silent']);
  // … and every page it gets works in a browser.
  process.stdout.write(`\n== [${name}] every built page in Chromium\n`);
  const { pages, problems } = await smoke(dir).catch((error: unknown) => ({ pages: 0, problems: [String(error)] }));
  for (const problem of problems) process.stdout.write(`  ${displayText(problem)}\n`);
  process.stdout.write(`== [${name}] ${pages} page(s), ${problems.length} problem(s)\n`);
  if (problems.length || pages === 0) failed++;
  else passed++;
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`== [${name}] kept ${dir}\n`);
}
process.stdout.write(`\n== content independence: ${chosen.join(', ')}: ${failed ? `${failed} step(s) failed` : 'every step passed'}\n`);
if (values.report) writeFileSync(values.report, JSON.stringify({ passed, failed }));
process.exitCode = failed ? 1 : 0;
