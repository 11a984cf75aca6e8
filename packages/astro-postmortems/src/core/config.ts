/**
 * The one typed place for everything a team may tune: site identity, severity
 * levels, required sections, blameless wording, the MDX allow-list,
 * contributing-factor categories and the GitHub Issues sync of action items.
 * Defaults are the contract's (`docs/format.md`); the Astro
 * integration, the `check` CLI and the remark-lint preset all read this.
 */
import { z } from 'astro/zod';
import { displayLine } from './terminal-text.ts';
import { fileProblems, UNCHANGEABLE_RULES } from './file-problems.ts';
import { CODE_ELEMENTS, unsafeAttribute } from './unsafe-markup.ts';
import { compileProblem, phrasesRegExp, trackerIdRegExp } from './utils/phrase-patterns.ts';
import { explainUnknownOption } from './migrations.ts';
import { rules as registeredRules } from './rules/index.ts';
import { closest } from './utils/text.ts';
import { POSTMORTEM_STATUSES, type PostmortemStatus } from './frontmatter-schema.ts';
import type { Level } from './messages.ts';
import { AUDIENCES } from './publishing.ts';
import { GITHUB_LOGIN } from './github-markdown.ts';
import { isSitePath, isWebUrl, SITE_PATH_SHAPE } from './urls.ts';

const ruleLevel = z.enum(['error', 'warning', 'off']);

/** Every id `rules` may name: the registered rules and the file problems. */
export function knownRuleIds(): string[] {
  return [...registeredRules, ...fileProblems].map((p) => p.id);
}

/** What is said of a rule id that no rule or file problem has, with the closest one: the configuration's `rules` and `check --explain`. */
export function unknownRuleId(id: string): string {
  const guess = closest(id, knownRuleIds());
  return `Unexpected rule id \`${id}\`, expected one of the rule ids (\`npm run check -- --list-rules\`)${guess ? `; did you mean \`${guess}\`?` : ''}`;
}

/** A configured regular expression that JavaScript compiles (phrase-patterns.ts compiles it the same way for the rules). */
const compiles = (compile: (source: string) => RegExp) => (source: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = compileProblem(() => compile(source));
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: `Unexpected regular expression \`${source}\` that does not compile (${problem}), expected the source of a JavaScript regular expression, without slashes`,
    });
};

/** An absolute http(s) URL (`isWebUrl`): `z.url()` alone takes any scheme, `javascript:` and `ftp:` included. */
const webUrl = (example: string) => z.string().refine(isWebUrl, { message: `Expected an absolute http(s) URL such as \`${example}\`` });

const unsafeAttributeMessage = (attribute: string) =>
  `Unexpected attribute \`${attribute}\`, expected attributes that cannot run code, style or load content (not \`on…\` handlers, \`style\`, \`srcdoc\`, \`action\`, \`formaction\`, \`http-equiv\`, \`nonce\` or \`is\`); remove it`;

const blamelessPhrase = z.strictObject({
  /** A case-insensitive regular expression (source only, no slashes); Unicode property escapes such as `\p{L}` are allowed. */
  pattern: z
    .string()
    .min(1)
    .superRefine(compiles((source) => phrasesRegExp([source]))),
  /** What to write instead; shown in the warning. */
  suggestion: z.string().min(1),
});

const allowedElement = z.strictObject({
  /** Attributes allowed on this element, besides the global ones. Values must be literal strings. */
  attributes: z.array(z.string()).default([]),
});

export const DEFAULT_SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;

export const DEFAULT_REQUIRED_SECTIONS = [
  'Executive Summary',
  'Business Impact',
  'Root Cause',
  'Timeline',
  'Lessons Learned',
  'Action Items',
] as const;

export const DEFAULT_LESSONS_SUBSECTIONS = ['What went well', 'What went wrong', 'Where we got lucky'] as const;

/**
 * Blame-oriented wording and the systems-oriented alternative the warning suggests: judgements that are blame
 * whoever they are about. A person as the subject or owner of a failing ("Sam's fault", "forgot to", "should have
 * known", "his mistake", "human error" named as the cause) is `blameless/blame`'s, which reads the sentence rather
 * than a phrase.
 */
