/**
 * Deterministic generator of realistic postmortems for the benchmark: every
 * required section, about 1,500 words, five action items, varied services,
 * tags, offsets and dates over several years, some `related` links. The same
 * seed always gives the same files; every file passes `check` with no error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DEFAULT_FACTOR_CATEGORIES } from '../../packages/astro-postmortems/src/core/config.ts';
import { dirname, join } from 'node:path';
import {
  ADJECTIVES,
  AUTHORS,
  DETECTIONS,
  LUCKY,
  MONITORING,
  NOUNS,
  OFFSETS,
  ROLES,
  SCENARIOS,
  SERVICES,
  TAGS,
  TEAMS,
  VERBS,
  type Scenario,
} from './vocabulary.ts';

const FACTOR_CATEGORIES = Object.keys(DEFAULT_FACTOR_CATEGORIES);

export interface GeneratedPostmortem {
  id: string;
  /** Repository-relative path, `postmortems/YYYY/<id>.mdx`. */
  path: string;
  text: string;
}

export interface GenerateOptions {
  seed?: number;
  /** First and last incident year (inclusive). */
  years?: [number, number];
}

/** mulberry32: small, fast, good enough for test data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = random(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** Skewed towards the start of the list (Zipf-like), so some items are common and most are rare. */
  skewed<T>(list: readonly T[]): T {
    return list[Math.floor(list.length * this.next() ** 2.2)]!;
  }
  some<T>(list: readonly T[], count: number, skew = false): T[] {
    const out = new Set<T>();
    for (let guard = 0; out.size < Math.min(count, list.length) && guard < 200; guard++)
      out.add(skew ? this.skewed(list) : this.pick(list));
    return [...out];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

interface LocalTime {
  /** Epoch ms of the instant. */
  ms: number;
  offset: (typeof OFFSETS)[number];
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** Wall-clock fields of an instant in its own offset. */
function wall(t: LocalTime): { date: string; time: string } {
  const d = new Date(t.ms + offsetMinutes(t.offset) * 60_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

function iso(t: LocalTime): string {
  const w = wall(t);
  return `${w.date}T${w.time}:00${t.offset}`;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? k);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `a` or `an` before a word, by its first letter (good enough for this vocabulary). */
function a(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** One filler sentence built from the neutral pools; the many combinations keep texts from repeating. */
function sentence(rng: Rng, v: Record<string, string>, scenario: Scenario): string {
  const term = () => rng.pick(scenario.terms);
  const templates = [
    () =>
      `${capitalize(rng.pick(ROLES))} ${rng.pick(VERBS)} the ${rng.pick(NOUNS)} for ${v['svc']} and saw ${a(rng.pick(ADJECTIVES))} change in ${term()}.`,
    () =>
      `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} on ${v['dep']} made the ${term()} harder to read during the first ${rng.int(5, 40)} minutes.`,
    () => `We ${rng.pick(VERBS)} the ${rng.pick(NOUNS)} twice because the ${term()} numbers on the ${rng.pick(NOUNS)} did not agree.`,
    () => `${capitalize(term())} had looked ${rng.pick(ADJECTIVES)} for weeks, so nobody connected it with ${v['svc']} at first.`,
    () => `${capitalize(a(rng.pick(ADJECTIVES)))} ${rng.pick(NOUNS)} in ${v['dep']} hid the ${term()} behind a healthy ${rng.pick(NOUNS)}.`,
    () =>
      `The ${rng.pick(NOUNS)} for ${v['svc']} showed ${rng.int(2, 97)}% of requests affected at the worst point, mostly in ${rng.pick(['the EU', 'North America', 'Asia Pacific', 'South America', 'two regions', 'one zone'])}.`,
    () =>
      `${capitalize(rng.pick(ROLES))} opened ${v['ticket']} to follow the ${term()} work after the ${rng.pick(NOUNS)} was ${rng.pick(VERBS)}.`,
    () => `Version ${v['version']} of ${v['svc']} was running on ${rng.int(3, 240)} pods when the ${rng.pick(ADJECTIVES)} ${term()} began.`,
    () =>
      `Host ${v['host']} reported the first ${rng.pick(ADJECTIVES)} ${term()} and the ${rng.pick(NOUNS)} showed it ${rng.int(2, 12)} minutes later.`,
    () =>
      `Nothing in the ${rng.pick(NOUNS)} pointed at ${term()}, which is why the ${rng.pick(NOUNS)} took longer than the ${rng.pick(NOUNS)} suggested.`,
  ];
  return rng.pick(templates)();
}

function paragraph(rng: Rng, v: Record<string, string>, scenario: Scenario, sentences: number, lead?: string): string {
  const out = lead ? [lead] : [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rng, v, scenario));
  return out.join(' ');
}

const SEVERITIES = ['P1', 'P2', 'P2', 'P3', 'P3', 'P3', 'P4', 'P4'] as const;
const ITEM_TYPES = ['prevent', 'detect', 'mitigate', 'process'] as const;

interface Meta {
  id: string;
  year: number;
  services: string[];
}

/** Generates `count` postmortems, oldest first; ids are unique and `related` only names earlier ones. */
export function generatePostmortems(count: number, options: GenerateOptions = {}): GeneratedPostmortem[] {
  const rng = new Rng(options.seed ?? 1);
  const [firstYear, lastYear] = options.years ?? [2019, 2026];
  const start = Date.UTC(firstYear, 0, 3);
  // Incidents end by October of the last year, so none is still awaiting review today.
  const end = Date.UTC(lastYear, 9, 1);
  const step = (end - start) / Math.max(1, count);
  const out: GeneratedPostmortem[] = [];
  const ids = new Set<string>();
  const seen: Meta[] = [];
  for (let i = 0; i < count; i++) {
    const ms = Math.floor(start + i * step + rng.next() * step * 0.9);
    const generated = one(rng, i, ms - (ms % 60_000), ids, seen);
    out.push(generated);
  }
  return out;
}

function one(rng: Rng, index: number, startedMs: number, ids: Set<string>, seen: Meta[]): GeneratedPostmortem {
  const scenario = rng.pick(SCENARIOS);
  const svc = rng.skewed(SERVICES);
  let dep = rng.skewed(SERVICES);
  if (dep === svc) dep = SERVICES[(SERVICES.indexOf(svc) + 7) % SERVICES.length]!;
  const team = rng.pick(TEAMS);
  const prefix = team.slice(0, 3).toUpperCase();
  const v: Record<string, string> = {
    svc,
    dep,
    ticket: `${prefix}-${rng.int(100, 9999)}`,
    version: `${rng.int(1, 9)}.${rng.int(0, 40)}.${rng.int(0, 20)}`,
    host: `${svc.split('-')[0]}-${rng.pick(['use1', 'euw1', 'apse2', 'usw2', 'euc1'])}-${pad(rng.int(1, 48))}`,
  };
  const offset = rng.pick(OFFSETS);
  const started: LocalTime = { ms: startedMs, offset };
  const detectAfter = rng.int(1, 45);
  const mitigateAfter = detectAfter + rng.int(5, 180);
  const resolveAfter = mitigateAfter + rng.int(10, 600);
  const at = (minutes: number): LocalTime => ({ ms: startedMs + minutes * 60_000, offset });
  const date = wall(started).date;
  const year = Number(date.slice(0, 4));

  const title = capitalize(fill(rng.pick(scenario.title), v));
  let slug = `${svc}-${scenario.slug}`;
  let id = `${date}-${slug}`;
  for (let n = 2; ids.has(id); n++) id = `${date}-${slug}-${n}`;
  ids.add(id);
  slug = id.slice(11);

  const services: string[] = [svc, dep, ...rng.some(SERVICES, rng.int(0, 2), true)].filter((s, i, a) => a.indexOf(s) === i);
  const tags = [...scenario.tags.slice(0, rng.int(1, scenario.tags.length)), ...rng.some(TAGS, rng.int(0, 3), true)].filter(
    (t, i, a) => a.indexOf(t) === i,
  );
  const severity = rng.pick(SEVERITIES);
  const authors = rng.some(AUTHORS, rng.int(1, 3));
  // Earlier postmortems that share a service, now and then.
  const related: string[] = [];
  if (seen.length && rng.chance(0.3)) {
    for (let k = seen.length - 1, tries = 0; k >= 0 && tries < 60 && related.length < 2; k--, tries++) {
      if (seen[k]!.services.some((s) => services.includes(s))) related.push(seen[k]!.id);
    }
  }
  seen.push({ id, year, services });

  const trigger = fill(rng.pick(scenario.trigger), v);
  const mechanism = fill(rng.pick(scenario.mechanism), v);
  const symptom = fill(rng.pick(scenario.symptom), v);
  const fix = fill(rng.pick(scenario.fix), v);
  const detection = fill(rng.pick(DETECTIONS), v);
  const users = rng.int(0, 400) * 250;
  const summary = `${capitalize(trigger)}; ${symptom}.`;

  const items = Array.from({ length: 5 }, (_, k) => {
    const type = ITEM_TYPES[k % 4]!;
    const itemTerm = rng.pick(scenario.terms);
    const titles = {
      prevent: [
        `Add a guard against ${itemTerm} in ${svc}`,
        `Stage rollouts of ${itemTerm} changes to one region first`,
        `Remove the synchronous dependency of ${svc} on ${dep}`,
      ],
      detect: [
        `Alert on ${itemTerm} for ${svc}`,
        `Add a dashboard panel for ${itemTerm} on ${dep}`,
        `Page the owning team when ${itemTerm} crosses its threshold`,
      ],
      mitigate: [
        `Write a runbook step to shed load from ${dep}`,
        `Add a kill switch for the ${itemTerm} path`,
        `Automate the rollback of ${svc} configuration`,
      ],
      process: [
        `Review ${itemTerm} changes in the weekly change meeting`,
        `Run a game day on ${scenario.slug.replace(/-/g, ' ')}`,
        `Add ${svc} to the pre-release checklist`,
      ],
    }[type];
    const done = year < 2026 ? rng.chance(0.8) : rng.chance(0.3);
    const status = done ? rng.pick(['done', 'done', 'done', 'wont-do'] as const) : rng.pick(['open', 'in-progress'] as const);
    // Open work is due in the future, so the generated repository has no overdue warnings.
    const due = done
      ? wall(at(resolveAfter + rng.int(7, 120) * 1440)).date
      : `${rng.int(2027, 2028)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    return {
      title: rng.pick(titles),
      owner: rng.pick(TEAMS),
      due,
      status,
      type,
      link: `https://tracker.example.com/${prefix}-${rng.int(1000, 9999)}`,
    };
  });

  const fm: string[] = [
    '---',
    `title: ${yamlString(title)}`,
    ...(rng.chance(0.8) ? [`summary: ${yamlString(summary)}`] : []),
    `severity: ${severity}`,
    'status: published',
    'incident:',
    `  started: ${iso(started)}`,
    `  detected: ${iso(at(detectAfter))}`,
    `  mitigated: ${iso(at(mitigateAfter))}`,
    `  resolved: ${iso(at(resolveAfter))}`,
    'services:',
    ...services.map((s) => `  - ${s}`),
    'tags:',
    ...tags.map((t) => `  - ${t}`),
    'authors:',
    ...authors.map((a) => `  - ${yamlString(a)}`),
    'impact:',
    `  usersAffected: ${users}`,
    `  financial: ${yamlString(rng.chance(0.4) ? 'none' : `$${(rng.int(1, 400) * 500).toLocaleString('en-US')} in SLA credits`)}`,
    `  sloBreached: ${severity === 'P1' || severity === 'P2'}`,
    `  dataLoss: ${rng.chance(0.05)}`,
    'actionItems:',
    ...items.flatMap((item) => [
      `  - title: ${yamlString(item.title)}`,
      `    owner: ${item.owner}`,
      `    due: ${item.due}`,
      `    status: ${item.status}`,
      `    type: ${item.type}`,
      `    link: ${item.link}`,
    ]),
    // Every published incident names what contributed (format §7), as `factors/missing` asks of the severe ones.
    'contributingFactors:',
    `  - category: ${rng.pick(FACTOR_CATEGORIES)}`,
    `    description: ${yamlString(`The incident happened because ${mechanism}.`.slice(0, 280))}`,
    ...(related.length ? ['related:', ...related.map((r) => `  - ${r}`)] : []),
    ...(index % 97 === 0 ? ['featured: true'] : []),
    '---',
  ];

  const body: string[] = [];
  const s = (count: number, lead?: string) => paragraph(rng, v, scenario, count, lead);
  const w = wall(started);
  body.push(
    '## Executive Summary',
    s(
      rng.int(4, 6),
      `On ${w.date} from ${w.time} (UTC${offset === 'Z' ? '' : offset}) ${svc} had ${a(rng.pick(ADJECTIVES))} incident: ${trigger}, and ${symptom}.`,
    ),
    s(rng.int(4, 6), `The underlying problem was that ${mechanism}.`),
    s(rng.int(2, 4), `We ${fix}, and the service recovered ${mitigateAfter} minutes after the start.`),
  );
  body.push(
    '## Business Impact',
    [
      `- **Duration:** ${mitigateAfter} minutes of degraded service, resolved after ${Math.round(resolveAfter / 6) / 10} hours.`,
      `- **Customers:** about ${users.toLocaleString('en-US')} users were affected; ${rng.int(2, 95)}% of them retried successfully after recovery.`,
      `- **Requests:** ${rng.int(1, 900)},${String(rng.int(0, 999)).padStart(3, '0')} requests to ${svc} failed or timed out.`,
      `- **Support:** ${rng.int(0, 400)} tickets were opened, most of them about ${rng.pick(scenario.terms)}.`,
    ].join('\n'),
    s(rng.int(4, 6)),
  );
  const whys = [
    `Why did ${svc} fail? Because ${symptom}.`,
    `Why did that happen? Because ${mechanism}.`,
    `Why was that possible? Because ${trigger}.`,
    `Why was it not caught before production? Because our tests did not cover ${rng.pick(scenario.terms)} under production load.`,
    `Why not? Because the ${rng.pick(NOUNS)} for ${dep} had no owner after a team change, and nobody reviewed its limits.`,
  ];
  body.push(
    '## Root Cause',
    s(
      rng.int(3, 5),
      `The root cause was ${rng.pick(['a latent design gap', 'an unsafe default', 'a missing safeguard', 'an untested interaction'])} between ${svc} and ${dep}.`,
    ),
    whys.map((q, k) => `${k + 1}. ${q} ${sentence(rng, v, scenario)}`).join('\n'),
    s(
      rng.int(4, 6),
      `Contributing factors: ${rng.pick(scenario.terms)}, ${rng.pick(scenario.terms)} and ${a(rng.pick(ADJECTIVES))} ${rng.pick(NOUNS)}.`,
    ),
  );
  // Timeline, in the incident's own offset; a new day is written out.
  const stamps = [0, detectAfter];
  const entries = rng.int(14, 20);
  for (let k = 0; k < entries - 4; k++) stamps.push(detectAfter + Math.floor(((mitigateAfter - detectAfter) * (k + 1)) / (entries - 3)));
  stamps.push(mitigateAfter, resolveAfter);
  stamps.sort((a, b) => a - b);
  let day = '';
  const timeline = stamps.map((m, k) => {
    const t = wall(at(m));
    const label = t.date === day ? t.time : `${t.date} ${t.time}`;
    day = t.date;
    const what =
      k === 0
        ? `${capitalize(trigger)}.`
        : m === detectAfter
          ? `${capitalize(detection)} paged ${rng.pick(ROLES)}.`
          : m === mitigateAfter
            ? `${capitalize(fix)}; error rates returned to normal.`
            : k === stamps.length - 1
              ? 'Incident resolved; monitoring continued for one hour.'
              : sentence(rng, v, scenario);
    return `- **${label}** ${what}`;
  });
  body.push('## Timeline', timeline.join('\n'));
  body.push(
    '## Lessons Learned',
    '### What went well',
    s(rng.int(3, 5), `The ${rng.pick(NOUNS)} for ${svc} made the ${rng.pick(ADJECTIVES)} part of the failure easy to see.`),
    '### What went wrong',
    s(rng.int(4, 6), `It took ${detectAfter} minutes to detect and ${mitigateAfter - detectAfter} more to mitigate, because ${mechanism}.`),
    '### Where we got lucky',
    s(rng.int(2, 3), `${capitalize(fill(rng.pick(LUCKY), v))}.`),
    fill(rng.pick(MONITORING), { n: String(detectAfter) }),
  );
  if (rng.chance(0.6)) {
    body.push(
      '## Supporting Information',
      s(rng.int(2, 4), `Graphs of ${rng.pick(scenario.terms)} and ${rng.pick(scenario.terms)} are attached to ${v['ticket']}.`),
      rng.chance(0.5)
        ? `<details>\n<summary>Query used during the investigation</summary>\n\n\`\`\`sql\nSELECT state, count(*) FROM pg_stat_activity WHERE application_name = '${svc}' GROUP BY state;\n\`\`\`\n\n</details>`
        : `Press <kbd>Ctrl</kbd>+<kbd>K</kbd> in the ${rng.pick(NOUNS)} to open the saved <abbr title="service level objective">SLO</abbr> view for \`${svc}\`.`,
    );
  }
  body.push('## Action Items', 'The table lists every follow-up; each has an owner and a due date.');

  const text = `${fm.join('\n')}\n\n${body.join('\n\n')}\n`;
  return { id, path: `postmortems/${year}/${id}.mdx`, text };
}

/** Writes the generated files under `root`; returns them. */
export function writePostmortems(root: string, count: number, options: GenerateOptions = {}): GeneratedPostmortem[] {
  const files = generatePostmortems(count, options);
  for (const file of files) {
    const abs = join(root, file.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, file.text);
  }
  return files;
}
