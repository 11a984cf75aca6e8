/**
 * The build runs the same rules as `check` in the content loader, where
 * Astro 7's fast Markdown engine cannot skip them: these tests read the two
 * shared fixture builds (test/helpers/shared-sites.ts) and prove a bad
 * postmortem stops the build before it is compiled, and that every good one
 * becomes a page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from './rendered-corpus.ts';
import { payloadMarker, publishedSite, refusedSite } from '../helpers/shared-sites.ts';
import type { JsonReport } from '../security/cli.ts';

describe('astro build', () => {
  it('fails on bad postmortems, naming every bad file with line, column and rule, and evaluates none of them', async () => {
    const site = await refusedSite();
    expect(site.code).not.toBe(0);
    const out = site.output;
    expect(out).toMatch(
      /postmortems\/build\/2024-03-02-expression\.mdx:20:\d+ {2}error {2}Unexpected JavaScript expression `\{process\.getBuiltinModule/,
    );
    expect(out).toMatch(/postmortems\/build\/2024-03-02-expression\.mdx:20:\d+ {2}error .*mdx\/no-expression/);
    expect(out).toMatch(
      /postmortems\/build\/nested\/2024-03-02-import\.mdx:18:1 {2}error {2}Unexpected `import` statement.* {2}mdx\/no-esm/,
    );
    expect(out).toMatch(
      /postmortems\/build\/2024-03-02-script\.mdx:\d+:1 {2}error {2}Unexpected element `<script>`.* {2}mdx\/disallowed-element/,
    );
    expect(out).toMatch(
      /postmortems\/build\/2024-03-02-missing-section\.mdx:\d+:1 {2}error {2}Missing required section `## Timeline`.* {2}sections\/missing/,
    );
    // Every file with an error counted, as check counts them.
    const report = JSON.parse(site.checkJson) as JsonReport;
    const failing = new Set(report.messages.filter((m) => m.severity === 'error').map((m) => m.file)).size;
    expect(failing).toBeGreaterThan(100);
    expect(out).toMatch(new RegExp(`\\b${failing} files, so the site was not built`));
    expect(out).not.toMatch(/2024-03-02-good\.mdx:\d+:\d+ {2}error/);
    // Failing in the content layer means no page was rendered and nothing in the files ran.
    expect(existsSync(join(site.dir, 'dist/postmortems'))).toBe(false);
    expect(existsSync(payloadMarker())).toBe(false);
    expect(out).not.toMatch(/^\s+at /m);
  });

  it('builds every good postmortem into a page, with the action items table and a search index', async () => {
    const site = await publishedSite();
    expect(site.code, site.output).toBe(0);
    const ids: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.mdx')) ids.push(e.name.replace(/\.mdx$/, ''));
      }
    };
    walk(join(site.dir, 'postmortems'));
    expect(ids.length).toBeGreaterThanOrEqual(40);
    // The shared site publishes its drafts (`publishDrafts: true`): every postmortem has its page. That a default
    // build leaves drafts out of every file is test/build/publishing.test.ts's.
    for (const id of ids) expect(existsSync(join(site.dir, 'dist/postmortems', id, 'index.html')), id).toBe(true);
    const samples = readdirSync(SAMPLES, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => f.replace(/^.*\//, '').replace(/\.mdx$/, ''));
    expect(samples.length).toBeGreaterThanOrEqual(8);
    const page = (id: string) => readFileSync(join(site.dir, 'dist/postmortems', id, 'index.html'), 'utf8');
    for (const id of ids) expect(page(id), id).toContain('data-pagefind-body');
    // The table sits right under the Action Items heading of the body (every sample has that heading).
    for (const id of samples)
      expect(page(id), id).toMatch(
        /<h2 id="action-items">Action Items<\/h2>(?:[\s\S](?!<h2))*?(<table class="action-items[" ]|No action items yet)/,
      );
    expect(existsSync(join(site.dir, 'dist/pagefind/pagefind.js'))).toBe(true);
    expect(readdirSync(join(site.dir, 'dist/pagefind/fragment')).length).toBeGreaterThanOrEqual(ids.length);
  });
});
