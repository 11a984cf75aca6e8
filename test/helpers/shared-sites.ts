/**
 * The two sites the site tests read instead of each building its own (issue 21): an Astro build costs about half a
 * minute of CPU whatever it holds, so every postmortem a test needs in a site that builds is in ONE fixture site built
 * once a run (`publishedSite`), and every postmortem that must stop a build is in ONE that fails (`refusedSite`). A
 * test that needs another configuration, another audience, a failing build of its own, or a site it changes (plants,
 * edits, rebuilds) still builds its own.
 *
 * Built once a run, whatever the number of test files and workers: the first caller takes a lock (a folder, made
 * atomically) in the run's folder (`POSTMORTEMS_TEST_RUN`, made by the global setup and removed after the run), builds,
 * and writes the result; every other caller waits for that result. A site is keyed by its content (files,
 * configuration, environment), so a changed fixture is a new site. Tests only read these sites: `check` (which never
 * writes) and reading `dist/`; a test that needs to change something copies what it changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { htmlToHast } from 'satteri';
import { renderedCorpus, GOLDEN } from '../build/rendered-corpus.ts';
import { FIXTURES, repositoryName } from '../rules/fixture-names.ts';
import { check } from '../security/cli.ts';
import { validPostmortem as securityPostmortem, withBlock } from '../security/postmortem.ts';
import { urlVectors, vectorFiles, type UrlVector } from '../security/attacks/url-vectors.ts';
import { attacks, payload } from '../security/attacks/vectors.ts';
import { VECTORS } from '../security/visible-vectors.ts';
import { build, createSite, FIXTURE_CONFIG, FIXTURE_REPOSITORY, validPostmortem } from './site.ts';

export interface SharedSite {
  dir: string;
  /** The build's exit code and its output (stdout and stderr). */
  code: number | null;
  output: string;
  /** `postmortems check --format json` over the site, run once after the build. */
  checkJson: string;
}

/** The run's folder: the global setup's, shared by every worker; a folder of this process's own without it. */
function runFolder(): string {
  const given = process.env['POSTMORTEMS_TEST_RUN'];
  if (given) return given;
  const own = mkdtempSync(join(tmpdir(), 'pm-test-run-'));
  process.env['POSTMORTEMS_TEST_RUN'] = own;
  return own;
}

interface SharedBuild {
  name: string;
  files: Record<string, string | Uint8Array>;
  config: string;
  env: Record<string, string>;
  /** Edits made to the created site before it builds (the same every run: part of the key). */
  prepare?: (dir: string) => void;
}

const building = new Map<string, Promise<SharedSite>>();

function keyOf(spec: SharedBuild): string {
  const hash = createHash('sha256');
  hash.update(`${spec.name}\0${spec.config}\0${JSON.stringify(spec.env)}\0${spec.prepare?.toString() ?? ''}\0`);
  for (const [path, content] of Object.entries(spec.files).sort(([a], [b]) => (a < b ? -1 : 1)))
    hash.update(path).update('\0').update(content).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function sharedBuild(spec: SharedBuild): Promise<SharedSite> {
  const key = keyOf(spec);
  let promise = building.get(key);
  if (!promise) {
    promise = buildOnce(spec, key);
    building.set(key, promise);
  }
  return promise;
}

async function buildOnce(spec: SharedBuild, key: string): Promise<SharedSite> {
  const run = runFolder();
  const result = join(run, `${spec.name}-${key}.json`);
  const lock = join(run, `${spec.name}-${key}.lock`);
  let mine = false;
  try {
    mkdirSync(lock);
    mine = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (mine) {
    writeFileSync(join(lock, 'pid'), String(process.pid));
    const site = createSite(spec.files as Record<string, string>, { config: spec.config });
    spec.prepare?.(site.dir);
    const built = await build(site.dir, spec.env);
    const checked = await check(site.dir, ['--format', 'json']);
    const shared: SharedSite = { dir: site.dir, code: built.code, output: built.output, checkJson: checked.stdout };
    // Written whole, then renamed: a waiting worker reads it complete or not at all.
    writeFileSync(`${result}.tmp`, JSON.stringify(shared));
    renameSync(`${result}.tmp`, result);
    return shared;
  }
  // Another worker builds it: wait for its result, or fail at once if that worker is gone without one.
  const holder = Number(readFileSync(join(lock, 'pid'), 'utf8') || 0);
  for (;;) {
    if (existsSync(result)) return JSON.parse(readFileSync(result, 'utf8')) as SharedSite;
    if (holder && !alive(holder))
      throw new Error(`the worker that built the shared site ${spec.name} (process ${holder}) ended without a result`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Where an attack's payload writes if it ever runs (one path a run, so that the refused site's content is the same in every worker). */
export function payloadMarker(): string {
  return join(runFolder(), 'payload-ran');
}

/** A value of the build's environment that must never reach its output. */
export function buildCanary(): string {
  return `canary-${createHash('sha256').update(runFolder()).digest('hex').slice(0, 16)}`;
}

const configWith = (extra: string) => readFileSync(FIXTURE_CONFIG, 'utf8').replace(/\};\s*$/, `  ${extra}\n};\n`);

// ---------------------------------------------------------------------------------------------------------------
// The published site's parts, each named for the tests that read it.

/** Rendering (test/build/rendering.test.ts): every sample and every ok fixture that has a golden page. */
export function goldenCorpus(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(renderedCorpus()).filter(([path]) =>
      existsSync(join(GOLDEN, `${path.slice(path.lastIndexOf('/') + 1, -'.mdx'.length)}.html`)),
    ),
  );
}

/** The test suite's sample repository (`test/fixtures/repository/postmortems`), every file. */
function sampleFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const file of readdirSync(join(FIXTURE_REPOSITORY, 'postmortems'), { recursive: true, withFileTypes: true })) {
    if (file.isFile())
      files[relative(FIXTURE_REPOSITORY, join(file.parentPath, file.name))] = readFileSync(join(file.parentPath, file.name));
  }
  return files;
}

