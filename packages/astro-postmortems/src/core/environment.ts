/**
 * The environment variables the engine reads, each in one place: its name, what it does, the values it takes, its
 * default, and how it is read. A value outside those stops the run with a message naming the variable, the value and
 * what it takes (`EnvironmentError`), rather than be ignored. docs/customising.md ("Environment variables") lists the
 * same table; a test keeps the two in step.
 *
 * Read with `readEnvironment(name)` (the process's environment) or `readEnvironment(name, env)` (a command's `io.env`).
 */
import { AUDIENCE_ENV, AUDIENCES, type Audience } from './publishing.ts';
import { isSitePath, isWebUrl, SITE_PATH_SHAPE } from './urls.ts';

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

type Env = Readonly<Record<string, string | undefined>>;

interface Switch<T> {
  /** What it does (one sentence, as the docs say it). */
  meaning: string;
  /** The values it takes, as the docs say them. */
  values: string;
  /** What holds when it is unset or empty. */
  fallback: string;
  /** The value, or `undefined` when unset or empty; throws `EnvironmentError` for one it does not take. */
  read(value: string): T;
}

const wholeNumber =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
      throw new EnvironmentError(
        `${name} is ${JSON.stringify(value)}: expected a whole number of at least 1. Unset it to use the default.`,
      );
    return n;
  };

const oneOf =
  <T extends string>(name: string, allowed: readonly T[]) =>
  (value: string): T => {
    if (!(allowed as readonly string[]).includes(value))
      throw new EnvironmentError(
        `${name} is ${JSON.stringify(value)}: expected ${allowed.map((a) => `"${a}"`).join(' or ')}. Unset it to use the default.`,
      );
    return value as T;
  };

const text = (value: string): string => value;

/** Every environment variable the engine reads. */
export const ENVIRONMENT = {
  POSTMORTEMS_AUDIENCE: {
    meaning: 'Who the built site is for; wins over `audience` in postmortems.config.ts (`postmortems build --audience` sets it).',
    values: AUDIENCES.map((a) => `\`${a}\``).join(', '),
    fallback: '`audience` in postmortems.config.ts (`internal`)',
    // Validated with the rest of the configuration (`withAudienceFromEnvironment`), whose message names this variable.
    read: (value: string) => value as Audience,
  },
  POSTMORTEMS_PAGE_SIZE: {
    meaning: 'Rows per static page of every list, over `pageSize` (tests set a small one so that a few postmortems span pages).',
    values: 'a whole number of at least 1',
    fallback: '`pageSize` in postmortems.config.ts',
    read: wholeNumber('POSTMORTEMS_PAGE_SIZE'),
  },
  POSTMORTEMS_SEARCH: {
    meaning: 'Whether a build writes the Pagefind search index (`postmortems build` sets `off` for Astro and indexes after it).',
    values: '`on`, `off`',
    fallback: '`on`',
    read: oneOf('POSTMORTEMS_SEARCH', ['on', 'off'] as const),
  },
  POSTMORTEMS_SEARCH_SHARD_SIZE: {
    meaning: 'Postmortem pages per Pagefind index shard (each shard is indexed by its own Pagefind run, bounding its memory).',
    values: 'a whole number of at least 1',
    fallback: '10000',
    read: wholeNumber('POSTMORTEMS_SEARCH_SHARD_SIZE'),
  },
  POSTMORTEMS_FILE_TIME_LIMIT: {
    meaning:
      'Seconds `check` and the build may spend reading, parsing and checking one postmortem before it fails as `file/time-limit` (a guard against text that makes a rule slow; raise it on a slow machine).',
    values: 'a whole number of at least 1',
    fallback: '`20`',
    read: wholeNumber('POSTMORTEMS_FILE_TIME_LIMIT'),
  },
  POSTMORTEMS_OUT_DIR: {
    meaning: '`postmortems build`: the folder Astro wrote the site to, when `astro.config.mjs` sets another `outDir`.',
    values: 'a folder path',
    fallback: '`dist/` in the project',
    read: text,
  },
  SITE_URL: {
    meaning: "The site's origin, over `siteUrl` (canonical links, feed, sitemap; see deploy.md).",
    values: 'an absolute `http(s)` URL',
    fallback: '`siteUrl` in postmortems.config.ts, else `http://localhost:4321`',
    read: (value: string) => {
      if (!isWebUrl(value))
        throw new EnvironmentError(
          `SITE_URL is ${JSON.stringify(value)}: expected an absolute http(s) URL such as "https://postmortems.internal.acme.com". Unset it to use siteUrl.`,
        );
      return value;
    },
  },
  BASE_PATH: {
    meaning: 'The path the site is served under, over `basePath`.',
    values: 'a path starting with `/` (letters, digits, `.`, `_`, `~`, `-` between single slashes)',
    fallback: '`basePath` in postmortems.config.ts, else `/`',
    read: (value: string) => {
      if (!isSitePath(value))
        throw new EnvironmentError(`BASE_PATH is ${JSON.stringify(value)}: expected ${SITE_PATH_SHAPE}. Unset it to use basePath.`);
      return value;
    },
  },
  XDG_CACHE_HOME: {
    meaning: "Where the user's cache folder is (the loader's rendered articles and check cache are kept under it, outside the repository).",
    values: 'an absolute path (a relative one is ignored, as the XDG specification says)',
    fallback: '`~/.cache`',
    read: text,
  },
  CI: {
    meaning: 'Set by CI services: a build without a site URL warns.',
    values: 'any',
    fallback: 'unset',
    read: text,
  },
  DEPLOY: {
    meaning: 'A deployment build: without a site URL it fails instead of pointing links at localhost.',
    values: '`1`',
    fallback: 'unset: a build without a site URL warns in CI',
    read: oneOf('DEPLOY', ['1'] as const),
  },
} satisfies Record<string, Switch<unknown>>;

export type EnvironmentName = keyof typeof ENVIRONMENT;
type ValueOf<N extends EnvironmentName> = ReturnType<(typeof ENVIRONMENT)[N]['read']>;

/** The value of an environment variable of `ENVIRONMENT`, `undefined` when unset or empty (spaces around it ignored). */
/**
 * The configuration as written, with the audience `POSTMORTEMS_AUDIENCE` names over it (for the commands, `loadConfig`,
 * and the pages, `site-config.ts`). The value is validated with the rest of the configuration, so a misspelt one stops
 * the build with the option's message rather than build for the wrong audience.
 */
export function withAudienceFromEnvironment<T extends object>(input: T, env: Env = process.env): T & { audience?: unknown } {
  const value = readEnvironment(AUDIENCE_ENV, env);
  return value ? { ...input, audience: value } : input;
}

export function readEnvironment<N extends EnvironmentName>(name: N, env: Env = process.env): ValueOf<N> | undefined {
  const value = env[name]?.trim();
  return value ? (ENVIRONMENT[name].read(value) as ValueOf<N>) : undefined;
}