export const DEFAULT_BLAMELESS_PHRASES: z.output<typeof blamelessPhrase>[] = [
  { pattern: String.raw`\bcareless(?:ly|ness)?\b`, suggestion: 'describe which safeguard was missing' },
  { pattern: String.raw`\bnegligen(?:t|ce)\b`, suggestion: 'describe which safeguard was missing' },
  {
    pattern: String.raw`\b(?:sloppy|lazy|incompetent|incompetence|stupid)\b`,
    suggestion: 'describe the system conditions, not the people',
  },
];

/** Formatting tags the contract allows in every postmortem. */
export const DEFAULT_ALLOWED_ELEMENTS: Record<string, z.output<typeof allowedElement>> = {
  br: { attributes: [] },
  sup: { attributes: [] },
  sub: { attributes: [] },
  kbd: { attributes: [] },
  abbr: { attributes: ['title'] },
  mark: { attributes: [] },
  del: { attributes: ['datetime'] },
  ins: { attributes: ['datetime'] },
  details: { attributes: ['open'] },
  summary: { attributes: [] },
};

/**
 * Other names under which the required sections (and the *Lessons Learned*
 * sub-headings) appear in the templates teams already use: the Google SRE
 * book's, PagerDuty's and Atlassian's, and common free-form phrasings. Keys are
 * the configured titles; values are matched case-insensitively after numbering
 * (`1.`, `I.`), emphasis, trailing colons and `?` are dropped. `npm run import`
 * maps headings with them, and `sections/missing` names a heading that is
 * probably the missing section.
 */
export const DEFAULT_SECTION_SYNONYMS: Record<string, string[]> = {
  'Executive Summary': [
    'Summary',
    'Incident summary',
    'Overview',
    'Incident overview',
    'TL;DR',
    'TLDR',
    'Abstract',
    'Description',
    'Incident description',
    'What happened',
    'Background',
  ],
  'Business Impact': [
    'Impact',
    'Customer impact',
    'User impact',
    'Incident impact',
    'Impact assessment',
    'Impact summary',
    'Who was affected',
    'Scope and impact',
    'Blast radius',
  ],
  'Root Cause': [
    'Root causes',
    'Root cause analysis',
    'RCA',
    'Cause',
    'Causes',
    'Why did it happen',
    'Why it happened',
    'Five whys',
    '5 whys',
    'The five whys',
    'Trigger',
    'Triggers',
    'Contributing factors',
    'Contributing causes',
    'Root cause and contributing factors',
    'Analysis',
    'Technical analysis',
  ],
  Timeline: ['Incident timeline', 'Timeline of events', 'Chronology', 'Sequence of events', 'Event log', 'Timeline (all times UTC)'],
  'Lessons Learned': [
    'Lessons',
    'What we learned',
    'Learnings',
    'Key learnings',
    'Takeaways',
    'Key takeaways',
    'Retrospective',
    'Reflections',
  ],
  'Action Items': [
    'Actions',
    'Follow-up actions',
    'Follow-up tasks',
    'Follow-ups',
    'Follow ups',
    'Followup actions',
    'Next steps',
    'Remediation',
    'Remediation items',
    'Remediations',
    'Corrective actions',
    'Corrective and preventative measures',
    'Preventive actions',
    'Tasks',
    'Action plan',
    'Todo',
    'To do',
  ],
  'What went well': ['Things that went well', 'What went right', 'Went well', 'What worked', 'What worked well'],
  'What went wrong': [
    'Things that went wrong',
    'What did not go well',
    "What didn't go well",
    'What went poorly',
    'What could have gone better',
    'What could be improved',
    'Went wrong',
    'Challenges',
  ],
  'Where we got lucky': ['Where we were lucky', 'Where did we get lucky', 'Lucky', 'What was lucky', 'Luck'],
};