/** Feeds (test/build/feeds.test.ts): a frontmatter `summary` that is markup, and text that merely looks like entities. */
export const HOSTILE_SUMMARY = '<img src=x onerror=alert(1)> &lt;script&gt;alert(2)&lt;/script&gt; Q&A &amp;amp; <b>bold</b>';
/** The first paragraph of an Executive Summary with entity-encoded markup; MDX shows it as the text `<img …>`. */
export const HOSTILE_BODY = 'A flush of &lt;img src=x onerror=alert(3)&gt; slowed checkout &amp; search.';
export const FEED_TITLES = {
  summary: 'Feed checkout latency after cache flush',
  body: 'Feed search latency after index rebuild',
  plain: 'Feed login errors after certificate rotation',
} as const;
/** Tags and services named like `Object.prototype` members, used by the feed's postmortems only. */
export const PROTO_NAMES = { tag: 'constructor', service: 'constructor' } as const;

function feedFiles(): Record<string, string> {
  return {
    'postmortems/feeds/2024-03-02-frontmatter-summary.mdx': validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', `title: ${FEED_TITLES.summary}\nsummary: ${JSON.stringify(HOSTILE_SUMMARY)}`)
        .replace('services: [checkout-api]', `services: [checkout-api, ${PROTO_NAMES.service}]\ntags: [${PROTO_NAMES.tag}, cache]`),
    ),
    'postmortems/feeds/2024-04-09-body-summary.mdx': validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', `title: ${FEED_TITLES.body}`)
        .replaceAll('2024-03-02', '2024-04-09')
        .replace('A cache flush slowed checkout for an hour.', HOSTILE_BODY)
        .replace('services: [checkout-api]', `services: [checkout-api]\ntags: [${PROTO_NAMES.tag}]`),
    ),
    'postmortems/feeds/2023-11-20-plain.mdx': validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', `title: ${FEED_TITLES.plain}`)
        .replaceAll('2024-03-02', '2023-11-20')
        .replace('services: [checkout-api]', 'services: [checkout-api]\ntags: [cache]'),
    ),
  };
}

/** Publishing (test/build/publishing.test.ts): every marker is one word Pagefind indexes as it is, so a search index that held it would show it. */
export const INTERNAL = {
  section: 'kzsectionq',
  sectionHeading: 'kzheadingq',
  paragraph: 'kzparagraphq',
  phrase: 'kzphraseq',
  summaryPhrase: 'kzsummaryq',
  timeline: 'kztimelineq',
  author: 'kzauthorq',
  financial: 'kzfinancialq',
  facilitator: 'kzfacilitatorq',
  factor: 'kzfactorq',
  actionTitle: 'kzactiontitleq',
  actionOwner: 'kzownerq',
  actionDescription: 'kzdescriptionq',
  service: 'kzserviceq',
  tag: 'kztagq',
} as const;
export const DRAFT = {
  id: '2024-03-02-kzdraftidq',
  title: 'kzdrafttitleq',
  body: 'kzdraftbodyq',
  service: 'kzdraftserviceq',
  tag: 'kzdrafttagq',
} as const;

