/**
 * Upgrades tested for real (issue 20, deliverable 6): the engine packed as two versions, 0.3.0 and a 0.4.0 that
 * changes a component (the footer), a rule (a new blame phrase) and the configuration's format (`pageSize` becomes
 * `pagination`, with its migration); an organisation's repository created from the first with `postmortems create
 * --engine file:…tgz`, installed by npm, given postmortems, configuration and a component override of its own;
 * upgraded with `npm install` of the second tarball. It proves: installing changes no file of the organisation's but
 * package.json and package-lock.json; the configuration not yet migrated stops `check` naming the upgrade note;
 * `postmortems upgrade` migrates it keeping its comments; then check and the build pass and the site shows the new
 * version's component and rule, with the organisation's override and settings still in force.
 *
 * npm installs the tarballs offline-first (`--prefer-offline`): Astro and the other dependencies come from the npm
 * cache the repository's own install filled. About 90 s of CPU (two installs, two site builds, one compile of the
 * engine, which runs in the background beside the first install and build), minutes of wall time on 2 shared cores,
 * so it is a suite of its own (`npm run test:upgrade`, run by .ci/run), not part of `npm test`.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shownHtml } from '../helpers/shown-html.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_DIR, ROOT, toolEnv } from '../helpers/site.ts';

const work = mkdtempSync(join(tmpdir(), 'pm-upgrade-e2e-'));
afterAll(async () => {
  // The second version's release may still be running when an earlier step failed.
  await v2?.catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

/** The environment of a user's shell: Node 22 first on PATH, and none of the npm variables of the `npm run` that started the tests. */
const env = (() => {
  const base = toolEnv({ CI: 'true', ASTRO_TELEMETRY_DISABLED: '1' });
  for (const key of Object.keys(base)) if (/^npm_/i.test(key) || key === 'POSTMORTEMS_PAGE_SIZE' || key === 'INIT_CWD') delete base[key];
  return base;
})();

function sh(cwd: string, command: string, args: string[]): { code: number | null; out: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}
function ok(cwd: string, command: string, args: string[]): string {
  const { code, out } = sh(cwd, command, args);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code} in ${cwd}:\n${out}`);
  return out;
}

/** Replaces `from` by `to` in a file of an engine copy, failing loudly when the source no longer has `from`. */
function patch(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update the upgrade test's version 0.4.0`);
  writeFileSync(path, text.replace(from, to));
}

/** A copy of the engine's package at `version`, with `change` applied to its source. */
function copyEngine(version: string, change?: (dir: string) => void): string {
  const dir = join(work, `engine-${version}`);
  cpSync(ENGINE_DIR, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  // The build's compiler and types, as in the repository.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  manifest.version = version;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  change?.(dir);
  return dir;
}
const PACK = ['pack', '--ignore-scripts', '--pack-destination'];
const tarballOf = (version: string) => join(work, `astro-postmortems-${version}.tgz`);

/**
 * The second version's build (tsc over the whole engine: its configuration type changed) and pack, started in the
 * background so it runs while the organisation installs and builds the first version; awaited before the upgrade.
 */
function releaseInBackground(dir: string, version: string): Promise<string> {
  const log = join(work, `release-${version}.log`);
  const child = spawn('sh', ['-c', `"$0" scripts/build.mjs && npm ${PACK.join(' ')} "$1"`, process.execPath, work], {
    cwd: dir,
    env,
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 && existsSync(tarballOf(version))
        ? done(tarballOf(version))
        : fail(new Error(`the release of ${version} exited ${code}:\n${readFileSync(log, 'utf8')}`)),
    );
  });
}