const tracker = z
  .object({
    /** URL of one ticket with `{id}` where the id goes, e.g. `https://jira.example.com/browse/{id}`. */
    url: z.string().regex(/^https?:\/\/[^\s]*\{id\}/, {
      message: 'Expected an http(s) URL containing `{id}`, such as `https://jira.example.com/browse/{id}`',
    }),
    /** Regular expression source (anchored for you) an id must match, e.g. `[A-Z][A-Z0-9]+-\d+` (the default, Jira style). */
    idPattern: z
      .string()
      .min(1)
      .superRefine(compiles(trackerIdRegExp))
      .default(String.raw`[A-Z][A-Z0-9]+-\d+`),
  })
  .strict();

/**
 * Contributing-factor categories (format §7) and what each means; the
 * description is shown on the site's `/factors/` page. The defaults are the
 * ones the contract names, drawn from published incident taxonomies: the
 * root-cause categories of the Google SRE Workbook's postmortems ("Postmortem
 * Culture", and its example postmortem's trigger / root-cause fields), the
 * contributing-factor themes of the VOID (Verica Open Incident Database)
 * reports, and the cause classes of Microsoft's study of production cloud
 * incidents (Liu et al., "What bugs cause production cloud incidents?",
 * HotOS 2019). They describe conditions, never people.
 */
export const DEFAULT_FACTOR_CATEGORIES: Record<string, string> = {
  change: 'A deploy, release, migration or rollout: what changed, and what let the change reach users.',
  configuration: 'A configuration, feature flag, policy or infrastructure setting that was wrong, drifted or was unchecked.',
  capacity: 'Load, limits, quotas, pools, disks or scaling: a resource that ran out or did not grow in time.',
  dependency: 'A third party, cloud provider or internal service this one relies on failed or slowed down.',
  'software-defect': 'A bug in our code: a wrong assumption, an unhandled case, a race.',
  hardware: 'Failing or degraded machines, disks, network gear or power.',
  data: 'Bad, unexpected, stale or corrupted data, or a schema that did not match it.',
  process: 'A runbook, checklist, review or on-call practice that was missing, unclear or did not fit the case.',
  communication: 'Information that did not reach the people or systems that needed it, in time.',
  detection: 'Monitoring, alerting or observability that did not show the problem, or showed it late.',
};

/**
 * A CSS colour for `colors`: a hex colour, a colour function of numbers and units (`rgb()`, `hsl()`, `oklch()`…) or a
 * named colour. Nothing else reaches the stylesheet, so a value cannot end the declaration or the rule.
 */
const cssColour = z.string().regex(/^(?:#[0-9a-fA-F]{3,8}|(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([\w.%/,+ -]*\)|[a-zA-Z]+)$/, {
  message: 'Expected a CSS colour such as `#0b5cad`, `oklch(55% 0.15 250)` or `rebeccapurple`',
});

/** The colours the site's stylesheet takes from custom properties (`styles/global.css`), each settable in `colors`. */
export const THEME_COLOURS = [
  'bg',
  'bg-soft',
  'bg-raised',
  'fg',
  'fg-soft',
  'border',
  'border-strong',
  'accent',
  'accent-soft',
  'accent-fg',
  'p1',
  'p2',
  'p3',
  'p4',
  'p1-bg',
  'p2-bg',
  'p3-bg',
  'p4-bg',
  'ok',
  'ok-bg',
  'warn-bg',
  'warn-fg',
  'warn-border',
  'danger-bg',
  'danger-fg',
  'danger-border',
  'mark',
  'chart-detect',
  'chart-resolve',
  'chart-done',
  'grid',
] as const;

const themeColour = z.union([cssColour, z.strictObject({ light: cssColour, dark: cssColour })]);

/** A file of the organisation's repository, `./`-relative to its root, that stays inside it. */
const projectFile = (extension: RegExp, example: string) =>
  z
    .string()
    .regex(/^\.\/[\w./-]+$/, { message: `Expected a path from the repository root such as \`${example}\`` })
    .refine((p) => !p.split('/').includes('..'), { message: 'Expected a path that stays inside the repository' })
    .refine((p) => extension.test(p), { message: `Expected a file such as \`${example}\`` });

