/**
 * The build runs the same rules as `check` in the content loader, where
 * Astro 7's fast Markdown engine cannot skip them: these tests build real
 * sites and prove a bad postmortem stops the build before it is compiled.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, createSite, validPostmortem } from '../helpers/site.ts';

describe('astro build', () => {
  it('fails on bad postmortems, naming every bad file with line, column and rule, and evaluates none of them', async () => {
    const marker = join(createSite().dir, 'evaluated');
    const site = createSite({
      'postmortems/2024-03-02-good.mdx': validPostmortem(),
      'postmortems/2024-03-02-expression.mdx': validPostmortem((t) => t.replace('A cache flush slowed checkout for an hour.', `A cache flush. {require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')} {process.env.HOME}`)),
      'postmortems/nested/2024-03-02-import.mdx': validPostmortem((t) => t.replace('## Executive Summary', `import fs from 'node:fs'\n\n## Executive Summary`)),
      'postmortems/2024-03-02-script.mdx': validPostmortem((t) => t.replace('Traffic was low.', 'Traffic was low.\n\n<script>{`globalThis.evaluated = 1`}</script>')),
      'postmortems/2024-03-02-missing-section.mdx': validPostmortem((t) => t.replace('## Timeline', '## Timelines')),
    });
    const result = await build(site.dir);
    expect(result.code).not.toBe(0);
    const out = result.output;
    expect(out).toMatch(/postmortems\/2024-03-02-expression\.mdx:20:\d+ {2}error {2}Unexpected JavaScript expression `\{require/);
    expect(out).toMatch(/postmortems\/2024-03-02-expression\.mdx:20:\d+ {2}error .*mdx\/no-expression/);
    expect(out).toMatch(/postmortems\/nested\/2024-03-02-import\.mdx:18:1 {2}error {2}Unexpected `import` statement.* {2}mdx\/no-esm/);
    expect(out).toMatch(/postmortems\/2024-03-02-script\.mdx:\d+:1 {2}error {2}Unexpected element `<script>`.* {2}mdx\/disallowed-element/);
    expect(out).toMatch(/postmortems\/2024-03-02-missing-section\.mdx:\d+:1 {2}error {2}Missing required section `## Timeline`.* {2}sections\/missing/);
    expect(out).toMatch(/4 files, so the site was not built/);
    expect(out).not.toMatch(/2024-03-02-good\.mdx:\d+:\d+ {2}error/);
    // Failing in the content layer means no page was rendered and nothing in the files ran.
    expect(existsSync(join(site.dir, 'dist/postmortems'))).toBe(false);
    expect(existsSync(marker)).toBe(false);
    expect(out).not.toMatch(/^\s+at /m);
  });

  it('builds every good postmortem into a page, with the action items table and a search index', async () => {
    const site = createSite({}, { samples: true });
    const result = await build(site.dir);
    expect(result.code, result.output).toBe(0);
    const ids: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.mdx')) ids.push(e.name.replace(/\.mdx$/, ''));
      }
    };
    walk(join(site.dir, 'postmortems'));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    // Drafts are left out of a production build (test/build/publishing.test.ts reads every file for them).
    const drafts = ids.filter((id) => existsSync(join(site.dir, 'postmortems', `${id}.mdx`)) && /^status: draft$/m.test(readFileSync(join(site.dir, 'postmortems', `${id}.mdx`), 'utf8')));
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    for (const id of drafts) expect(existsSync(join(site.dir, 'dist/postmortems', id))).toBe(false);
    const published = ids.filter((id) => !drafts.includes(id));
    for (const id of published) {
      const html = readFileSync(join(site.dir, 'dist/postmortems', id, 'index.html'), 'utf8');
      expect(html).toContain('data-pagefind-body');
      // The table sits right under the Action Items heading of the body.
      expect(html).toMatch(/<h2 id="action-items">Action Items<\/h2>(?:[\s\S](?!<h2))*?(<table class="action-items[" ]|No action items yet)/);
    }
    expect(existsSync(join(site.dir, 'dist/pagefind/pagefind.js'))).toBe(true);
    expect(readdirSync(join(site.dir, 'dist/pagefind/fragment')).length).toBeGreaterThanOrEqual(published.length);
  });
});
