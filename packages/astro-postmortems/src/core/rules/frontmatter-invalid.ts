import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { closest } from '../utils/text.ts';

/** Fields the contract defines at each level, for "did you mean" hints. */
const KNOWN: Record<string, string[]> = {
  '': [
    'title',
    'summary',
    'severity',
    'status',
    'kind',
    'incident',
    'services',
    'tags',
    'authors',
    'impact',
    'contributingFactors',
    'review',
    'actionItems',
    'related',
    'featured',
    'internal',
  ],
  incident: ['started', 'detected', 'mitigated', 'resolved'],
  impact: ['usersAffected', 'financial', 'sloBreached', 'dataLoss'],
  actionItems: ['title', 'description', 'owner', 'due', 'status', 'type', 'link', 'imported', 'internal'],
  contributingFactors: ['category', 'description', 'internal'],
  review: ['date', 'facilitator'],
};

/**
 * Fields that other templates and trackers call by another name, so "did you mean" can answer by meaning where
 * spelling would mislead (`bug` is one letter from `due`, but it is the ticket). Keys are lower-cased with `_`, `-`
 * and spaces removed.
 */
const MEANING: Record<string, Record<string, string>> = {
  '': {
    sev: 'severity',
    priority: 'severity',
    level: 'severity',
    impactlevel: 'severity',
    incidentseverity: 'severity',
    service: 'services',
    systems: 'services',
    system: 'services',
    components: 'services',
    component: 'services',
    affectedservices: 'services',
    affectedsystems: 'services',
    author: 'authors',
    writtenby: 'authors',
    owner: 'authors',
    owners: 'authors',
    postmortemowner: 'authors',
    createdby: 'authors',
    labels: 'tags',
    label: 'tags',
    keywords: 'tags',
    categories: 'tags',
    actions: 'actionItems',
    actionitems: 'actionItems',
    action: 'actionItems',
    followups: 'actionItems',
    followup: 'actionItems',
    tasks: 'actionItems',
    todo: 'actionItems',
    todos: 'actionItems',
    remediation: 'actionItems',
    remediations: 'actionItems',
    description: 'summary',
    tldr: 'summary',
    abstract: 'summary',
    overview: 'summary',
    name: 'title',
    headline: 'title',
    subject: 'title',
    state: 'status',
    stage: 'status',
    date: 'incident',
    times: 'incident',
    started: 'incident',
    start: 'incident',
    resolved: 'incident',
    detected: 'incident',
    mitigated: 'incident',
    seealso: 'related',
    similar: 'related',
    links: 'related',
  },
  incident: {
    start: 'started',
    begin: 'started',
    began: 'started',
    starttime: 'started',
    startedat: 'started',
    date: 'started',
    impactstart: 'started',
    detect: 'detected',
    detection: 'detected',
    detectedat: 'detected',
    noticed: 'detected',
    alerted: 'detected',
    mitigation: 'mitigated',
    mitigatedat: 'mitigated',
    end: 'resolved',
    ended: 'resolved',
    endtime: 'resolved',
    resolution: 'resolved',
    resolvedat: 'resolved',
    fixed: 'resolved',
    closed: 'resolved',
    recovered: 'resolved',
  },
  impact: {
    users: 'usersAffected',
    affectedusers: 'usersAffected',
    customers: 'usersAffected',
    customersaffected: 'usersAffected',
    cost: 'financial',
    money: 'financial',
    revenue: 'financial',
    slacredits: 'financial',
    slo: 'sloBreached',
    slobreach: 'sloBreached',
    sla: 'sloBreached',
    slabreached: 'sloBreached',
    dataloss: 'dataLoss',
    datalost: 'dataLoss',
  },
  actionItems: {
    bug: 'link',
    ticket: 'link',
    jira: 'link',
    issue: 'link',
    url: 'link',
    tracker: 'link',
    tracking: 'link',
    ref: 'link',
    reference: 'link',
    href: 'link',
    assignee: 'owner',
    assignedto: 'owner',
    assigned: 'owner',
    responsible: 'owner',
    who: 'owner',
    dri: 'owner',
    team: 'owner',
    owners: 'owner',
    deadline: 'due',
    duedate: 'due',
    date: 'due',
    eta: 'due',
    by: 'due',
    target: 'due',
    targetdate: 'due',
    when: 'due',
    action: 'title',
    task: 'title',
    item: 'title',
    description: 'title',
    name: 'title',
    summary: 'title',
    what: 'title',
    state: 'status',
    progress: 'status',
    done: 'status',
    kind: 'type',
    category: 'type',
  },
};

/** What a date field holds, said the way the author writes it, instead of zod's "expected a string". */
function expectedFormat(path: readonly PropertyKey[]): string | undefined {
  const [first, , third] = path;
  // `incident` itself is the map of times (a lone date-time there is a common slip), its fields are the times.
  if (first === 'incident' && path.length === 1)
    return "a map of the incident's times: `started:` (an ISO 8601 date-time with offset, such as `2024-10-15T14:05:00Z`) on an indented line, then `detected:`, `mitigated:` and `resolved:` as they are known";
  if (first === 'incident') return 'an ISO 8601 date-time with offset, such as `2024-10-15T14:05:00Z` or `2024-10-15T09:05:00-05:00`';
  if (first === 'actionItems' && third === 'due') return 'a date `YYYY-MM-DD`, such as `2024-11-30`';
  return undefined;
}