/** An address a footer link may go to: a web page, or a path of this site (`tags/`, `/about/`). */
const linkTarget = z.string().refine((href) => /^https?:\/\/[^\s"'<>\\]+$/.test(href) || /^\/?(?!\/)[\w.~%/-]*(?:#[\w-]*)?$/.test(href), {
  message: 'Expected an http(s) URL or a path of the site such as `/about/`',
});

/** The parts of the site an organisation may replace with its own Astro component (`components`). */
export const OVERRIDABLE_COMPONENTS = ['Header', 'Footer', 'PostmortemHeader'] as const;

/** A GitHub login: letters, digits and single hyphens, at most 39 characters (a leading `@` is accepted and dropped). */
const githubHandle = z
  .string()
  .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, { message: 'Expected a GitHub handle such as `octocat` or `@octocat`' })
  .transform((h) => h.replace(/^@/, ''));

/**
 * Whether `full` is a GitHub repository's `owner/name`: an owner as GitHub allows one (letters, digits, single
 * hyphens, at most 39), and a name of letters, digits, `.`, `_` and `-` that is not `.` or `..` (which would put
 * another path of GitHub's API in its place).
 */
export function isGithubRepository(full: string): boolean {
  const [owner = '', name = '', ...rest] = full.split('/');
  return rest.length === 0 && GITHUB_LOGIN.test(owner) && /^[\w.-]{1,100}$/.test(name) && name !== '.' && name !== '..';
}

