/**
 * The text of a freshly scaffolded postmortem. Pure, so tests can check it
 * against the rules without touching the disk.
 *
 * Decision (documented in CONTRIBUTING.md): the guidance written into each
 * section is ordinary Markdown content, so a fresh scaffold is a *valid
 * draft*: `check` reports no error for it, and the author can open a pull
 * request at once. The guidance is set in block quotes that start with
 * "Replace this quote" so it is easy to spot and delete; the reviewer's
 * checklist (pull request template) asks that none is left before publishing.
 * MDX comments (`{/* *\/}`) cannot be used for guidance: they are
 * expressions, which postmortems forbid (`mdx/no-expression`).
 *
 * The site's writing page (`/write/`) builds its file with these very functions: what its form holds is written
 * live, every optional field it leaves empty stays the commented example `npm run new` writes, and its body starts
 * as `scaffoldBody`. It runs in the browser, so this module uses no Node API.
 */
import type { PostmortemConfig } from '../core/config.ts';
import { normalizeHeading } from '../core/rule.ts';
import { yamlString, yamlWord } from '../core/utils/text.ts';
import { isIsoDate, localDate, offsetLabel } from '../core/utils/time.ts';

export interface ScaffoldInput {
  /** §7: `near-miss` writes `kind: near-miss` and a shorter scaffold; default `incident`. */
  kind?: 'incident' | 'near-miss';
  /** §7 contributing factors given with `--factor` or at the prompt; none → a commented example. */
  factors?: readonly { category: string; description: string }[];
  title: string;
  severity: string;
  services: readonly string[];
  authors: readonly string[];
  /** ISO 8601 date-time with offset. */
  started: string;
  /** What the writing page's form may give besides; each is written live when given, else left as the commented example. */
  summary?: string;
  status?: 'draft' | 'in-review' | 'published';
  detected?: string;
  mitigated?: string;
  resolved?: string;
  tags?: readonly string[];
  impact?: { usersAffected?: number; financial?: string; sloBreached?: boolean; dataLoss?: boolean };
  review?: { date?: string; facilitator?: string };
  actionItems?: readonly ScaffoldActionItem[];
  related?: readonly string[];
}

export interface ScaffoldActionItem {
  title: string;
  owner: string;
  due: string;
  type?: string;
  status?: string;
  link?: string;
}

