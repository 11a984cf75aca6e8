/**
 * Scoring `npm run import` against the real corpus (test/fixtures/real/, issue 23): each document's
 * conversion is compared with the expectations written by reading it (test/fixtures/real-expected.json;
 * conventions in test/fixtures/real-expected.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rehypeParse from 'rehype-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { toString } from '../../packages/astro-postmortems/src/core/utils/mdast.ts';
import type { Conversion } from '../../packages/astro-postmortems/src/import/convert.ts';
import { PREAMBLE } from '../../packages/astro-postmortems/src/import/sections.ts';
import { blockText } from '../../packages/astro-postmortems/src/import/text.ts';

export const CORPUS = join(import.meta.dirname, '../fixtures/real');

export interface ExpectedItem {
  title: string;
  owner: string | null;
  state: 'open' | 'in-progress' | 'done' | 'wont-do' | null;
}

export interface Expected {
  title: string;
  content?: { from: string; to: string };
  sections: Record<string, string[] | null>;
  started: string | null;
  resolved: string | null;
  zone: string | null;
  severity: string | null;
  authors: string[];
  actionItems: ExpectedItem[];
}

export function expectations(): Record<string, Expected> {
  const all = JSON.parse(readFileSync(join(CORPUS, '../real-expected.json'), 'utf8')) as Record<string, Expected | string>;
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, Expected] => typeof e[1] === 'object'));
}

/** The file name each document was published under (SOURCES.md's path column), which `import` sees. */
export function originalNames(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(join(CORPUS, 'SOURCES.md'), 'utf8').split('\n')) {
    const m = /^\| `([^`]+)` \| [^|]+ \| `([^`]+)`/.exec(line);
    if (m) out.set(m[1]!, m[2]!.split('/').pop()!);
  }
  return out;
}

export type Category = 'sections' | 'dates' | 'zones' | 'severities' | 'authors' | 'actionItems';
export const CATEGORIES: Category[] = ['sections', 'dates', 'zones', 'severities', 'authors', 'actionItems'];

