import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { terminal } from './helpers/terminal.ts';
import { runNew, type NewIo } from '../packages/astro-postmortems/src/cli/new.ts';
import { validateFactorDescription, validateSlug, validateTitle } from '../packages/astro-postmortems/src/core/prompts.ts';
import { DEFAULT_REQUIRED_SECTIONS, DEFAULT_LESSONS_SUBSECTIONS, resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { factorDescriptionSchema, frontmatterSchema, KEBAB } from '../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import { checkRepository } from '../packages/astro-postmortems/src/core/repository.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pm-new-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const NOW = new Date('2026-11-23T09:41:27.123Z');

function io(extra: Partial<NewIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: NewIo = {
    cwd: root,
    env: {},
    isTTY: false,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    now: () => NOW,
    defaultAuthor: () => 'Jane Doe',
    ...extra,
  };
  return { io: value, out, err };
}

const FLAGS = [
  '--title',
  'Checkout API returned errors after a config push',
  '--severity',
  'P2',
  '--service',
  'checkout-api,payments-db',
  '--started',
  '2026-11-20T22:05:00-05:00',
];
const FILE = 'postmortems/2026-11-20-checkout-api-returned-errors-after-a-config-push.mdx';

async function listPostmortems(): Promise<string[]> {
  return readdir(join(root, 'postmortems')).catch(() => []);
}

const DOWN = '\x1b[B';
const ENTER = '\r';

describe('npm run new, unattended (flags)', () => {
  it('writes postmortems/<date>-<slug>.mdx, dated in the offset of the incident start', async () => {
    const t = io();
    expect(await runNew(FLAGS, t.io)).toBe(0);
    // 22:05 at UTC-05:00 is already the 21st in UTC: the file name keeps the responders' day.
    expect(await listPostmortems()).toEqual([FILE.slice('postmortems/'.length)]);
    expect(t.out.join('\n')).toContain(`Created ${FILE}`);
    expect(t.out.join('\n')).toContain(`npm run check -- ${FILE}`);
  });

  it('points to the writing guide where the repository has one, and to no missing file elsewhere', async () => {
    const without = io();
    expect(await runNew(FLAGS, without.io)).toBe(0);
    expect(without.out.join('\n')).toContain('replace every "Replace this quote" block.');
    expect(without.out.join('\n')).not.toContain('CONTRIBUTING.md');
    await writeFile(join(root, 'CONTRIBUTING.md'), '# Writing a postmortem\n');
    const withGuide = io();
    expect(await runNew([...FLAGS, '--slug', 'second-one'], withGuide.io)).toBe(0);
    expect(withGuide.out.join('\n')).toContain('replace every "Replace this quote" block (see CONTRIBUTING.md).');
  });

  it('writes every required field, valid as a draft, and every required section with guidance', async () => {
    await runNew([...FLAGS, '--author', 'Jane Doe, Sam Lee'], io().io);
    const text = await readFile(join(root, FILE), 'utf8');
    const yaml = parseYaml(text.split('---')[1]!) as Record<string, unknown>;
    const parsed = frontmatterSchema({ severities: ['P1', 'P2', 'P3', 'P4'] }).safeParse(yaml);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(yaml).toMatchObject({
      title: 'Checkout API returned errors after a config push',
      severity: 'P2',
      status: 'draft',
      incident: { started: '2026-11-20T22:05:00-05:00' },
      services: ['checkout-api', 'payments-db'],
      authors: ['Jane Doe', 'Sam Lee'],
    });
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...DEFAULT_REQUIRED_SECTIONS]);
    for (const sub of DEFAULT_LESSONS_SUBSECTIONS) expect(text).toContain(`### ${sub}`);
    expect(text).toMatch(/Five Whys/);
    expect(text).toMatch(/^1\. \*\*Why did/m);
    expect(text).toMatch(/^- \*\*2026-11-20 22:05\*\* — Impact starts/m);
    expect(text).toContain('All times UTC-05:00.');
    // Optional fields are there as YAML comments to uncomment, not as values that could be wrong.
    expect(text).toMatch(/^# actionItems:/m);
  });

  it('produces a file that `check` accepts as a draft with no message at all (the documented decision)', async () => {
    await runNew(FLAGS, io().io);
    const result = await checkRepository({ root, config: resolveConfig({}), today: '2026-11-23' });
    expect(result.fileCount).toBe(1);
    expect(result.messages).toEqual([]);
  });

  it('an untouched scaffold is never published: content/placeholder fails it at every status at which the site would publish it', async () => {
    await runNew(FLAGS, io().io);
    const text = await readFile(join(root, FILE), 'utf8');
    expect(text).toMatch(/^status: draft$/m);
    const placeholders = async (status: string, config: Parameters<typeof resolveConfig>[0]) => {
      await writeFile(join(root, FILE), text.replace(/^status: draft$/m, `status: ${status}`));
      const result = await checkRepository({ root, config: resolveConfig(config), today: '2026-11-23' });
      return result.messages.filter((m) => m.rule === 'content/placeholder');
    };
    const published = [
      ['in-review', {}],
      ['published', {}],
      ['in-review', { publishDrafts: true }],
      ['published', { audience: 'external' }],
      // A site that publishes drafts publishes this one too.
      ['draft', { publishDrafts: true }],
    ] as const;
    for (const [status, config] of published) {
      const found = await placeholders(status, config);
      const what = `${status} ${JSON.stringify(config)}`;
      // Every kind the scaffold writes: the guidance quotes, the italic placeholders, the timeline's times.
      expect(found.length, what).toBeGreaterThan(10);
      expect(
        found.every((m) => m.severity === 'error'),
        what,
      ).toBe(true);
      for (const kind of [/scaffold guidance/, /scaffold placeholder/, /scaffold time/])
        expect(
          found.some((m) => kind.test(m.message)),
          `${what} ${kind}`,
        ).toBe(true);
    }
    expect((await placeholders('draft', { publishDrafts: true }))[0]!.message).toContain(
      'in a draft this site publishes (`publishDrafts: true`)',
    );
    expect((await placeholders('in-review', {}))[0]!.message).toContain('in an `in-review` postmortem,');
    expect((await placeholders('published', {}))[0]!.message).toContain('in a `published` postmortem,');
    // Not published, so free to be half-written: a draft on a site that leaves drafts out (the default, and every external build).
    expect(await placeholders('draft', {})).toEqual([]);
    expect(await placeholders('draft', { publishDrafts: true, audience: 'external' })).toEqual([]);
  });

  it('defaults the start to now in UTC, to the minute, and the author to git user.name', async () => {
    const t = io();
    expect(await runNew(['--title', 'Search results were stale for an hour', '--severity', 'P3', '--service', 'search-api'], t.io)).toBe(0);
    const text = await readFile(join(root, 'postmortems/2026-11-23-search-results-were-stale-for-an-hour.mdx'), 'utf8');
    expect(text).toContain('  started: 2026-11-23T09:41:00Z\n');
    expect(text).toContain('authors:\n  - "Jane Doe"\n');
  });

  it('honours --slug and repeated --service flags', async () => {
    await runNew(
      [
        '--title',
        'Queue outage delayed label generation',
        '--severity',
        'P1',
        '--service',
        'label-api',
        '--service',
        'queue',
        '--slug',
        'label-queue',
        '--started',
        '2026-10-08T17:00:00Z',
      ],
      io().io,
    );
    const text = await readFile(join(root, 'postmortems/2026-10-08-label-queue.mdx'), 'utf8');
    expect(text).toContain('services:\n  - label-api\n  - queue\n');
  });

  it('rejects bad values with "Unexpected …, expected …" and exit 2, writing nothing', async () => {
    const t = io();
    expect(
      await runNew(['--title', 'Oops', '--severity', 'SEV1', '--service', 'Checkout_API', '--started', '2026-11-20 14:05'], t.io),
    ).toBe(2);
    const err = t.err.join('\n');
    expect(err).toContain('Unexpected title `Oops` (4 characters), expected 8–140 characters');
    expect(err).toContain('Unexpected severity `SEV1`, expected one of `P1`, `P2`, `P3`, `P4`');
    expect(err).toContain('Unexpected service name `Checkout_API`, expected kebab-case');
    expect(err).toContain('e.g. `checkout-api`');
    expect(err).toContain('Unexpected incident start `2026-11-20 14:05`, expected an ISO 8601 date-time with offset');
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    expect(await listPostmortems()).toEqual([]);
  });

  it('--near-miss writes kind: near-miss and a shorter scaffold that check accepts as it is', async () => {
    expect(await runNew([...FLAGS, '--near-miss'], io().io)).toBe(0);
    const text = await readFile(join(root, FILE), 'utf8');
    expect(text).toMatch(/^kind: near-miss$/m);
    expect(text).toContain('potential impact');
    expect(text).not.toMatch(/^# impact:/m);
    expect(text).not.toMatch(/^3\. \*\*Why/m);
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([...DEFAULT_REQUIRED_SECTIONS]);
    const result = await checkRepository({ root, config: resolveConfig({}), today: '2026-11-23' });
    expect(result.messages).toEqual([]);
    // Shorter than the incident scaffold.
    await rm(join(root, FILE));
    await runNew(FLAGS, io().io);
    expect(text.length).toBeLessThan((await readFile(join(root, FILE), 'utf8')).length * 0.8);
  });

  it('writes --factor category:description as contributingFactors, valid for check', async () => {
    expect(
      await runNew(
        [
          ...FLAGS,
          '--factor',
          'configuration:The pool size had no range check: 10 passed review',
          '--factor',
          'detection: The alert waited eight minutes',
        ],
        io().io,
      ),
    ).toBe(0);
    const text = await readFile(join(root, FILE), 'utf8');
    expect(text).toContain(
      'contributingFactors:\n  - category: configuration\n    description: "The pool size had no range check: 10 passed review"\n  - category: detection\n',
    );
    const result = await checkRepository({ root, config: resolveConfig({}), today: '2026-11-23' });
    expect(result.messages).toEqual([]);
  });

  it('rejects an unknown factor category (naming the closest) or a short description, writing nothing', async () => {
    const t = io();
    expect(await runNew([...FLAGS, '--factor', 'configuraton:The pool size had no range check', '--factor', 'change:Deploy'], t.io)).toBe(
      2,
    );
    const err = t.err.join('\n');
    expect(err).toContain('Unexpected contributing-factor category `configuraton`, expected one of `change`');
    expect(err).toContain('did you mean `configuration`?');
    expect(err).toContain('Unexpected contributing-factor description `Deploy` (6 characters), expected 8–280 characters');
    expect(await listPostmortems()).toEqual([]);
  });

  it('takes the severities from postmortems.config.ts', async () => {
    await writeFile(join(root, 'postmortems.config.ts'), "export default { severities: ['SEV1', 'SEV2'] };\n");
    const t = io();
    expect(await runNew([...FLAGS.slice(0, 2), '--severity', 'SEV2', ...FLAGS.slice(4)], t.io)).toBe(0);
    expect(await runNew([...FLAGS, '--slug', 'other'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('expected one of `SEV1`, `SEV2`');
  });

  it('needs an author when git has none, and says how to give one', async () => {
    const t = io({ defaultAuthor: () => undefined });
    expect(await runNew(FLAGS, t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('pass `--author "Your Name"`');
  });

  it("cuts a long title's slug between words, never inside one", async () => {
    const title = 'Label generation delayed for two hours after a Kafka partition reassignment stalled consumers';
    const t = io();
    expect(await runNew(['--title', title, '--severity', 'P2', '--service', 'label-api', '--started', '2026-10-08T17:00:00Z'], t.io)).toBe(
      0,
    );
    const [name] = await listPostmortems();
    expect(name).toBe('2026-10-08-label-generation-delayed-for-two-hours-after-a-kafka.mdx');
  });

  it('refuses a title that gives no file name, pointing at --slug', async () => {
    const t = io();
    expect(await runNew(['--title', '東京リージョンの障害について', '--severity', 'P2', '--service', 'api'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('--slug');
  });

  it('without a terminal and without the flags, exits 2 with usage instead of waiting for input', async () => {
    const t = io();
    expect(await runNew([], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('missing `--title`, `--severity`, `--service`; not a terminal');
    expect(t.err.join('\n')).toContain('Usage: npm run new');
    expect(await runNew(['--bogus'], t.io)).toBe(2);
    expect(await listPostmortems()).toEqual([]);
  });

  it('prints help', async () => {
    const t = io();
    expect(await runNew(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('Never overwrites a file');
  });
});

describe('npm run new never overwrites', () => {
  it('refuses with exit 1 when the file exists, leaving it byte for byte', async () => {
    await mkdir(join(root, 'postmortems'), { recursive: true });
    await writeFile(join(root, FILE), 'my precious notes\n');
    const t = io();
    expect(await runNew(FLAGS, t.io)).toBe(1);
    expect(await readFile(join(root, FILE), 'utf8')).toBe('my precious notes\n');
    expect(t.err.join('\n')).toContain(`refusing to overwrite \`${FILE}\`: it already exists. Nothing was written`);
  });

  it('refuses when the same id exists in a sub-folder, since ids are unique across folders', async () => {
    await mkdir(join(root, 'postmortems/2026'), { recursive: true });
    const other = `postmortems/2026/${FILE.slice('postmortems/'.length)}`;
    await writeFile(join(root, other), 'older copy\n');
    const t = io();
    expect(await runNew(FLAGS, t.io)).toBe(1);
    expect(t.err.join('\n')).toContain(`refusing to overwrite \`${other}\``);
    expect(await listPostmortems()).toEqual(['2026']);
  });

  it('refuses when a folder sits where the file would go', async () => {
    await mkdir(join(root, FILE), { recursive: true });
    const t = io();
    expect(await runNew(FLAGS, t.io)).toBe(1);
    expect(t.err.join('\n')).toContain('refusing to overwrite');
  });
});

// A prompt left unanswered would hang: fail in seconds rather than at the global timeout.
describe('npm run new on a terminal (prompts driven by injected keys)', { timeout: 10_000 }, () => {
  it('asks for title, severity, services, start and author, re-asking on invalid answers', async () => {
    const term = terminal([
      ['Title: what failed, for whom?', `Short${ENTER}`],
      ['expected 8–140 characters', ` outage of the checkout API${ENTER}`],
      ['Severity', `${DOWN}${DOWN}${ENTER}`],
      ['Affected services', `Checkout API${ENTER}`],
      ['Unexpected service name', `${'\x7f'.repeat(12)}checkout-api, payments-db${ENTER}`],
      ['When did the impact start?', ENTER],
      ['Authors', ENTER],
      ['File name slug', ENTER],
      ['Contributing factors, if known', ENTER],
    ]);
    const t = io({ isTTY: true, input: term.input, output: term.output });
    expect(await runNew([], t.io)).toBe(0);
    expect(term.done()).toBe(true);
    const file = 'postmortems/2026-11-23-short-outage-of-the-checkout-api.mdx';
    const text = await readFile(join(root, file), 'utf8');
    expect(text).toContain('title: "Short outage of the checkout API"');
    expect(text).toContain('severity: P3\n');
    expect(text).toContain('services:\n  - checkout-api\n  - payments-db\n');
    expect(text).toContain('  started: 2026-11-23T09:41:00Z\n'); // Enter took the default: now, UTC
    expect(text).toContain('  - "Jane Doe"'); // Enter took git user.name
    expect(t.out.join('\n')).toContain(`Created ${file}`);
  });

  it('asks only for what the flags did not give', async () => {
    const term = terminal([
      ['Severity', ENTER],
      ['Authors', ENTER],
      ['File name slug', `${'\x7f'.repeat(60)}checkout-errors${ENTER}`],
      ['Contributing factors, if known', ENTER],
    ]);
    const t = io({ isTTY: true, input: term.input, output: term.output });
    const flags = FLAGS.filter((_, i) => i !== 2 && i !== 3); // drop --severity P2
    expect(await runNew(flags, t.io)).toBe(0);
    expect(term.screen()).not.toContain('Title: what failed');
    expect(term.screen()).not.toContain('When did the impact start?');
    expect(await readFile(join(root, 'postmortems/2026-11-20-checkout-errors.mdx'), 'utf8')).toContain('severity: P1\n');
  });

  it('accepts a typed start time with offset and validates it', async () => {
    const term = terminal([
      ['Title: what failed, for whom?', `Replica lag served stale balances${ENTER}`],
      ['Severity', ENTER],
      ['Affected services', `ledger-db${ENTER}`],
      ['When did the impact start?', `2026-11-19 08:00${ENTER}`],
      ['expected an ISO 8601 date-time with offset', `${'\x7f'.repeat(16)}2026-11-19T08:00:00+01:00${ENTER}`],
      ['Authors', `Ops Team${ENTER}`],
      ['File name slug', ENTER],
      ['Contributing factors, if known', ENTER],
    ]);
    const t = io({ isTTY: true, input: term.input, output: term.output, defaultAuthor: () => undefined });
    expect(await runNew([], t.io)).toBe(0);
    const text = await readFile(join(root, 'postmortems/2026-11-19-replica-lag-served-stale-balances.mdx'), 'utf8');
    expect(text).toContain('  started: 2026-11-19T08:00:00+01:00\n');
    expect(text).toContain('  - "Ops Team"');
  });

  it('lets the author pick contributing factors from the configured categories and describe each', async () => {
    const term = terminal([
      ['Severity', ENTER],
      ['Authors', ENTER],
      ['File name slug', ENTER],
      // change is first, configuration second: pick both.
      ['Contributing factors, if known', ` ${DOWN} ${ENTER}`],
      ['Contributing factor (change)', `Short${ENTER}`],
      ['expected 8–280 characters', ` deploy went to every region at once${ENTER}`],
      ['Contributing factor (configuration)', `The pool size had no range check${ENTER}`],
    ]);
    const t = io({ isTTY: true, input: term.input, output: term.output });
    expect(
      await runNew(
        FLAGS.filter((_, i) => i !== 2 && i !== 3),
        t.io,
      ),
    ).toBe(0);
    expect(term.done()).toBe(true);
    const yaml = parseYaml((await readFile(join(root, FILE), 'utf8')).split('---')[1]!) as Record<string, unknown>;
    expect(yaml['contributingFactors']).toEqual([
      { category: 'change', description: 'Short deploy went to every region at once' },
      { category: 'configuration', description: 'The pool size had no range check' },
    ]);
  });

  it('writes nothing when cancelled with Ctrl+C', async () => {
    const term = terminal([['Title: what failed, for whom?', '\x03']]);
    const t = io({ isTTY: true, input: term.input, output: term.output });
    expect(await runNew([], t.io)).toBe(130);
    expect(t.err.join('\n')).toContain('cancelled; nothing was written');
    expect(await listPostmortems()).toEqual([]);
  });
});

describe('new asks for what the schema accepts', () => {
  it('takes its limits from the frontmatter schema, so a title or factor it accepts is one `check` accepts', () => {
    const schema = frontmatterSchema({ severities: ['P1'] });
    const title = schema.shape.title;
    for (const length of [title.minLength! - 1, title.minLength!, title.maxLength!, title.maxLength! + 1]) {
      const text = 'x'.repeat(length);
      expect(validateTitle(text) === undefined, `title of ${length}`).toBe(title.safeParse(text).success);
    }
    for (const length of [
      factorDescriptionSchema.minLength! - 1,
      factorDescriptionSchema.maxLength!,
      factorDescriptionSchema.maxLength! + 1,
    ]) {
      const text = 'y'.repeat(length);
      expect(validateFactorDescription(text) === undefined, `factor of ${length}`).toBe(factorDescriptionSchema.safeParse(text).success);
    }
    for (const slug of ['checkout-api', 'Checkout', 'a--b', 'pool-2'])
      expect(validateSlug(slug) === undefined, slug).toBe(KEBAB.test(slug));
  });
});