/** `YYYY-MM-DD` plus `days` calendar days, for example due dates in comments. */
function plusDays(date: string, days: number): string {
  // The writing page scaffolds while its start field is still being typed: an example date then, never a throw.
  if (!isIsoDate(date)) return 'YYYY-MM-DD';
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function scaffoldFrontmatter(input: ScaffoldInput, categories: readonly string[] = []): string {
  const day = localDate(input.started);
  const nearMiss = input.kind === 'near-miss';
  const factors = input.factors?.length
    ? [
        'contributingFactors:',
        ...input.factors.flatMap((f) => [`  - category: ${yamlWord(f.category)}`, `    description: ${yamlString(f.description)}`]),
      ]
    : [
        `# Contributing factors: conditions that made it more likely, larger or longer; never a person.${categories.length ? ` Categories: ${categories.join(', ')}.` : ''}`,
        '# contributingFactors:',
        '#   - category: configuration',
        '#     description: "The pool size had no range check, so a value ten times too small passed review."',
      ];
  const time = (key: 'detected' | 'mitigated' | 'resolved', comment: string) =>
    input[key]
      ? `  ${key}: ${input[key]}`
      : `  # ${key}: ${day}T00:00:00${offsetOf(input.started)}${' '.repeat(11 - key.length)}# ${comment}`;
  const impact = input.impact && Object.values(input.impact).some((v) => v !== undefined) ? input.impact : undefined;
  const review = input.review && (input.review.date || input.review.facilitator) ? input.review : undefined;
  // Only the required fields (and what the writing page's form gives) are live; the other optional ones are YAML
  // comments, so the file is valid as written and an author uncomments what applies.
  return [
    '---',
    `title: ${yamlString(input.title)}`,
    input.summary
      ? `summary: ${yamlString(input.summary)}`
      : '# summary: "One sentence for lists, feeds and search (optional; defaults to the first paragraph of the Executive Summary)."',
    `severity: ${yamlWord(input.severity)}`,
    '# draft while writing; in-review when the pull request is ready for review (needs incident.resolved); published after the review.',
    `status: ${input.status ?? 'draft'}`,
    ...(nearMiss
      ? ['# A near miss: it could have hurt and did not. Business Impact describes the potential impact.', 'kind: near-miss']
      : []),
    'incident:',
    `  started: ${input.started}`,
    time('detected', 'when an alert or a person first noticed'),
    time('mitigated', 'when the impact stopped growing'),
    time('resolved', 'back to normal; required from status in-review on'),
    'services:',
    ...input.services.map((s) => `  - ${s}`),
    ...(input.tags?.length ? ['tags:', ...input.tags.map((t) => `  - ${t}`)] : ['# tags: [config-change, database]']),
    'authors:',
    ...input.authors.map((a) => `  - ${yamlString(a)}`),
    ...(impact
      ? [
          'impact:',
          ...(impact.usersAffected !== undefined ? [`  usersAffected: ${impact.usersAffected}`] : []),
          ...(impact.financial !== undefined ? [`  financial: ${yamlString(impact.financial)}`] : []),
          ...(impact.sloBreached !== undefined ? [`  sloBreached: ${impact.sloBreached}`] : []),
          ...(impact.dataLoss !== undefined ? [`  dataLoss: ${impact.dataLoss}`] : []),
        ]
      : nearMiss
        ? []
        : ['# impact:', '#   usersAffected: 0', '#   financial: none', '#   sloBreached: false', '#   dataLoss: false']),
    ...factors,
    '# The review meeting; a review date satisfies the 7-business-day review deadline.',
    ...(review
      ? [
          'review:',
          ...(review.date ? [`  date: ${review.date}`] : []),
          ...(review.facilitator ? [`  facilitator: ${yamlString(review.facilitator)}`] : []),
        ]
      : ['# review:', `#   date: ${plusDays(day, 7)}`, '#   facilitator: "Incident review group"']),
    '# Action items: at least one before publishing. An outcome, one owner (a team or a handle), a due date.',
    ...(input.actionItems?.length
      ? ['actionItems:', ...input.actionItems.flatMap(actionItemLines)]
      : [
          '# actionItems:',
          '#   - title: Alert when checkout error rate exceeds 2% for 5 minutes',
          '#     owner: checkout-team',
          `#     due: ${plusDays(day, 14)}`,
          '#     type: detect        # prevent | detect | mitigate | process',
          '#     status: open        # open | in-progress | done | wont-do',
          '#     link: https://tracker.example.com/browse/OPS-123',
        ]),
    ...(input.related?.length
      ? ['related:', ...input.related.map((r) => `  - ${yamlWord(r)}`)]
      : ['# related: [2024-05-02-example-database-failover]']),
    '---',
  ].join('\n');
}

function actionItemLines(item: ScaffoldActionItem): string[] {
  return [
    `  - title: ${yamlString(item.title)}`,
    `    owner: ${yamlString(item.owner)}`,
    `    due: ${yamlWord(item.due)}`,
    ...(item.type ? [`    type: ${yamlWord(item.type)}`] : []),
    ...(item.status ? [`    status: ${yamlWord(item.status)}`] : []),
    ...(item.link ? [`    link: ${yamlString(item.link)}`] : []),
  ];
}

function offsetOf(dateTime: string): string {
  const m = /([Zz]|[+-]\d{2}:?\d{2})$/.exec(dateTime);
  return m ? m[1]!.toUpperCase() : 'Z';
}

type SectionWriter = (input: ScaffoldInput, config: PostmortemConfig) => string;

const guidance: Record<string, SectionWriter> = {
  'executive summary': () =>
    [
      '> Replace this quote with three to five sentences a busy reader can stop after: what happened, who was affected and for how long, the cause in one line, and the most important change we are making. The first paragraph becomes the summary in lists and search unless `summary` is set.',
    ].join('\n'),
  'business impact': () =>
    [
      '> Replace this quote with what users and the business felt. Use numbers where you have them and say "unknown" rather than guess.',
      '',
      '- **Duration:** _from when to when, in which offset_',
      '- **Users affected:** _how many, which ones, what they could not do_',
      '- **Financial:** _none, or SLA credits, refunds, lost orders_',
      '- **SLO:** _breached or not, and how much error budget it used_',
      '- **Data:** _whether any data was lost or exposed_',
    ].join('\n'),
  'root cause': () =>
    [
      '> Replace this quote with the Five Whys. Start from what users saw and ask "why?" until the answer is a condition in a system or process that we can change; five is a habit, not a rule. Each answer is a fact someone can check. When an answer is a person\'s action, the next "why?" asks what made that action reasonable at the time.',
      '',
      '1. **Why did _what users saw_ happen?** Because _…_',
      '2. **Why did _that_ happen?** Because _…_',
      '3. **Why …?** Because _…_',
      '4. **Why …?** Because _…_',
      '5. **Why …?** Because _…_',
      '',
      '**Contributing factors**',
      '',
      '- _Conditions that did not cause the incident on their own but made it more likely, larger or longer; list each in `contributingFactors` in the frontmatter too, with a category, so the site can show what keeps contributing across incidents._',
    ].join('\n'),
  timeline: (input) =>
    [
      '> Replace this quote with one line per event, oldest first: impact starts, detection (and how), key decisions with what was known then, mitigation, resolution. Start an entry with the date when the day changes; otherwise the time is enough.',
      '',
      `All times ${offsetLabel(input.started)}.`,
      '',
      `- **${localDate(input.started)} ${input.started.slice(11, 16)}** — Impact starts: _what users saw_.`,
      '- **HH:MM** — Detected: _which alert or person noticed, and how_.',
      '- **HH:MM** — _A key decision or action, and why it made sense with what was known then_.',
      '- **HH:MM** — Mitigated: _what stopped the impact_.',
      '- **HH:MM** — Resolved: _what brought the system back to normal_.',
    ].join('\n'),
  'lessons learned': (_input, config) =>
    [
      '> Replace this quote with what this incident taught us about our systems and processes. Say whether monitoring or an alert caught it, and how fast.',
      '',
      ...config.lessonsSubsections.flatMap((heading) => [`### ${heading}`, '', `- _${lessonHint(heading)}_`, '']),
    ]
      .join('\n')
      .trimEnd(),
  'action items': () =>
    [
      '> The site lists the `actionItems` from the frontmatter here, so this section needs no prose; you may delete this quote. Add at least one item before publishing: an outcome, one owner, a due date, and a tracker link if there is one.',
    ].join('\n'),
};

function lessonHint(heading: string): string {
  switch (normalizeHeading(heading)) {
    case 'what went well':
      return 'what helped: tooling, runbooks, people being available, a fast rollback';
    case 'what went wrong':
      return 'what made it worse or slower; did monitoring or an alert catch it, and how fast?';
    case 'where we got lucky':
      return 'what limited the damage by chance and will not next time';
    default:
      return 'write this part';
  }
}

/** §7: a near miss gets shorter guidance: what could have happened, why it did not, and what closes the gap. */
const nearMissGuidance: Record<string, SectionWriter> = {
  'executive summary': () =>
    '> Replace this quote with two or three sentences: what almost happened, what stopped it, and the most important change.',
  'business impact': () =>
    '> Replace this quote with the potential impact: who would have been affected, how badly and for how long, had nothing stopped it. Say what actually happened too, even if it was nothing.',
  'root cause': () =>
    [
      '> Replace this quote with why it could happen, as a few whys, and what stopped it.',
      '',
      '1. **Why could _what almost happened_ happen?** Because _…_',
      '2. **Why …?** Because _…_',
    ].join('\n'),
  timeline: (input) =>
    [
      `> Replace this quote with the few events that matter, oldest first. All times ${offsetLabel(input.started)}.`,
      '',
      `- **${localDate(input.started)} ${input.started.slice(11, 16)}** — _What was noticed, and how_.`,
    ].join('\n'),
};

/** Maps the configured section names to the guidance written for the default ones. */
function writerFor(title: string, config: PostmortemConfig, kind: ScaffoldInput['kind'] = 'incident'): SectionWriter {
  const key = normalizeHeading(title);
  if (kind === 'near-miss') {
    const short = key === normalizeHeading(config.timelineSection) ? nearMissGuidance['timeline'] : nearMissGuidance[key];
    if (short) return short;
  }
  if (key === normalizeHeading(config.timelineSection)) return guidance['timeline']!;
  if (key === normalizeHeading(config.lessonsSection)) return guidance['lessons learned']!;
  if (key === normalizeHeading(config.actionItemsSection)) return guidance['action items']!;
  return guidance[key] ?? (() => '> Replace this quote with the content of this section.');
}

/** The body: every required section, in order, each with guidance. */
export function scaffoldBody(input: ScaffoldInput, config: PostmortemConfig): string {
  return `${config.requiredSections.map((title) => `## ${title}\n\n${writerFor(title, config, input.kind)(input, config)}`).join('\n\n')}\n`;
}

/** The frontmatter and the body of a file as the writing page and `npm run new` join them. */
export function joinFile(frontmatter: string, body: string): string {
  return `${frontmatter}\n\n${body}`;
}

/** The whole file: frontmatter plus every required section, in order, each with guidance. */
export function scaffold(input: ScaffoldInput, config: PostmortemConfig): string {
  return joinFile(scaffoldFrontmatter(input, Object.keys(config.factorCategories)), scaffoldBody(input, config));
}