/** `UTC`, an offset (`+05:30`, `UTC-05:00`) or an IANA zone name that this Node knows. */
function isZone(value: string): boolean {
  if (/^(?:utc|gmt|z|(?:utc|gmt)?\s*[+-]\d{1,2}(?::?\d{2})?)$/i.test(value.trim())) return true;
  if (!value.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z
  .object({
    /** Site name shown in the header, page titles and the feed. */
    title: z.string().min(1).default('Incident Postmortems'),
    /** One sentence under the title on the home page and in social meta tags. */
    description: z.string().default('Blameless postmortems of our incidents: what happened, why, and what we changed.'),
    /** URL of the repository holding the postmortems; enables "Edit" and "History" links. */
    repository: z
      .strictObject({
        /** Web URL of the repository, e.g. `https://github.com/acme/postmortems`. */
        url: webUrl('https://github.com/acme/postmortems'),
        /** Branch the site is built from. */
        branch: z.string().default('main'),
        /**
         * The host's page that creates a file, which the writing page (`/write/`) opens with the new postmortem: a
         * template of `{repository}` (`url`), `{branch}`, `{folder}` (`postmortems`), `{name}` (the file's name),
         * `{path}` (`{folder}/{name}`) and `{content}` (the file's text, left out when too long for a URL, then copied
         * to the clipboard). Default: from the host of `url` — GitLab (`gitlab.` hosts), Gitea and Forgejo
         * (`gitea.`, `forgejo.`, `codeberg.org`), Bitbucket (`bitbucket.org`), otherwise GitHub's form (github.com and
         * GitHub Enterprise). For a self-hosted GitLab: `'{repository}/-/new/{branch}/{folder}?file_name={name}'`.
         */
        newFileUrl: z
          .string()
          .regex(/^(?:\{repository\}|https?:\/\/)/, {
            message:
              'Expected a URL template starting with `{repository}` or `https://`, such as `{repository}/new/{branch}?filename={path}&value={content}`',
          })
          .refine((t) => /\{(?:name|path)\}/.test(t), {
            message: 'Expected `{name}` or `{path}` in the template, so the host names the new file',
          })
          .optional(),
      })
      .optional(),
    /** Severity levels, most critical first. */
    severities: z
      .array(z.string().min(1))
      .min(1)
      .default([...DEFAULT_SEVERITIES]),
    /** Level-2 headings every postmortem must have, in this order. */
    requiredSections: z
      .array(z.string().min(1))
      .min(1)
      .default([...DEFAULT_REQUIRED_SECTIONS]),
    /** The required section whose first paragraph stands in for a missing `summary` (lists, feeds, search, meta tags). */
    summarySection: z.string().default('Executive Summary'),
    /** The required section that may stay empty because the site renders the action items there. */
    actionItemsSection: z.string().default('Action Items'),
    /** The required section holding the timeline (checked by `timeline/order` and `timeline/milestones`). */
    timelineSection: z.string().default('Timeline'),
    /** The required section holding the lessons (checked by `lessons/subsections`). */
    lessonsSection: z.string().default('Lessons Learned'),
    /** Level-3 headings recommended under the lessons section. */
    lessonsSubsections: z.array(z.string()).default([...DEFAULT_LESSONS_SUBSECTIONS]),
    /** Blame-oriented phrases reported by `blameless/language`. */
    blamelessPhrases: z
      .array(blamelessPhrase)
      // Each compiles alone (above); together they must too (a named group `p0` would clash with the rule's own).
      .superRefine((phrases, ctx) => {
        const problem = compileProblem(() => phrasesRegExp(phrases.map((p) => p.pattern)));
        if (problem && phrases.every((p) => !compileProblem(() => phrasesRegExp([p.pattern]))))
          ctx.addIssue({
            code: 'custom',
            message: `Unexpected patterns that do not compile together (${problem}), expected patterns without named groups called \`p0\`, \`p1\`… (the rule joins them into one expression, naming each so)`,
          });
      })
      .default(DEFAULT_BLAMELESS_PHRASES),
    /** JSX/HTML elements allowed in postmortems, with their allowed attributes; never one that can run code, load or embed content, or take input (`script`, `style`, `iframe`, `img`, `form`…: refused when the configuration loads). */
    allowedElements: z
      .record(z.string(), allowedElement)
      .superRefine((elements, ctx) => {
        for (const [name, { attributes }] of Object.entries(elements)) {
          if (CODE_ELEMENTS.has(name.toLowerCase()))
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message: `Unexpected element \`${name}\`, expected elements that cannot run code, load or embed content, or take input (a postmortem is content, never code; images and links are Markdown's); remove it`,
            });
          attributes.forEach((attribute, i) => {
            if (unsafeAttribute(attribute))
              ctx.addIssue({ code: 'custom', path: [name, 'attributes', i], message: unsafeAttributeMessage(attribute) });
          });
        }
      })
      .default(DEFAULT_ALLOWED_ELEMENTS),
    /** Attributes allowed on every allowed element; never `on…` handlers, `style`, `srcdoc`, `action`, `formaction`, `http-equiv`, `nonce` or `is`. */
    globalAttributes: z
      .array(z.string())
      .superRefine((attributes, ctx) => {
        attributes.forEach((attribute, i) => {
          if (unsafeAttribute(attribute)) ctx.addIssue({ code: 'custom', path: [i], message: unsafeAttributeMessage(attribute) });
        });
      })
      .default(['id', 'title', 'lang', 'dir']),
    /**
     * Other headings that mean a required section or a *Lessons Learned* sub-heading, by configured title
     * (default: `DEFAULT_SECTION_SYNONYMS`). Given keys replace the default list of that title; other titles keep theirs.
     */
    sectionSynonyms: z
      .record(z.string(), z.array(z.string().min(1)))
      .default({})
      .transform((given) => ({ ...DEFAULT_SECTION_SYNONYMS, ...given })),
    /**
     * Issue tracker: with it, `actionItems[].link` may be a ticket id such as `OBS-120` (matching `idPattern`), and the
     * site links it to `url` with `{id}` replaced.
     */
    tracker: tracker.optional(),
    /**
     * Contributing-factor categories, kebab-case id → one-line meaning (shown on `/factors/`).
     * Replaces the defaults entirely when set; `factors/unknown-category` reports any other.
     */
    factorCategories: z
      .record(
        z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'Expected a kebab-case category id such as `software-defect`' }),
        z.string().min(1),
      )
      .refine((r) => Object.keys(r).length > 0, { message: 'Expected at least one contributing-factor category' })
      .default(DEFAULT_FACTOR_CATEGORIES),
    /** The GitHub Issues sync of action items (`npm run action-items:sync`) and the weekly overdue report. */
    github: z
      .strictObject({
        /**
         * Action-item owner (as written in `actionItems[].owner`, compared case-insensitively) → GitHub handles.
         * Handles become the assignees of the issues the sync opens and are @-mentioned in the weekly report.
         * An owner missing here gets no assignee and no mention; the report lists it so the map can be completed.
         */
        owners: z.record(z.string().min(1), z.array(githubHandle)).default({}),
        /** Labels on every issue the sync opens; the item's `type` (prevent, detect…) is added as `action-item:<type>`. */
        labels: z.array(z.string().min(1)).default(['postmortem-action-item']),
        /** Where the sync opens issues, `owner/name`; default: the repository of `repository.url` when it is on github.com. */
        issuesRepository: z
          .string()
          .refine(isGithubRepository, { message: 'Expected a GitHub repository as `owner/name`, e.g. `acme/postmortems`' })
          .optional(),
      })
      .default({ owners: {}, labels: ['postmortem-action-item'] }),
    /** The `timeline` command (`npm run timeline`): how timelines drawn from Slack, PagerDuty, Opsgenie and CSV show people and times. */
    timeline: z
      .strictObject({
        /** How people are shown: `roles` (a blameless record: the role configured in `roles`, else `Responder 1`, `Responder 2`…), `names` or `handles`. */
        people: z.enum(['roles', 'names', 'handles']).default('roles'),
        /** Who → role, e.g. `{ U024BE7LH: 'Incident commander', 'maria@acme.com': 'Checkout on-call' }`; who is a Slack user id, a handle, an e-mail address or a name. */
        roles: z.record(z.string().min(1), z.string().min(1)).default({}),
        /** The zone a new draft's timeline is written in: `UTC`, an offset such as `+05:30`, or an IANA zone such as `America/New_York`. An existing Timeline keeps the zone it states. */
        zone: z
          .string()
          .refine(isZone, { message: 'Expected `UTC`, an offset such as `+05:30`, or an IANA zone such as `America/New_York`' })
          .default('UTC'),
        /** Reactions (names without colons) that mark a Slack message for the timeline, e.g. `['pushpin', 'timeline']`; empty: any reaction. */
        reactions: z.array(z.string().min(1)).default([]),
      })
      .default({ people: 'roles', roles: {}, zone: 'UTC', reactions: [] }),
    /**
     * Per-rule level overrides, e.g. `{ 'privacy/email': 'error', 'lessons/subsections': 'off' }`; a level per
     * `status`, e.g. `{ 'blameless/blame': { draft: 'warning' } }` (a status left out keeps the rule's own level).
     */
    rules: z
      .record(
        z.string(),
        z.union([
          ruleLevel,
          z.strictObject(
            Object.fromEntries(POSTMORTEM_STATUSES.map((s) => [s, ruleLevel.optional()])) as Record<
              PostmortemStatus,
              z.ZodOptional<typeof ruleLevel>
            >,
          ),
        ]),
      )
      .superRefine((given, ctx) => {
        const known = knownRuleIds();
        for (const [id, level] of Object.entries(given)) {
          if (UNCHANGEABLE_RULES.has(id) && level !== 'error')
            ctx.addIssue({
              code: 'custom',
              path: [id],
              message: `Unexpected level for \`${id}\`, expected it left an error: a file it reports was not checked, so it cannot pass; remove the entry (on a slow machine, raise POSTMORTEMS_FILE_TIME_LIMIT instead)`,
            });
          if (known.includes(id)) continue;
          ctx.addIssue({ code: 'custom', path: [id], message: unknownRuleId(id) });
        }
      })
      .default({}),
    /** Origin the deployed site is served from, e.g. `https://postmortems.internal.acme.com`; the `SITE_URL` environment variable wins. Canonical links, the feed and the sitemap use it. */
    siteUrl: webUrl('https://postmortems.internal.acme.com').optional(),
    /** Path the site is served under, e.g. `/postmortems/`; the `BASE_PATH` environment variable wins. */
    basePath: z
      .string()
      .refine(isSitePath, { message: `Expected ${SITE_PATH_SHAPE}` })
      .optional(),
    /** Logo in the header, a file under `public/` (put yours in `public/brand/`, which upstream never touches), e.g. `brand/logo.svg`; default: a document icon. */
    logo: z
      .string()
      .regex(/^[\w./-]+$/, 'a path under public/, e.g. brand/logo.svg')
      .refine((p) => !p.split('/').includes('..'), 'stays inside public/')
      .optional(),
    /** Favicon, a file under `public/`, e.g. `brand/favicon.svg`; default: `favicon.svg`. */
    favicon: z
      .string()
      .regex(/^[\w./-]+$/, 'a path under public/, e.g. brand/favicon.svg')
      .refine((p) => !p.split('/').includes('..'), 'stays inside public/')
      .optional(),
    /**
     * Who the built site is for. `internal` (default): every part of a postmortem, the internal ones marked as such.
     * `external` (customers, a public status page): parts marked internal (`<Internal>…</Internal>`, the fields named
     * in `internal:`, items with `internal: true`) are left out of every page, feed, JSON file and the search index.
     * The `POSTMORTEMS_AUDIENCE` environment variable, or `postmortems build --audience external`, wins.
     */
    audience: z
      .enum(AUDIENCES, {
        error: 'Expected `internal` or `external` (set by `audience`, by `POSTMORTEMS_AUDIENCE` or by `postmortems build --audience`)',
      })
      .default('internal'),
    /**
     * Publish `draft` postmortems in production builds too, each with a "Draft" banner (for internal sites that want
     * work in progress visible). Off by default: a draft shows only in `astro dev`, and is nowhere in a build's output.
     * An external build never publishes drafts. When on, `content/placeholder` checks drafts as it checks published
     * postmortems.
     */
    publishDrafts: z.boolean().default(false),
    /**
     * Colours of the site, by custom property of its stylesheet (`accent`, `fg`, `bg`, `p1`…`p4` for the severities…;
     * docs/customising.md lists them): one colour for both themes, or `{ light, dark }`.
     */
    colors: z.partialRecord(z.enum(THEME_COLOURS), themeColour).default({}),
    /** Stylesheets of your own, loaded after the site's, e.g. `['./src/styles/brand.css']`: any rule of the site can be restyled. */
    customCss: z.array(projectFile(/\.css$/, './src/styles/brand.css')).default([]),
    /** Rows per static page of the lists; the `POSTMORTEMS_PAGE_SIZE` environment variable wins (tests set it). */
    pageSize: z
      .strictObject({
        /** Postmortem cards on the list and on each service, tag and contributing-factor page. */
        postmortems: z.int().min(1).max(1000).default(100),
        /** Rows on each action items page. */
        actionItems: z.int().min(1).max(2000).default(200),
      })
      .default({ postmortems: 100, actionItems: 200 }),
    /** The site's footer: links of your own before the engine's, and a sentence of your own in place of the default. */
    footer: z
      .strictObject({
        /** Links shown first, e.g. `[{ label: 'Incident process', href: 'https://wiki.acme.com/incidents' }]`. */
        links: z.array(z.strictObject({ label: z.string().min(1), href: linkTarget })).default([]),
        /** The sentence under the links; default: what blameless means here, and the date of the figures. */
        text: z.string().min(1).optional(),
      })
      .default({ links: [] }),
    /**
     * Your own Astro components in place of the site's, Starlight-style, e.g. `{ Header: './src/components/header.astro' }`:
     * `Header`, `Footer` and `PostmortemHeader` (the title, badges, banners and taxonomy of a postmortem page). Each gets
     * the props of the component it replaces, and may render it: `import Default from 'astro-postmortems/components/header.astro'`.
     */
    components: z.partialRecord(z.enum(OVERRIDABLE_COMPONENTS), projectFile(/\.astro$/, './src/components/header.astro')).default({}),
    /** Let search engines index the site. Off by default: every page has `<meta name="robots" content="noindex, nofollow">` and `robots.txt` disallows everything. */
    indexing: z.boolean().default(false),
  })
  .strict();

