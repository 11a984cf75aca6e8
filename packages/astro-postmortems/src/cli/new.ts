/**
 * `npm run new [-- --title … --severity … --service … --started … --author …]`
 *
 * On a terminal it asks for whatever the flags did not give; with the flags it
 * runs unattended. It writes `postmortems/<date>-<slug>.mdx` and never
 * overwrites anything: the file is created with the exclusive `wx` flag, and an
 * id already used anywhere under `postmortems/` is refused too, because ids
 * are unique across sub-folders (`id/duplicate`).
 *
 * Exit status: 0 written, 1 refused (file or id exists), 2 bad usage or input,
 * 130 cancelled at a prompt.
 */
import * as prompts from '@clack/prompts';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { PostmortemConfig } from '../core/config.ts';
import { idFromPath } from '../core/parse.ts';
import { code } from '../core/rule.ts';
import { displayLine } from '../core/terminal-text.ts';
import { findPostmortems, POSTMORTEMS_DIR } from '../core/repository.ts';
import { slugify } from '../core/utils/text.ts';
import { localDate } from '../core/utils/time.ts';
import {
  list,
  parseFactor,
  PROMPTS,
  TITLE,
  validateAuthors,
  validateFactorCategory,
  validateFactorDescription,
  validateServices,
  validateSeverity,
  validateSlug,
  validateStarted,
  validateTitle,
  type Factor,
} from '../core/prompts.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { scaffold, type ScaffoldInput } from './scaffold.ts';

export interface NewIo extends CliIo {
  /** Where prompts read keys from (the terminal in `scripts/new.ts`, a stream in tests). */
  input?: Readable;
  /** Where prompts draw. */
  output?: Writable;
  /** The clock, for the default incident start. */
  now?: () => Date;
  /** Default author, e.g. `git config user.name`; `undefined` when unknown. */
  defaultAuthor?: () => string | undefined;
}

const HELP = `Usage: npm run new -- [options]

Scaffolds postmortems/<date>-<slug>.mdx with every required field and section.
On a terminal, asks for anything not given (and for the file-name slug, offering
the title's); otherwise runs unattended and needs --title, --severity and --service.

Options:
  --title <text>        headline of the incident, ${TITLE.min}–${TITLE.max} characters
  --severity <level>    one of the configured severities (default P1–P4)
  --service <name>      affected service, kebab-case; repeat or comma-separate
  --started <date-time> when the impact began, ISO 8601 with offset,
                        e.g. 2026-11-20T14:05:00Z (default: now, UTC)
  --author <name>       who writes the postmortem; repeat or comma-separate
                        (default: git config user.name)
  --slug <slug>         file-name slug (default: from the title, at most 60
                        characters, cut between words)
  --near-miss           a near miss (kind: near-miss): it could have hurt and did
                        not; a shorter scaffold, impact left out
  --factor <category:description>
                        a contributing factor; repeat for several. Categories
                        are configured in postmortems.config.ts (factorCategories);
                        on a terminal without --factor, you pick them from a list
  -h, --help            show this help

Exit status: 0 written, 1 refused (the file or id exists), 2 bad usage, 130 cancelled.
Never overwrites a file. Guide: CONTRIBUTING.md (\`postmortems create\` writes one).`;

/** Now in UTC to the minute, e.g. `2026-11-20T14:05:00Z`: seconds would be false precision. */
export function defaultStarted(now: Date): string {
  return `${now.toISOString().slice(0, 16)}:00Z`;
}

/** Repository-relative path of the new file. */
export function targetPath(started: string, slug: string): string {
  return `${POSTMORTEMS_DIR}/${localDate(started)}-${slug}.mdx`;
}

class Cancelled extends Error {}