/** A real PNG, from a rule's fixture. */
export const CHART_PNG = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));

/** A published postmortem with an internal part in every place the format allows one. */
export const PUBLISHED_WITH_INTERNAL = validPostmortem((t) =>
  t
    .replace('services: [checkout-api]', `services: [checkout-api]\ntags: [payments]`)
    .replace(
      'authors: [sre-team]',
      `authors: [sre-team, ${INTERNAL.author}]\ninternal: [authors, impact.financial, review.facilitator, actionItems.owner, tags]\nimpact:\n  usersAffected: 1200\n  financial: "${INTERNAL.financial} credits"\nreview:\n  facilitator: ${INTERNAL.facilitator}\ncontributingFactors:\n  - category: configuration\n    description: The flush had no staged rollout.\n  - category: process\n    description: "${INTERNAL.factor} vendor contract terms."\n    internal: true\nrelated: [${DRAFT.id}]`,
    )
    .replace('services: [checkout-api]\ntags: [payments]', `services: [checkout-api]\ntags: [payments, ${INTERNAL.tag}]`)
    .replace(
      '    due: 2099-01-01\n',
      `    due: 2099-01-01\n    description: Stage flushes by key prefix.\n  - title: ${INTERNAL.actionTitle} renegotiate the vendor contract\n    owner: legal-team\n    due: 2099-02-01\n    description: ${INTERNAL.actionDescription}\n    internal: true\n`,
    )
    .replace('    owner: platform-team', `    owner: ${INTERNAL.actionOwner}`)
    .replace(
      'A cache flush slowed checkout for an hour.',
      `A cache flush slowed checkout for an hour <Internal>(${INTERNAL.summaryPhrase} customer names in the ticket)</Internal>.`,
    )
    .replace(
      'Checkout p99 latency rose to 4 s for 60 minutes.',
      `Checkout p99 latency rose to 4 s for 60 minutes, <Internal>${INTERNAL.phrase} the largest merchant</Internal> among them.\n\n<Internal>\n\n${INTERNAL.paragraph} the contract's penalty clause applies.\n\n![Error rate](./error-rate.png)\n\n</Internal>`,
    )
    .replace(
      '- **10:05** Latency alert fired.',
      `- **10:05** Latency alert fired.\n\n<Internal>\n\n- **10:07** ${INTERNAL.timeline} paged the vendor's engineer.\n\n</Internal>`,
    )
    .replace(
      '### Where we got lucky',
      `<Internal>\n\n### ${INTERNAL.sectionHeading} Vendor relations\n\n${INTERNAL.section} the vendor's account manager was told.\n\n</Internal>\n\n### Where we got lucky`,
    ),
);

export const DRAFT_POSTMORTEM = validPostmortem((t) =>
  t
    .replace('title: Checkout latency after cache flush', `title: ${DRAFT.title} queue stall`)
    .replace('status: published', 'status: draft')
    .replace('services: [checkout-api]', `services: [checkout-api, ${DRAFT.service}]\ntags: [${DRAFT.tag}]`)
    .replace('A cache flush slowed checkout for an hour.', `A cache flush slowed checkout for an hour. ${DRAFT.body} still being written.`),
);

/** A published postmortem with internal parts, a draft it links to, and the image inside `<Internal>` (folder: `prefix`). */
export function publishingFiles(prefix = 'postmortems'): Record<string, string | Uint8Array> {
  return {
    [`${prefix}/2024-03-02-public.mdx`]: PUBLISHED_WITH_INTERNAL.replace(
      'title: Checkout latency after cache flush',
      'title: Checkout latency after cache flush (public)',
    ),
    [`${prefix}/${DRAFT.id}.mdx`]: DRAFT_POSTMORTEM,
    [`${prefix}/error-rate.png`]: CHART_PNG,
  };
}

/** No postmortem is a module (test/security/attacks/build.test.ts): the text a probe looks for in every module of the build. */
export const PROBE_TEXT = 'Textmarkerkzprobeq';
export const PROBE_REPORT = 'probe.json';

function probeFiles(): Record<string, string | Uint8Array> {
  return {
    'postmortems/probe/2025-06-10-one.mdx': withBlock(`${PROBE_TEXT} and a chart:\n\n![Error rate](./charts/error-rate.png)`, 'probe one'),
    'postmortems/probe/charts/error-rate.png': CHART_PNG,
    // A `+++` line in a quoted title: check passed it and the build failed, now both pass.
    'postmortems/probe/2025-06-10-two.mdx': securityPostmortem('probe two').replace(
      /^title: .*$/m,
      'title: "Checkout rates failed\n\n  +++\n\n  after a cache rule change"',
    ),
  };
}