export type PostmortemConfig = z.output<typeof configSchema>;
export type RuleSetting = PostmortemConfig['rules'][string];

/**
 * The level of a rule for a postmortem with `status` (one definition for `check`, the build and the editor):
 * the configured level for that status, else the configured level, else the rule's own.
 */
export function levelFor(setting: RuleSetting | undefined, own: Level | 'off', status?: unknown): Level | 'off' {
  if (setting === undefined) return own;
  if (typeof setting === 'string') return setting;
  return (typeof status === 'string' ? setting[status as PostmortemStatus] : undefined) ?? own;
}
export type PostmortemConfigInput = z.input<typeof configSchema>;

/** Validates user options and fills in the contract's defaults. */
export function resolveConfig(input: PostmortemConfigInput = {}): PostmortemConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues
      .flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((key) => unknownOption(i.path, key))
          : [displayLine`  - ${i.path.join('.') || '(root)'}: ${i.message}`],
      )
      .join('\n');
    throw new ConfigError(`Invalid postmortem configuration (${CONFIG_FILE}):\n${details}`);
  }
  return result.data;
}

/** Through `.optional()`, `.default()` and `.transform()` to the schema they wrap. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  const def = schema._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  const inner = def.innerType ?? def.in;
  return inner ? unwrap(inner) : schema;
}

/** The options an object of the configuration takes, at `path` (`[]` for the top level, `['github']`…). */
function optionsAt(path: readonly PropertyKey[]): string[] {
  let schema = unwrap(configSchema);
  for (const key of path) {
    const field = (schema._zod.def as { shape?: Record<string, z.core.$ZodType> }).shape?.[String(key)];
    if (!field) return [];
    schema = unwrap(field);
  }
  const def = schema._zod.def as {
    shape?: Record<string, unknown>;
    keyType?: { options?: unknown; _zod: { def: { entries?: Record<string, string> } } };
  };
  // A record with enumerated keys (`colors`, `components`): its keys.
  return Object.keys(def.shape ?? def.keyType?._zod.def.entries ?? {});
}