export async function runNew(argv: readonly string[], io: NewIo): Promise<number> {
  const parsed = parseCommand('new', argv, io, {
    help: HELP,
    usage: `\n${HELP}`,
    options: {
      title: { type: 'string' },
      severity: { type: 'string' },
      service: { type: 'string', multiple: true },
      services: { type: 'string', multiple: true },
      started: { type: 'string' },
      author: { type: 'string', multiple: true },
      authors: { type: 'string', multiple: true },
      slug: { type: 'string' },
      'near-miss': { type: 'boolean', default: false },
      factor: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;

  const config = await loadCliConfig('new', io);
  if (!config) return 2;

  const given = {
    title: values.title?.trim(),
    severity: values.severity?.trim(),
    services: list([...(values.service ?? []), ...(values.services ?? [])]),
    started: values.started?.trim(),
    authors: list([...(values.author ?? []), ...(values.authors ?? [])]),
    // Not comma-split: a description is prose and may hold commas.
    factors: (values.factor ?? []).map(parseFactor),
  };
  const kind = values['near-miss'] ? 'near-miss' : 'incident';
  const gitAuthor = io.defaultAuthor?.()?.trim() || undefined;
  const missing = [
    given.title === undefined && '--title',
    given.severity === undefined && '--severity',
    !given.services.length && '--service',
  ].filter((m): m is string => !!m);

  // Values given as flags are checked up front, so a typo fails fast instead
  // of after the author has answered every prompt.
  const flagProblems = [
    given.title !== undefined && validateTitle(given.title),
    given.severity !== undefined && validateSeverity(given.severity, config),
    given.services.length > 0 && validateServices(given.services),
    given.started !== undefined && validateStarted(given.started),
    values.slug !== undefined && validateSlug(values.slug),
    ...given.factors.flatMap((f) => [validateFactorCategory(f.category, config), validateFactorDescription(f.description)]),
  ].filter((p): p is string => !!p);
  if (flagProblems.length) {
    io.stderr(flagProblems.map((p) => displayLine`new: ${p}`).join('\n'));
    return 2;
  }

  const interactive = missing.length > 0;
  if (interactive && !io.isTTY) {
    io.stderr(
      `${displayLine`new: missing ${missing.map((v) => code(v)).join(', ')}; not a terminal, so nothing can be asked.`}\n\n${HELP}`,
    );
    return 2;
  }

  let input: ScaffoldInput & { slug?: string };
  try {
    input = interactive
      ? await ask(given, gitAuthor, values.slug, config, io)
      : {
          title: given.title!,
          severity: given.severity!,
          services: given.services,
          started: given.started ?? defaultStarted((io.now ?? (() => new Date()))()),
          authors: given.authors.length ? given.authors : gitAuthor ? [gitAuthor] : [],
          factors: given.factors,
        };
    input.kind = kind;
  } catch (error) {
    if (error instanceof Cancelled) {
      io.stderr('new: cancelled; nothing was written.');
      return 130;
    }
    throw error;
  }
  const authorProblem = validateAuthors(input.authors);
  if (authorProblem) {
    io.stderr(displayLine`new: ${authorProblem}; pass \`--author "Your Name"\` or set \`git config user.name\``);
    return 2;
  }

  const slug = input.slug ?? values.slug ?? slugify(input.title);
  const slugProblem = validateSlug(slug);
  if (slugProblem) {
    io.stderr(displayLine`new: the title gives no usable file name. ${slugProblem}`);
    return 2;
  }
  const path = targetPath(input.started, slug);
  return write(path, scaffold(input, config), io);
}

async function write(path: string, text: string, io: NewIo): Promise<number> {
  const id = idFromPath(path);
  const existing = await findPostmortems(io.cwd, POSTMORTEMS_DIR);
  const clash = existing.files.find((f) => idFromPath(f) === id);
  if (clash) {
    io.stderr(
      refusal(
        clash,
        clash === path
          ? 'it already exists'
          : `a postmortem with the id ${code(id)} already exists there, and ids are unique across sub-folders`,
      ),
    );
    return 1;
  }
  try {
    await mkdir(resolve(io.cwd, POSTMORTEMS_DIR), { recursive: true });
    // `wx` fails if the file appeared meanwhile (or is, say, a folder): never overwrite.
    await writeFile(join(io.cwd, path), text, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code;
    if (reason === 'EEXIST' || reason === 'EISDIR') {
      io.stderr(refusal(path, 'it already exists'));
      return 1;
    }
    io.stderr(displayLine`new: could not write ${code(path)} (${reason ?? (error as Error).message}); check that the folder is writable`);
    return 1;
  }
  io.stdout(
    [
      displayLine`Created ${path}`,
      '',
      'Next:',
      // The writing guide `postmortems create` writes; a repository without one gets no pointer to a missing file.
      `  1. Fill in each section; replace every "Replace this quote" block${existsSync(join(io.cwd, 'CONTRIBUTING.md')) ? ' (see CONTRIBUTING.md)' : ''}.`,
      displayLine`  2. npm run check -- ${path}`,
      '  3. Open a pull request; set `status: in-review` with `incident.resolved` when it is ready for review.',
    ].join('\n'),
  );
  return 0;
}

function refusal(path: string, why: string): string {
  return displayLine`new: refusing to overwrite ${code(path)}: ${why}. Nothing was written; edit that file, or choose another title or \`--slug\`.`;
}

interface Given {
  factors: Factor[];
  title: string | undefined;
  severity: string | undefined;
  services: string[];
  started: string | undefined;
  authors: string[];
}

/** Asks for what the flags did not give. Prompt validators reuse the flag validators, so both say the same. */
async function ask(
  given: Given,
  gitAuthor: string | undefined,
  slug: string | undefined,
  config: PostmortemConfig,
  io: NewIo,
): Promise<ScaffoldInput & { slug: string }> {
  const common = { ...(io.input ? { input: io.input } : {}), ...(io.output ? { output: io.output } : {}) };
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (prompts.isCancel(value)) throw new Cancelled();
    return value as Exclude<T, symbol>;
  };
  prompts.intro('New postmortem', common);
  const title =
    given.title ??
    answer(
      await prompts.text({
        ...common,
        message: PROMPTS.title.label,
        placeholder: PROMPTS.title.placeholder,
        // A title of only non-Latin letters slugifies to nothing: ask again rather than fail after every prompt.
        validate: (v) =>
          validateTitle(v) ??
          (slug === undefined && !slugify(v ?? '')
            ? 'Expected a title with some Latin letters or digits for the file name, or run again with `--slug`'
            : undefined),
      }),
    ).trim();
  const severity =
    given.severity ??
    answer(
      await prompts.select({
        ...common,
        message: PROMPTS.severity.label,
        options: config.severities.map((s, i) => ({ value: s, ...(i === 0 ? { hint: 'most critical' } : {}) })),
      }),
    );
  const services = given.services.length
    ? given.services
    : list([
        answer(
          await prompts.text({
            ...common,
            message: PROMPTS.services.label,
            placeholder: PROMPTS.services.placeholder,
            validate: (v) => validateServices(list([v ?? ''])),
          }),
        ),
      ]);
  const now = defaultStarted((io.now ?? (() => new Date()))());
  const started =
    given.started ??
    answer(
      await prompts.text({
        ...common,
        message: `${PROMPTS.started.label} (ISO 8601 with offset; Enter for now, UTC)`,
        placeholder: now,
        defaultValue: now,
        validate: (v) => (v ? validateStarted(v.trim()) : undefined),
      }),
    ).trim();
  const authors = given.authors.length
    ? given.authors
    : list([
        answer(
          await prompts.text({
            ...common,
            message: PROMPTS.authors.label,
            ...(gitAuthor ? { placeholder: gitAuthor, defaultValue: gitAuthor } : {}),
            validate: (v) => (gitAuthor && !v ? undefined : validateAuthors(list([v ?? '']))),
          }),
        ),
      ]);
  // The file name is the postmortem's id for good (links, `related`): offer the title's slug, let the author shorten it.
  const suggested = slugify(title);
  const chosenSlug =
    slug ??
    (answer(
      await prompts.text({
        ...common,
        message: `${PROMPTS.slug.label}; Enter for the one from the title`,
        placeholder: suggested,
        defaultValue: suggested,
        validate: (v) => (v ? validateSlug(v.trim()) : undefined),
      }),
    ).trim() ||
      suggested);
  const factors = given.factors.length ? given.factors : await askFactors(config, common, answer);
  prompts.outro('Writing the file', common);
  return { title, severity, services, started, authors, slug: chosenSlug, factors };
}

/** Contributing factors are optional at this point (often named in the review): Enter with nothing picked skips them. */
async function askFactors(config: PostmortemConfig, common: object, answer: <T>(value: T) => Exclude<T, symbol>): Promise<Factor[]> {
  const picked = answer(
    await prompts.multiselect({
      ...common,
      message: `${PROMPTS.factors.label} (Space to pick, Enter to go on; you can add them later)`,
      options: Object.entries(config.factorCategories).map(([value, hint]) => ({ value, label: value, hint })),
      required: false,
    }),
  );
  const factors: Factor[] = [];
  for (const category of picked) {
    const description = answer(
      await prompts.text({
        ...common,
        message: PROMPTS.factorDescription.label.replace('Contributing factor', `Contributing factor (${category})`),
        // The schema's own words for the field, shown dimmed until the author types.
        placeholder: PROMPTS.factorDescription.placeholder,
        validate: (v) => validateFactorDescription(v),
      }),
    ).trim();
    factors.push({ category, description });
  }
  return factors;
}