/** An Astro configuration around the site's own that records what Vite loads and which modules of the bundle hold `text`. */
function probeConfig(text: string, report: string): string {
  return `import config from './astro.config.site.mjs';
import { writeFileSync } from 'node:fs';
const loaded = [];
const holding = [];
const probe = {
  name: 'test-probe',
  enforce: 'pre',
  load(id) { loaded.push(id); return null; },
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, m] of Object.entries(chunk.modules)) if ((m.code ?? '').includes(${JSON.stringify(text)})) holding.push(id);
    }
  },
};
export default {
  ...config,
  integrations: [...config.integrations, { name: 'test-probe', hooks: {
    'astro:config:setup': ({ updateConfig }) => updateConfig({ vite: { plugins: [probe] } }),
    'astro:build:done': () => writeFileSync(${JSON.stringify(report)}, JSON.stringify({ loaded, holding })),
  } }],
};
`;
}

/** The URL vectors (test/security/attacks/urls.test.ts), by name, with the remote host the tests look for. */
export const URL_HOST = 'tracker.example';
export const URL_VECTORS = Object.entries(urlVectors(URL_HOST));

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/** Every URL the browser would load (`src`) or follow (`href`) in the article, resolved as the browser does. */
export function articleUrls(html: string, page: URL): { loads: URL[]; follows: URL[] } {
  const article = /<article[^>]*>([\s\S]*?)<\/article>/.exec(html)?.[1] ?? '';
  const loads: URL[] = [];
  const follows: URL[] = [];
  const visit = (node: HastNode) => {
    const src = node.properties?.['src'];
    const href = node.properties?.['href'];
    if (typeof src === 'string') loads.push(new URL(src, page));
    if (typeof href === 'string') follows.push(new URL(href, page));
    node.children?.forEach(visit);
  };
  visit(htmlToHast(article, { fragment: true }) as unknown as HastNode);
  return { loads, follows };
}

/** The files of the given URL vectors, each in a folder of its own, numbered by its place among all of them. */
export function urlVectorFiles(only: [string, UrlVector][] = URL_VECTORS): Record<string, string | Uint8Array> {
  return Object.assign(
    {},
    ...only.map(([, v]) =>
      vectorFiles(
        v,
        URL_VECTORS.findIndex(([, w]) => w === v),
      ),
    ),
  );
}

/** The server's test (test/build/server.test.ts): the organisation's logo, in the folder upstream never touches. */
export const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';
export const SHARED_TITLE = 'Harborlight Postmortems';

/**
 * The site every test that reads a successful build reads: the rendering corpus, the feed's, publishing's, the
 * probe's and the URL vectors that publish, with drafts published (`publishDrafts: true`: the corpus holds drafts),
 * the organisation's logo, the search index, and a probe in the Astro configuration (it only records).
 */
