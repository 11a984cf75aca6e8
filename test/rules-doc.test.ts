import { readFile } from 'node:fs/promises';
import { slug } from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { refresh, RULES_DOC } from '../packages/astro-postmortems/src/cli/format-doc.ts';
import { ruleAnchor } from '../packages/astro-postmortems/src/core/rule.ts';
import { runCheck } from '../packages/astro-postmortems/src/cli/check.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { fileProblems } from '../packages/astro-postmortems/src/core/file-problems.ts';
import { checkRepository } from '../packages/astro-postmortems/src/core/repository.ts';
import { rules } from '../packages/astro-postmortems/src/core/rules/index.ts';
import { makeRepository } from './rules/harness.ts';

/** Problems reported by the repository walk rather than a rule module (src/core/repository.ts). */
const FILE_PROBLEMS = ['file/unreadable', 'file/encoding', 'file/unexpected', 'render/refused', 'file/time-limit'];

const text = await readFile(new URL(`../${RULES_DOC}`, import.meta.url), 'utf8');

async function documented(): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  for (const m of text.matchAll(/^\| `([a-z0-9-]+\/[a-z0-9-]+)` \| (error|warning) \|/gm)) {
    expect(rows.has(m[1]!), `rule ${m[1]} documented twice`).toBe(false);
    rows.set(m[1]!, m[2]!);
  }
  return rows;
}

/** The anchors of the document's headings, as GitHub makes them. */
function anchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!.replaceAll('`', ''))));
}

describe('docs/rules.md', () => {
  it('is generated from the rule modules; if this fails, run `npm run docs:format` and commit the result', () => {
    expect(refresh(text, RULES_DOC)).toBe(text);
  });

  it('has a row for every registered rule, at the level the code uses', async () => {
    const rows = await documented();
    for (const rule of rules) {
      expect(rows.get(rule.id), `docs/rules.md lacks a row for \`${rule.id}\`; add one with its level, meaning, fix and an example`).toBe(
        rule.level,
      );
    }
  });

  it('documents no rule that does not exist', async () => {
    expect(fileProblems.map((p) => p.id).sort()).toEqual([...FILE_PROBLEMS].sort());
    const known = new Set([...rules.map((r) => r.id), ...FILE_PROBLEMS]);
    for (const id of (await documented()).keys()) expect(known.has(id), `docs/rules.md documents unknown rule \`${id}\``).toBe(true);
    for (const id of FILE_PROBLEMS) expect((await documented()).get(id)).toBe('error');
  });

  it('has one heading per rule and file problem, so that links to `#<anchor>` resolve, and every link inside it does', () => {
    const present = anchors(text);
    for (const { id } of [...rules, ...fileProblems])
      expect(present.has(ruleAnchor(id)), `no heading for \`${id}\` (#${ruleAnchor(id)})`).toBe(true);
    for (const [, anchor] of text.matchAll(/\]\(#([^)]+)\)/g)) expect(present.has(anchor!), `#${anchor} links nowhere`).toBe(true);
  });

  it("runs each file problem's documented examples: the message is the one shown", async () => {
    const config = resolveConfig({});
    for (const problem of fileProblems) {
      for (const example of problem.docs.notOk) {
        // A Latin-1 `é`: not UTF-8, and nothing else in the file to report.
        const root = await makeRepository({ [example.fixture]: Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a]) });
        const { messages } = await checkRepository({ root, config });
        expect(
          messages.map((m) => [m.rule, m.message]),
          example.fixture,
        ).toEqual([[problem.id, example.message]]);
      }
    }
  });

  it("is not where `check --help` points: an organisation's repository has no copy of it, so help points at `--explain`, which prints a rule's entry from the same modules", async () => {
    let out = '';
    const io = { cwd: process.cwd(), env: {}, isTTY: false, stdout: (t: string) => void (out += t), stderr: () => {} };
    expect(await runCheck(['--help'], io)).toBe(0);
    expect(out).not.toContain(RULES_DOC);
    expect(out).toContain('`npm run check -- --explain <rule>`');
  });
});

describe('rule ids the documentation names', () => {
  it("are rules or file problems that exist, in every page a reader gets and in the rules' own docs", async () => {
    const ids = new Set([...rules, ...fileProblems].map((r) => r.id));
    const areas = new Set([...ids].map((id) => id.split('/')[0]));
    const { readdirSync } = await import('node:fs');
    const pages = [
      'README.md',
      'CONTRIBUTING.md',
      ...readdirSync(new URL('../docs/', import.meta.url))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
      'packages/astro-postmortems/README.md',
      'packages/astro-postmortems/templates/organisation/README.md',
      'packages/astro-postmortems/templates/organisation/CONTRIBUTING.md',
    ];
    const texts: [string, string][] = await Promise.all(
      pages.map(async (page): Promise<[string, string]> => [page, await readFile(new URL(`../${page}`, import.meta.url), 'utf8')]),
    );
    for (const r of [...rules, ...fileProblems]) texts.push([`the docs of ${r.id}`, `${r.description} ${JSON.stringify(r.docs)}`]);
    const named = texts.flatMap(([where, text]) => [...text.matchAll(/`([a-z0-9]+\/[a-z0-9-]+)`/g)].map((m) => [where, m[1]!] as const));
    // Backticked `area/name` with a rule area: a rule id, whatever else it could be.
    const ruleLike = named.filter(([, id]) => areas.has(id.split('/')[0]!));
    expect(ruleLike.length).toBeGreaterThan(100);
    expect(ruleLike.filter(([, id]) => !ids.has(id)).map(([where, id]) => `${where}: ${id}`)).toEqual([]);
  });
});

describe('rule levels from the configuration', () => {
  it('apply to file problems too: a level, or off', async () => {
    const root = await makeRepository({ 'postmortems/notes.txt': 'notes\n' });
    const warn = await checkRepository({ root, config: resolveConfig({ rules: { 'file/unexpected': 'warning' } }) });
    expect(warn.messages.map((m) => [m.rule, m.severity])).toEqual([['file/unexpected', 'warning']]);
    const off = await checkRepository({ root, config: resolveConfig({ rules: { 'file/unexpected': 'off' } }) });
    expect(off.messages).toEqual([]);
  });

  it('apply to the Markdown-file case of `filename/pattern`', async () => {
    const root = await makeRepository({ 'postmortems/2025-03-04-notes.md': '# notes\n' });
    const off = await checkRepository({ root, config: resolveConfig({ rules: { 'filename/pattern': 'off' } }) });
    expect(off.messages).toEqual([]);
    const warn = await checkRepository({ root, config: resolveConfig({ rules: { 'filename/pattern': 'warning' } }) });
    expect(warn.messages.map((m) => [m.rule, m.severity])).toEqual([['filename/pattern', 'warning']]);
  });
});
