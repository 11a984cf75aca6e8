/**
 * Runs the real checker over fixture postmortems, laid out as a tiny
 * repository, the way `npm run check` sees them. A fixture is either one
 * `.mdx` file (copied to `postmortems/<incident.started date>-<fixture name>.mdx`
 * in a temp folder) or a folder that already is a repository (it holds its own
 * `postmortems/` tree, for rules that read file names or other files).
 */
import { readdirSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import type { Level, LintMessage } from '../../packages/astro-postmortems/src/core/messages.ts';
import { checkRepository } from '../../packages/astro-postmortems/src/core/repository.ts';
import { ruleById } from '../../packages/astro-postmortems/src/core/rules/index.ts';
import { FIXTURES, repositoryName } from './fixture-names.ts';
import { tempDir } from '../helpers/temp-dirs.ts';

export { FIXTURES, repositoryName };

/** Every fixture is checked on this day, so `action-items/overdue` never depends on the clock. */
export const TODAY = '2026-01-15';

/** The folder of a rule's fixtures: `sections/missing` → `fixtures/sections-missing`. */
export function fixtureDir(ruleId: string): string {
  return join(FIXTURES, ruleId.replace('/', '-'));
}

export interface Expected {
  rule: string;
  line: number;
  column: number;
  severity: Level;
  /** Text the message must contain, usually the offending value in backticks. */
  says: string;
  /** Repository-relative path, for folder fixtures with several files. */
  file?: string;
}

/** Fixture name → every message it must produce, in order. */
export type Cases = Record<string, Expected[]>;

/** `expectMessage('mdx/syntax', 'error')(27, 1, '`<details>`')`: one expected message of that rule. */
export function expectMessage(rule: string, severity: Level) {
  return (line: number, column: number, says: string, file?: string): Expected => ({
    rule,
    line,
    column,
    severity,
    says,
    ...(file ? { file } : {}),
  });
}

/** A fresh repository in a temp folder holding `files` (repository-relative path → text). */
export async function makeRepository(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await tempDir('postmortem-test-');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

/** Copies a single-file fixture into a fresh repository; returns the root and the file's path in it. */
export async function repositoryWith(
  fixturePath: string,
  transform: (text: string) => string = (t) => t,
): Promise<{ root: string; path: string }> {
  const text = await readFile(fixturePath, 'utf8');
  const path = repositoryName(fixturePath, text);
  const root = await makeRepository({ [path]: transform(text) });
  return { root, path };
}

/**
 * Rules that only ask for more content (format §7's `factors/missing`) are off
 * for every other rule's fixtures: those fixtures predate the fields and each
 * isolates one defect; adding factors to them would move every body position
 * they pin. Each such rule is proven on its own fixtures, with everything on.
 */
const CONTENT_RULES = ['factors/missing'];
const configs = new Map<string, ReturnType<typeof resolveConfig>>();
export function configFor(ruleId: string | undefined) {
  const key = ruleId && CONTENT_RULES.includes(ruleId) ? ruleId : '';
  let config = configs.get(key);
  if (!config)
    configs.set(
      key,
      (config = resolveConfig({ rules: Object.fromEntries(CONTENT_RULES.filter((r) => r !== key).map((r) => [r, 'off' as const])) })),
    );
  return config;
}

export async function check(root: string, only?: string[], ruleId?: string): Promise<LintMessage[]> {
  const result = await checkRepository({ root, config: configFor(ruleId), today: TODAY, ...(only ? { only } : {}) });
  return result.messages;
}

/** Checks one fixture (file or repository folder) and returns every message; `ruleId` is the rule the fixture is for. */
export async function checkFixture(
  fixturePath: string,
  transform?: (text: string) => string,
  ruleId?: string,
): Promise<{ messages: LintMessage[]; path?: string }> {
  if ((await stat(fixturePath)).isDirectory()) return { messages: await check(fixturePath, undefined, ruleId) };
  const { root, path } = await repositoryWith(fixturePath, transform);
  return { messages: await check(root, undefined, ruleId), path };
}

/** The parts of a message a test pins down exactly. */
export function positions(
  messages: readonly Pick<LintMessage, 'rule' | 'line' | 'column' | 'severity'>[],
): Pick<LintMessage, 'rule' | 'line' | 'column' | 'severity'>[] {
  return messages.map(({ rule, line, column, severity }) => ({ rule, line, column, severity }));
}

/**
 * One `describe` per rule: each fixture must produce exactly the listed
 * messages (all rules, so an `ok-` fixture is clean and a `not-ok-` one has
 * only its one defect), at the listed places; single-file fixtures again with
 * Windows line endings and a byte-order mark, which must not move anything.
 */
export function describeRule(ruleId: string, cases: Cases): void {
  const docs = ruleById.get(ruleId)?.docs;
  const documented = new Map((docs?.notOk ?? []).map((example) => [example.fixture, example.message]));
  describe(ruleId, () => {
    test('its documented examples (docs/rules.md) are fixtures: ok ones clean, not-ok ones with the documented message', () => {
      expect(docs?.ok.length, `\`${ruleId}\` documents no ok example; add one to its module's \`docs.ok\``).toBeGreaterThan(0);
      expect(docs?.notOk.length, `\`${ruleId}\` documents no not-ok example; add one to its module's \`docs.notOk\``).toBeGreaterThan(0);
      for (const { fixture } of docs!.ok) expect(cases[fixture], `documented ok example ${fixture}`).toEqual([]);
      for (const { fixture } of docs!.notOk)
        expect(
          cases[fixture]?.some((m) => m.rule === ruleId),
          `documented not-ok example ${fixture}`,
        ).toBe(true);
    });
    test('every fixture is listed; ok- ones are clean and a not-ok- one shows the rule', () => {
      const fixtures = readdirSync(fixtureDir(ruleId)).sort();
      expect(Object.keys(cases).sort()).toEqual(fixtures);
      const ok = fixtures.filter((name) => name.startsWith('ok-'));
      expect(ok.length).toBeGreaterThan(0);
      for (const name of ok) expect(cases[name], name).toEqual([]);
      expect(fixtures.some((name) => name.startsWith('not-ok-') && cases[name]!.some((m) => m.rule === ruleId))).toBe(true);
    });
    for (const [fixture, expected] of Object.entries(cases)) {
      const fixturePath = join(fixtureDir(ruleId), fixture);
      test(fixture, async () => {
        const { messages, path } = await checkFixture(fixturePath, undefined, ruleId);
        expect(positions(messages)).toEqual(positions(expected));
        messages.forEach((message, i) => {
          const want = expected[i]!;
          expect(message.message).toContain(want.says);
          expect(message.file).toBe(want.file ?? path);
        });
        // A documented example: the rule's first message on it is the one docs/rules.md shows, word for word.
        if (documented.has(fixture)) expect(messages.find((m) => m.rule === ruleId)?.message).toBe(documented.get(fixture));
      });
      if (fixture.endsWith('.mdx')) {
        test(`${fixture} with CRLF line endings and a BOM`, async () => {
          const { messages } = await checkFixture(fixturePath, (text) => `\uFEFF${text.replaceAll('\n', '\r\n')}`, ruleId);
          expect(positions(messages)).toEqual(positions(expected));
        });
      }
    }
  });
}