export function publishedSite(): Promise<SharedSite> {
  return sharedBuild({
    name: 'published',
    files: {
      ...sampleFiles(),
      ...goldenCorpus(),
      ...feedFiles(),
      ...publishingFiles('postmortems/publishing'),
      ...probeFiles(),
      ...urlVectorFiles(URL_VECTORS.filter(([, v]) => !v.rules.length)),
      'public/brand/logo.svg': LOGO_SVG,
    },
    config: configWith("publishDrafts: true,\n  logo: 'brand/logo.svg',"),
    env: {},
    prepare: (dir) => {
      renameSync(join(dir, 'astro.config.mjs'), join(dir, 'astro.config.site.mjs'));
      writeFileSync(join(dir, 'astro.config.mjs'), probeConfig(PROBE_TEXT, join(dir, PROBE_REPORT)));
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values for terminals, CI logs and GitHub Markdown (test/security/output-channels.test.ts; its astro dev part
// is test/security/attacks/dev.test.ts's, whose server serves them).

/** What a value carries: line breaks then workflow commands, the legacy form, escape sequences, bidi, and Markdown for GitHub. */
export const attack = (where: string) =>
  `${where}\n::notice title=pwned-${where}::lf\r::error::cr\u2028::warning::ls ##[warning]legacy \u001b]0;owned\u0007\u001b[2J\u202eevil\u202c @org/all-staff <img src=https://t.example/p.png> [x](https://evil.example) #12 :tada:`;
/** Titles hold at most 140 characters. */
const TITLE =
  'title\n::notice title=pwned-title::lf ##[warning]legacy \u001b[2J\u202eevil @org/all-staff <img src=https://t.example/p.png> #12';
export const FILE = 'postmortems/2025-06-10-file\n::notice title=pwned-file::lf\r::error::cr ##[warning]legacy \u001b[2J\u202eevil.mdx';

/** A YAML double-quoted scalar holding `s`, every character outside printable ASCII as an escape. */
const yaml = (s: string) => JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A published postmortem that passes but for one warning: its open action item, overdue, with a hostile title and owner. */
export const hostile = securityPostmortem('x')
  .replace('title: "Checkout rates failed after cache rule change x"', `title: ${yaml(TITLE)}`)
  .replace('owner: platform-sre', `owner: ${yaml(attack('owner'))}`)
  .replace('title: "Canary CDN changes in one region first"', `title: ${yaml(attack('item'))}`)
  .replace('status: done', 'status: open');
export const HOSTILE = 'postmortems/2025-06-10-hostile.mdx';

// ---------------------------------------------------------------------------------------------------------------
// The refused site.

/** A build's bad postmortems (test/build/build.test.ts): each names its file, line, column and rule. */
export function badBuildFiles(marker: string): Record<string, string> {
  return {
    'postmortems/build/2024-03-02-good.mdx': validPostmortem((t) =>
      t.replace('title: Checkout latency after cache flush', 'title: The good one among bad ones'),
    ),
    'postmortems/build/2024-03-02-expression.mdx': validPostmortem((t) =>
      t.replace('A cache flush slowed checkout for an hour.', `A cache flush. {${payload(marker)}} {process.env.HOME}`),
    ),
    'postmortems/build/nested/2024-03-02-import.mdx': validPostmortem((t) =>
      t.replace('## Executive Summary', `import fs from 'node:fs'\n\n## Executive Summary`),
    ),
    'postmortems/build/2024-03-02-script.mdx': validPostmortem((t) =>
      t.replace('Traffic was low.', 'Traffic was low.\n\n<script>{`globalThis.evaluated = 1`}</script>'),
    ),
    'postmortems/build/2024-03-02-missing-section.mdx': validPostmortem((t) => t.replace('## Timeline', '## Timelines')),
  };
}

/** Every rule fixture, each in a folder of its own, its postmortems renamed so that ids stay unique (`-f<i>`), every attack, and the samples. */
export function ruleFixtureFiles(marker: string): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  let i = 0;
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const fixture of readdirSync(join(FIXTURES, rule)).sort()) {
      const path = join(FIXTURES, rule, fixture);
      const folder = `postmortems/f${i++}`;
      const unique = (name: string) => name.replace(/\.mdx$/, `-f${i}.mdx`);
      if (statSync(path).isDirectory()) {
        for (const file of readdirSync(join(path, 'postmortems'), { recursive: true, withFileTypes: true })) {
          if (!file.isFile()) continue;
          const from = join(file.parentPath, file.name);
          files[`${folder}/${unique(relative(join(path, 'postmortems'), from))}`] = readFileSync(from);
        }
      } else {
        const text = readFileSync(path, 'utf8');
        files[`${folder}/${unique(basename(repositoryName(path, text)))}`] = text;
      }
    }
  }
  Object.values(attacks(marker)).forEach((attack, n) => {
    for (const [path, content] of Object.entries(attack.files))
      files[path.replace('postmortems/', `postmortems/a${n}/`).replace('2025-06-10-attack.mdx', `2025-06-10-attack-${n}.mdx`)] = content;
  });
  return { ...files, ...sampleFiles(), ...urlVectorFiles() };
}

/** The visible-text vectors (test/security/attacks/visible-text.test.ts), each in a file named after its index. */
export function visibleFiles(): { files: Record<string, string>; fileOf: Map<string, string> } {
  const files: Record<string, string> = {};
  const fileOf = new Map<string, string>();
  Object.entries(VECTORS).forEach(([name, v], i) => {
    const path = `postmortems/2025-06-10-visible-${i}.mdx`;
    files[path] = v.text;
    fileOf.set(name, path);
  });
  return { files, fileOf };
}

/**
 * The site whose build must fail: every rule fixture, every attack, every URL and visible-text vector, the samples,
 * and the build test's bad files, with the search step on and a canary in the build's environment.
 */
export function refusedSite(): Promise<SharedSite> {
  const marker = payloadMarker();
  return sharedBuild({
    name: 'refused',
    files: { ...ruleFixtureFiles(marker), ...visibleFiles().files, ...badBuildFiles(marker) },
    config: readFileSync(FIXTURE_CONFIG, 'utf8'),
    env: { POSTMORTEMS_SEARCH: 'on', PM_BUILD_CANARY: buildCanary() },
  });
}