export const frontmatterInvalid: Rule = {
  id: 'frontmatter/invalid',
  level: 'error',
  description: 'Missing, mistyped or unknown frontmatter field, bad enum value or bad date.',
  docs: {
    meaning:
      'A frontmatter field is missing, mistyped or unknown, an enum value is not allowed, or a date is malformed (also the §7 fields: `kind`, a `contributingFactors[].description` outside 8–280 characters, `review.date`); the fences are ambiguous (a second byte-order mark, a first line that only starts with `---`, `+++`, `---`/`...` with trailing spaces or tabs, `...` alone, no closing `---`); or the YAML gives a warning (such as an unknown tag `!!js/function`). The message names the field path; for an unknown field it suggests the field meant, by meaning (`bug`, `ticket`, `jira` → `link`; `assignee` → `owner`; `deadline` → `due`) or by spelling; for a date it says the format (`YYYY-MM-DD` for `due`, ISO 8601 with offset for incident times). A ticket id in `link` needs `tracker` in the configuration.',
    fix: 'Fix the named field or fence. `npx postmortems schema` prints every field with what it takes (the JSON Schema the package ships as `astro-postmortems/schema.json`, which editors show as you type).',
    trigger: '`severty: P1`, `status: done`, `started: 2026-11-20 14:05`, `---<TAB>`',
    ok: [{ fixture: 'ok-offsets.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-no-offset.mdx',
        message:
          'Invalid `incident.started` `2025-03-04T09:12:00`: Expected an offset after the time, such as `Z` for UTC or `-05:00`; add the offset of the clock the time was read from',
      },
    ],
  },
  check(ctx) {
    const fm = ctx.file.frontmatter;
    // A fence problem means the file could be split more than one way: report it alone, the fields come after.
    for (const fence of fm.fences) ctx.report(fence.point, fence.message);
    if (fm.fences.length || fm.skipped) return;
    if (!fm.present) {
      ctx.report(
        fm.start,
        'Missing frontmatter, expected a `---` block at the top of the file with `title`, `severity`, `status`, `incident`, `services` and `authors` (run `npm run new` for a template)',
      );
      return;
    }
    for (const err of fm.errors)
      ctx.report(err.point, `Invalid YAML in frontmatter: ${err.reason}; fix the YAML syntax (quote values containing \`:\` or \`#\`)`);
    if (fm.errors.length) return;
    if (!ctx.raw) {
      ctx.report(fm.start, 'Unexpected frontmatter that is not a map of fields, expected `key: value` lines');
      return;
    }
    for (const issue of ctx.validation?.issues ?? []) {
      const path = issue.path as PropertyKey[];
      // `actionItems[1].due`, so the author knows which item is meant.
      const dotted = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
      if (issue.code === 'unrecognized_keys') {
        const parent = String(path.filter((p) => typeof p === 'string').join('.'));
        for (const key of issue.keys) {
          const field = dotted ? `${dotted}.${key}` : key;
          const known = KNOWN[parent] ?? [];
          const guess = MEANING[parent]?.[key.toLowerCase().replace(/[\s_-]+/g, '')] ?? closest(key, known);
          const hint = guess ? `; did you mean ${code(guess)}?` : known.length ? `; expected one of ${known.map(code).join(', ')}` : '';
          ctx.report(fm.locateKey([...path, key]), `Unexpected unknown field ${code(field)}${hint}`);
        }
        continue;
      }
      // zod leaves the value out of its issues; quote what the author wrote at that path.
      const input = valueAt(ctx.raw, path);
      if (issue.code === 'invalid_type') {
        const expected = expectedFormat(path) ?? describeExpected(issue.expected);
        if (input === undefined) ctx.report(fm.locate(path.slice(0, -1)), `Missing required field ${code(dotted)}, expected ${expected}`);
        else ctx.report(fm.locate(path), `Unexpected ${code(dotted)} value ${code(input)}, expected ${expected}`);
        continue;
      }
      if (issue.code === 'invalid_value') {
        const values = (issue as { values?: unknown[] }).values ?? [];
        if (input === undefined)
          ctx.report(
            fm.locate(path.slice(0, -1)),
            `Missing required field ${code(dotted)}, expected one of ${values.map(code).join(', ')}`,
          );
        else {
          const guess = typeof input === 'string' ? closest(input, values.map(String)) : undefined;
          ctx.report(
            fm.locate(path),
            `Unexpected ${code(dotted)} value ${code(input)}, expected one of ${values.map(code).join(', ')}${guess ? `; did you mean ${code(guess)}?` : ''}`,
          );
        }
        continue;
      }
      const shown = input === undefined ? '' : ` ${code(input)}`;
      ctx.report(fm.locate(path), `Invalid ${code(dotted || 'frontmatter')}${shown}: ${issue.message}`);
    }
  },
};

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeExpected(expected: unknown): string {
  switch (expected) {
    case 'array':
      return 'a list, one `- item` per line';
    case 'object':
      return 'a map of fields';
    default:
      return `a ${String(expected)}`;
  }
}