export interface Check {
  category: Category;
  what: string;
  ok: boolean;
  expected: string;
  got: string;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[*_`]/g, '')
    .replace(/[\s:?.]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function offsetOf(instant: string | undefined): string | undefined {
  const m = instant && /(Z|[+-]\d{2}:\d{2})$/.exec(instant);
  return m ? m[1] : undefined;
}

/** Every scored fact of one document. */
export function score(conversion: Conversion, expected: Expected): Check[] {
  const checks: Check[] = [];
  const d = conversion.decided;
  for (const [title, want] of Object.entries(expected.sections)) {
    const got = (conversion.sections.get(title) ?? []).map((s) => s.heading);
    const ok =
      want === null ? got.length === 0 : got.some((g) => want.some((w) => norm(w) === norm(g) || (w === PREAMBLE && g === PREAMBLE)));
    checks.push({
      category: 'sections',
      what: title,
      ok,
      expected: want === null ? '(none)' : want.join(' + '),
      got: got.join(' + ') || '(none)',
    });
  }
  for (const key of ['started', 'resolved'] as const) {
    const want = expected[key];
    const m = d[key];
    const got = m?.instant ?? (m ? `${m.day}${m.time ? ` ${m.time.hour}:${String(m.time.minute).padStart(2, '0')} (no zone)` : ''}` : '');
    let ok: boolean;
    if (want === null) ok = !m;
    else if (/^\d{4}-\d{2}-\d{2}$/.test(want)) ok = !!m && m.day === want;
    else ok = !!m?.instant && Date.parse(m.instant) === Date.parse(want);
    checks.push({ category: 'dates', what: key, ok, expected: want ?? '(none)', got: got || '(none)' });
  }
  const zone = offsetOf(d.started?.instant) ?? offsetOf(d.resolved?.instant);
  checks.push({
    category: 'zones',
    what: 'zone',
    ok: (zone ?? null) === expected.zone,
    expected: expected.zone ?? '(none)',
    got: zone ?? '(none)',
  });
  checks.push({
    category: 'severities',
    what: 'severity',
    ok: (d.severity ?? null) === expected.severity,
    expected: expected.severity ?? '(none)',
    got: d.severity ?? '(none)',
  });
  const a = (xs: string[]) =>
    xs
      .map((x) => x.toLowerCase().replace(/^@|@$/g, ''))
      .sort()
      .join(', ');
  checks.push({
    category: 'authors',
    what: 'authors',
    ok: a(d.authors) === a(expected.authors),
    expected: a(expected.authors) || '(none)',
    got: a(d.authors) || '(none)',
  });
  checks.push({
    category: 'actionItems',
    what: 'count',
    ok: d.items.length === expected.actionItems.length,
    expected: String(expected.actionItems.length),
    got: String(d.items.length),
  });
  expected.actionItems.forEach((want, i) => {
    const item = d.items[i];
    const owner = item?.owner ?? null;
    checks.push({
      category: 'actionItems',
      what: `item ${i + 1} owner`,
      ok: !!item && (owner?.toLowerCase() ?? null) === (want.owner?.toLowerCase() ?? null),
      expected: want.owner ?? '(none)',
      got: item ? (owner ?? '(none)') : '(no item)',
    });
    const state = item?.status ?? null;
    checks.push({
      category: 'actionItems',
      what: `item ${i + 1} state`,
      ok: !!item && state === want.state,
      expected: want.state ?? '(none)',
      got: item ? (state ?? '(none)') : '(no item)',
    });
  });
  return checks;
}

function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text
    .toLowerCase()
    .normalize('NFKC')
    .match(/[\p{L}\p{N}]{2,}/gu) ?? [])
    counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

interface HastNode {
  type: string;
  value?: string;
  tagName?: string;
  children?: HastNode[];
}

/** Text of an HTML page as a browser lays it out: block elements apart, scripts and styles not at all. */
function hastText(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  if (node.tagName === 'script' || node.tagName === 'style' || node.type === 'comment') return '';
  const inner = (node.children ?? []).map(hastText).join('');
  return node.tagName && /^(?:p|div|li|h[1-6]|td|th|tr|br|ul|ol|table|section|article|main|pre|blockquote)$/.test(node.tagName)
    ? ` ${inner} `
    : inner;
}

/** The words of the source a reader gets: the Markdown's text without front matter, or the HTML article. */
export function sourceText(file: string, text: string, expected: Expected): string {
  if (file.endsWith('.html')) {
    const page = hastText(unified().use(rehypeParse).parse(text) as unknown as HastNode).replace(/\s+/g, ' ');
    const from = expected.content ? page.indexOf(expected.content.from) : 0;
    const to = expected.content ? page.indexOf(expected.content.to, from) + expected.content.to.length : page.length;
    if (from < 0 || to < from) throw new Error(`${file}: the expected article bounds are not in the page`);
    return page.slice(from, to);
  }
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).parse(text);
  tree.children = tree.children.filter((n) => n.type !== 'yaml' && (n.type as string) !== 'toml');
  // Raw HTML in Markdown: its text, not its tags.
  const html = tree.children
    .filter((n) => n.type === 'html')
    .map((n) =>
      toString(
        unified()
          .use(rehypeParse, { fragment: true })
          .parse((n as { value: string }).value) as never,
      ),
    );
  tree.children = tree.children.filter((n) => n.type !== 'html');
  return `${blockText(tree)} ${html.join(' ')}`;
}

/** The share of the source's words (with their counts) that the written postmortem still has. */
export function contentKept(source: string, output: string): { kept: number; lost: string[] } {
  const src = words(source);
  // The frontmatter's values (title, action items) count; its keys and comments do not.
  const [, fm = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(output) ?? [];
  const data = parseYaml(fm) as unknown;
  const out = words(`${JSON.stringify(data ?? {}).replace(/"[a-zA-Z]+":/g, ' ')} ${body}`);
  let total = 0;
  let kept = 0;
  const lost: string[] = [];
  for (const [w, n] of src) {
    total += n;
    const k = Math.min(n, out.get(w) ?? 0);
    kept += k;
    if (k < n) lost.push(w);
  }
  return { kept: total ? kept / total : 1, lost };
}

/**
 * Minutes a person spends to make one imported postmortem publishable, by a stated model:
 * 1 to read the file through; per field the source lacks and a person must decide, 0.5 (severity, services,
 * authors) or 1 (title, start, end: look them up); per required section the source has none of, `perSection`
 * (default 0.5: replace the placeholder with a line saying the original does not record it; 3 when the section
 * is written anew from memory); per scored fact the import got wrong, 1 (notice and fix); per 1 % of the
 * article's words lost, 1.
 */
export function minutesToPublish(
  conversion: Conversion,
  checks: Check[],
  kept: number,
  requiredSections: readonly string[],
  perSection = 0.5,
): { minutes: number; parts: string[] } {
  const d = conversion.decided;
  const parts: string[] = ['1 to read it'];
  let minutes = 1;
  const add = (n: number, why: string) => {
    if (!n) return;
    minutes += n;
    parts.push(`${n} ${why}`);
  };
  add(d.title ? 0 : 1, 'for the title');
  add(d.severity ? 0 : 0.5, 'for the severity');
  add(d.services.length ? 0 : 0.5, 'for the services');
  add(d.authors.length ? 0 : 0.5, 'for the authors');
  add(d.started?.instant ? 0 : 1, 'for the start time');
  add(d.resolved?.instant ? 0 : 1, 'for the end time');
  const missing = requiredSections.filter((t) => !(conversion.sections.get(t) ?? []).length).length;
  add(missing * perSection, `for ${missing} section${missing === 1 ? '' : 's'} the source lacks`);
  // A start or end the import left blank is counted above, not again as wrong.
  const wrong = checks.filter((c) => !c.ok && !(c.category === 'dates' && c.got === '(none)')).length;
  add(wrong, `for ${wrong} wrong fact${wrong === 1 ? '' : 's'}`);
  const lostPercent = Math.round((1 - kept) * 100);
  add(lostPercent, `for ${lostPercent} % of the text lost`);
  return { minutes, parts };
}