function unknownOption(path: readonly PropertyKey[], key: string): string {
  const where = path.join('.');
  // An option a newer version moved or removed: say so, and how to migrate, rather than guess a spelling.
  const migrated = explainUnknownOption(where ? `${where}.${key}` : key);
  if (migrated) return `  - ${where || '(root)'}: ${migrated}`;
  const options = optionsAt(path);
  const guess = closest(key, options);
  return displayLine`  - ${where || '(root)'}: Unexpected option \`${where ? `${where}.` : ''}${key}\`, expected one of ${options.map((o) => `\`${o}\``).join(', ')}${guess ? `; did you mean \`${guess}\`?` : ''}`;
}

/** Where every option is explained, for the hint of a configuration error (an organisation has no docs/ of ours). */
const CONFIG_HINT =
  'Every option is documented in node_modules/astro-postmortems/README.md ("Configuration") and where you hover it in postmortems.config.ts; an option a newer version renamed is migrated by `npx postmortems upgrade`.';

/**
 * A problem of `postmortems.config.ts`, as message + hint (as Starlight and Astro report them): the message names
 * each option and what is wrong with it; the hint says where to look. Astro prints `hint` under the message; the
 * commands print both (`describeConfigError`).
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly hint: string;
  constructor(message: string, hint = CONFIG_HINT) {
    super(message);
    this.hint = hint;
  }
}

/** A configuration error as the commands print it: the message, then the hint. */
export function describeConfigError(error: ConfigError): string {
  return `${error.message}\nHint: ${error.hint}`;
}

/** Typed helper for `postmortems.config.ts`. */
export function defineConfig(config: PostmortemConfigInput): PostmortemConfigInput {
  return config;
}

export const CONFIG_FILE = 'postmortems.config.ts';