const POSTMORTEM = (date: string, title: string, extra: string) => `---
title: "${title}"
severity: P2
status: published
incident:
  started: ${date}T10:00:00Z
  detected: ${date}T10:06:00Z
  mitigated: ${date}T10:40:00Z
  resolved: ${date}T11:30:00Z
services: [payments-api]
authors: [payments-team]
review:
  date: ${date}
actionItems:
  - title: "Add a canary stage to the payments deploy"
    owner: payments-team
    due: 2026-04-30
    status: done
    type: prevent
---

## Executive Summary

A deploy of the payments API raised the error rate to 12 % for 40 minutes. ${extra}

## Business Impact

About 3,000 card payments failed and were retried by customers.

## Root Cause

1. Why did payments fail? A new connection setting halved the pool size.
2. Why did it reach production? The deploy had no canary stage.

## Timeline

- **10:00** The deploy starts.
- **10:06** The error-rate alert pages on-call.
- **10:40** The deploy is rolled back.

## Lessons Learned

Monitoring caught it within six minutes.

### What went well

The rollback took four minutes.

### What went wrong

Nothing tested the pool size before production.

### Where we got lucky

Traffic was low on a Sunday.

## Action Items
`;

const OVERRIDE = `---
import Default from 'astro-postmortems/components/footer.astro';
---
<Default />
<p class="acme-footer">Acme Ltd. internal</p>
`;

let v1 = '';
let v2: Promise<string> | undefined;
const org = join(work, 'acme-postmortems');

beforeAll(() => {
  // The first version is the repository's engine as built by the tests' setup: packed as it is.
  ok(copyEngine('0.3.0'), 'npm', [...PACK, work]);
  v1 = tarballOf('0.3.0');
  const second = copyEngine('0.4.0', (dir) => {
    // A component: the footer says which engine built the site.
    patch(
      dir,
      'src/components/footer.astro',
      '    <p>{siteConfig.footer.text',
      '    <p class="engine-version">Built with astro-postmortems 0.4.0</p>\n    <p>{siteConfig.footer.text',
    );
    // A rule: blameless/language flags one more blame phrase by default.
    patch(
      dir,
      'src/core/config.ts',
      '  { pattern: String.raw`\\bcareless(?:ly|ness)?\\b`,',
      "  { pattern: String.raw`\\bdropped the ball\\b`, suggestion: 'describe which handover or check was missing' },\n  { pattern: String.raw`\\bcareless(?:ly|ness)?\\b`,",
    );
    // The configuration's format: `pageSize` is renamed `pagination`, with its migration for `postmortems upgrade`.
    patch(dir, 'src/core/config.ts', '    pageSize: z\n', '    pagination: z\n');
    patch(dir, 'src/lib/paging.ts', 'siteConfig.pageSize.postmortems', 'siteConfig.pagination.postmortems');
    patch(dir, 'src/lib/paging.ts', 'siteConfig.pageSize.actionItems', 'siteConfig.pagination.actionItems');
    patch(
      dir,
      'src/core/migrations.ts',
      '  },\n];',
      "  },\n  { version: '0.4.0', summary: '`pageSize` is now `pagination`.', changes: [{ kind: 'move', from: 'pageSize', to: 'pagination' }] },\n];",
    );
  });
  v2 = releaseInBackground(second, '0.4.0');
  // Awaited by the upgrade; a failure before then is reported there, not as an unhandled rejection.
  v2.catch(() => undefined);
}, 600_000);

