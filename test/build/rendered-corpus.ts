/**
 * The pages whose rendered article must not change when the rendering
 * pipeline does: every sample postmortem and every rule's `ok` fixture, laid
 * out as one repository. `golden/` holds the article HTML as Astro's MDX
 * pipeline rendered it before postmortems stopped being compiled.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ROOT } from '../helpers/site.ts';
import { FIXTURES, repositoryName } from '../rules/fixture-names.ts';

export const GOLDEN = join(import.meta.dirname, 'golden');
/** The test suite's own copy of a repository's postmortems: the engine's tests never read `postmortems/`. */
export const SAMPLES = join(ROOT, 'test/fixtures/repository/postmortems');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : abs.endsWith('.mdx') ? [abs] : [];
  });
}

/** Repository-relative path → text, for every page in the corpus. */
export function renderedCorpus(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const abs of walk(SAMPLES)) files[`postmortems/${relative(SAMPLES, abs)}`] = readFileSync(abs, 'utf8');
  for (const rule of readdirSync(FIXTURES)) {
    for (const fixture of readdirSync(join(FIXTURES, rule)).filter((n) => n.startsWith('ok-'))) {
      const abs = join(FIXTURES, rule, fixture);
      if (fixture.endsWith('.mdx')) {
        const text = readFileSync(abs, 'utf8');
        files[repositoryName(abs, text).replace(/\.mdx$/, `-${rule}.mdx`)] = text;
        continue;
      }
      // A folder fixture is a repository of its own; its ids would clash with other folders', so each file gets a
      // suffix, and `related` (which names those ids) is dropped: it does not change the body.
      for (const file of walk(join(abs, 'postmortems'))) {
        const text = readFileSync(file, 'utf8').replace(/^related:.*(?:\r?\n[ \t]+-.*)*\r?\n/m, '');
        files[`postmortems/${basename(file, '.mdx')}-${rule}-${fixture}.mdx`] = text;
      }
    }
  }
  return files;
}

/** The rendered article of a built postmortem page: its table of contents and its prose. */
export function extractArticle(html: string): string {
  const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  const start = html.indexOf('<div class="prose">');
  const end = html.indexOf('<div class="pm-more"', start);
  if (start < 0 || end < 0) throw new Error('no article in the page');
  return `${toc}\n${html.slice(start, end)}`;
}