describe('an organisation upgrades across two packed versions', () => {
  // Its own `npm test` is run by the next test ("takes the organisation's postmortems, …"), once it holds postmortems:
  // running it here too would add a site build (minutes on CI's shared cores) and prove nothing the next one does not.
  it('is created from the first version and installs it, tracking no engine and no engine test', () => {
    const created = ok(work, process.execPath, [
      join(work, 'engine-0.3.0/dist/cli/bin.js'),
      'create',
      'acme-postmortems',
      '--engine',
      `file:${v1}`,
      '--content-owners',
      '@acme/incident-review',
      '--engine-owners',
      '@acme/sre',
    ]);
    expect(created).toMatch(/Created acme-postmortems/);
    ok(org, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']);
    expect(JSON.parse(readFileSync(join(org, 'node_modules/astro-postmortems/package.json'), 'utf8')).version).toBe('0.3.0');
    ok(org, 'git', ['init', '-q', '-b', 'main']);
    ok(org, 'git', ['add', '-A']);
    ok(org, 'git', ['-c', 'user.name=Acme', '-c', 'user.email=sre@acme.example', 'commit', '-qm', 'Postmortem repository']);
    const tracked = ok(org, 'git', ['ls-files']).trim().split('\n');
    expect(tracked.filter((f) => /^(?:node_modules|dist|test|packages)\//.test(f) || /\.test\.|vitest|fixtures/.test(f))).toEqual([]);
    // What `create` writes (22 files, listed in create.test.ts) and package-lock.json: content, configuration and
    // thin workflows, with the writing guide and GitHub's review and request templates.
    expect(tracked.length).toBeLessThanOrEqual(23);
  });

  it("names the Node it needs, the engine's for every command and the installed Astro's for the build, instead of failing on an API", () => {
    // Each installed package.json raised past the Node running the test, as a release that asks for a newer Node would
    // be: Astro (the organisation's peer dependency: 7.4 asks for 22.22, 7.3 for 22.12), then the engine itself.
    const major = Number(process.versions.node.split('.')[0]) + 1;
    const needed = `>=${major}.0.0`;
    const expected = (name: string, version: string) =>
      `postmortems: Node ${process.versions.node} is too old: ${name} ${version} needs Node ${needed}.\n` +
      `  Install Node ${major}.0 or later and run the command again: \`nvm install ${major}\` (or fnm, volta…);\n` +
      '  in a repository, `nvm install` reads its `.nvmrc`, as its CI workflows do.\n';
    const raised = (manifest: string, work: (version: string) => void) => {
      const original = readFileSync(manifest, 'utf8');
      const pkg = JSON.parse(original) as { version: string; engines: Record<string, string> };
      writeFileSync(manifest, JSON.stringify({ ...pkg, engines: { ...pkg.engines, node: needed } }));
      try {
        work(pkg.version);
      } finally {
        writeFileSync(manifest, original);
      }
    };
    raised(join(org, 'node_modules/astro/package.json'), (version) => {
      const build = sh(org, 'npx', ['postmortems', 'build']);
      expect(build.code).toBe(2);
      expect(build.out).toBe(expected('astro', version));
      // `check` never loads Astro: it runs on this Node.
      expect(sh(org, 'npx', ['postmortems', 'check']).code).toBe(0);
    });
    raised(join(org, 'node_modules/astro-postmortems/package.json'), (version) => {
      for (const command of [['check'], ['new', '--title', 'Anything at all here']]) {
        const run = sh(org, 'npx', ['postmortems', ...command]);
        expect(run.code).toBe(2);
        expect(run.out).toBe(expected('astro-postmortems', version));
      }
      // What answers without running anything still does.
      expect(ok(org, 'npx', ['postmortems', '--version']).trim()).toBe(version);
    });
    expect(sh(org, 'npx', ['postmortems', 'check']).code).toBe(0);
  });

  it("takes the organisation's postmortems, configuration and override, and builds with the first version", () => {
    mkdirSync(join(org, 'src/components'), { recursive: true });
    writeFileSync(join(org, 'src/components/footer.astro'), OVERRIDE);
    writeFileSync(
      join(org, 'postmortems/2026-03-01-payments-pool-size.mdx'),
      POSTMORTEM('2026-03-01', 'Payments failed after a pool-size change', 'The deploy process dropped the ball on canaries.'),
    );
    writeFileSync(
      join(org, 'postmortems/2026-03-08-payments-retry-storm.mdx'),
      POSTMORTEM('2026-03-08', 'Payments retried in a storm after a timeout change', 'Clients retried without backoff.'),
    );
    writeFileSync(
      join(org, 'postmortems/2026-03-15-payments-dns.mdx'),
      POSTMORTEM('2026-03-15', 'Payments lost their database after a DNS change', 'A record was removed too early.'),
    );
    patch(
      org,
      'postmortems.config.ts',
      '  // pageSize: { postmortems: 100, actionItems: 200 },',
      '  // Two a page: our managers read on their phones.\n  pageSize: { postmortems: 2 },',
    );
    patch(
      org,
      'postmortems.config.ts',
      "  // components: { Header: './src/components/header.astro' },",
      "  components: { Footer: './src/components/footer.astro' }, // legal asked for the company line",
    );
    ok(org, 'git', ['add', '-A']);
    ok(org, 'git', ['-c', 'user.name=Acme', '-c', 'user.email=sre@acme.example', 'commit', '-qm', 'Our postmortems and settings']);

    const test = ok(org, 'npm', ['test']);
    expect(test).toMatch(/4 postmortems checked/);
    expect(test).not.toMatch(/dropped the ball/);
    const home = readFileSync(join(org, 'dist/index.html'), 'utf8');
    expect(home).toContain('<p class="acme-footer">Acme Ltd. internal</p>');
    expect(home).not.toContain('engine-version');
    expect(shownHtml(readFileSync(join(org, 'dist/postmortems/index.html'), 'utf8')).match(/class="pm-card"/g)).toHaveLength(2);
  });

  it('upgrades with `npm install` of the second tarball, changing nothing of its own but package.json and package-lock.json', async () => {
    ok(org, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', await v2!]);
    expect(JSON.parse(readFileSync(join(org, 'node_modules/astro-postmortems/package.json'), 'utf8')).version).toBe('0.4.0');
    expect(ok(org, 'git', ['status', '--porcelain']).split('\n').filter(Boolean).sort()).toEqual([
      ' M package-lock.json',
      ' M package.json',
    ]);
  });

  it("stops on the configuration's old format, naming the option, the migration and the upgrade note", () => {
    const check = sh(org, 'npx', ['postmortems', 'check']);
    expect(check.code).toBe(2);
    expect(check.out).toContain(
      '`pageSize` moved to `pagination` in 0.4.0: run `npx postmortems upgrade`, which rewrites postmortems.config.ts keeping your comments (the upgrade note of 0.4.0 in node_modules/astro-postmortems/CHANGELOG.md',
    );
    expect(sh(org, 'npx', ['postmortems', 'upgrade', '--check']).code).toBe(1);
  });

  it('is migrated by `postmortems upgrade`, keeping the comments; then check and the build pass and the site shows the new version', () => {
    const before = readFileSync(join(org, 'postmortems.config.ts'), 'utf8');
    expect(ok(org, 'npx', ['postmortems', 'upgrade'])).toMatch(
      /rewrote postmortems\.config\.ts, keeping your comments:\n {2}0\.4\.0: `pageSize` → `pagination`/,
    );
    const after = readFileSync(join(org, 'postmortems.config.ts'), 'utf8');
    expect(after).toMatch(/ {2}\/\/ Two a page: our managers read on their phones\.\n {2}pagination: \{ postmortems: 2 \},/);
    expect(after).toContain('legal asked for the company line');
    // Every comment of the file is still there.
    const comments = (text: string) => (text.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []).sort();
    expect(comments(after)).toEqual(comments(before));
    expect(ok(org, 'git', ['status', '--porcelain']).split('\n').filter(Boolean).sort()).toEqual([
      ' M package-lock.json',
      ' M package.json',
      ' M postmortems.config.ts',
    ]);
    expect(ok(org, 'npx', ['postmortems', 'upgrade'])).toMatch(/nothing to do/);

    const test = ok(org, 'npm', ['test']);
    // The new rule: a warning, on the postmortem that has the phrase.
    expect(test).toMatch(/postmortems\/2026-03-01-payments-pool-size\.mdx:\d+:\d+ +warning +.*dropped the ball.* +blameless\/language/);
    const home = readFileSync(join(org, 'dist/index.html'), 'utf8');
    // The new component, inside the organisation's override, which still applies.
    expect(home).toContain('<p class="engine-version">Built with astro-postmortems 0.4.0</p>');
    expect(home).toContain('<p class="acme-footer">Acme Ltd. internal</p>');
    // The migrated setting is in force, and the site has its search index.
    expect(shownHtml(readFileSync(join(org, 'dist/postmortems/index.html'), 'utf8')).match(/class="pm-card"/g)).toHaveLength(2);
    expect(existsSync(join(org, 'dist/pagefind/pagefind.js'))).toBe(true);
    expect(readdirSync(join(org, 'dist/postmortems')).filter((d) => d.startsWith('2026-03-'))).toHaveLength(3);
  });
});
