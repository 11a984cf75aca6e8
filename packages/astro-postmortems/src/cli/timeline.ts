/**
 * `npm run timeline -- <source>... [--into <postmortem> | --new …] [options]`
 *
 * Draws a postmortem's timeline from the incident's own record: a Slack
 * channel export, PagerDuty log entries, Opsgenie / Jira Service Management
 * logs and timelines, or a CSV. It inserts the entries into the Timeline
 * section of an existing postmortem (nothing else in the file changes), or
 * starts a draft with `npm run new`'s scaffold; it never overwrites a file,
 * and `--dry-run` prints what it would write.
 *
 * A command of its own rather than a mode of `import`: `import` turns whole
 * documents into new postmortems and never edits one; this reads event logs,
 * edits one section of an existing postmortem, and has its own choices
 * (which messages, which zone, how people appear, what to do with a secret).
 *
 * Exit status: 0 written (or printed), 1 refused (nothing written: a secret
 * with `--on-sensitive refuse`, a file that exists or changed meanwhile, an
 * error from the rules), 2 bad usage or a source that cannot be read.
 */
import { lstat, readFile, realpath, rename, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { PostmortemConfig } from '../core/config.ts';
import type { LintMessage } from '../core/messages.ts';
import { POSTMORTEMS_DIR } from '../core/paths.ts';
import { slugify } from '../core/utils/text.ts';
import { GUIDANCE_QUOTE } from '../core/placeholders.ts';
import { compose, type ComposedEntry } from '../timeline/compose.ts';
import { inferIncident, type Suggestion } from '../timeline/infer.ts';
import { insertEntries, onlyLinesAdded, type Insertion } from '../timeline/insert.ts';
import type { findTimeline } from '../timeline/locate.ts';
import { SourceError } from '../timeline/limits.ts';
import { PEOPLE_MODES, People, type PeopleMode } from '../timeline/people.ts';
import type { SensitiveMode } from '../timeline/redact.ts';
import { selectEvents } from '../timeline/select.ts';
import { readSources, SUPPORTED, type SourceResult } from '../timeline/sources/index.ts';
import { displayBlock, displayJson, displayLine, displayText } from '../core/terminal-text.ts';
import { fromLocal, isoInZone, parseZone, type Zone } from '../timeline/zone.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';

// Printing entries needs only the readers and the renderer; the checker, the scaffold and the YAML editor
// are loaded when a file is written (half the command's start-up time otherwise).
const writing = async () => {
  const [lint, parse, repository, locate, edit] = await Promise.all([
    import('../core/lint.ts'),
    import('../core/parse.ts'),
    import('../core/repository.ts'),
    import('../timeline/locate.ts'),
    import('./frontmatter-edit.ts'),
  ]);
  return { ...lint, ...parse, ...repository, ...locate, ...edit };
};

export interface TimelineIo extends CliIo {
  /** Default author for `--new`, e.g. `git config user.name`. */
  defaultAuthor?: () => string | undefined;
}

const HELP = `Usage: npm run timeline -- <source>... [--into <postmortem.mdx> | --new --title … --severity … --service …] [options]

Draws a timeline from the incident's record and writes it in the postmortem's
Timeline style. Sources (recognised from their content):
  - a Slack channel export: the export's folder or .zip (channels.json, users.json, <channel>/<day>.json)
  - PagerDuty incident log entries: the REST API's /incidents/{id}/log_entries JSON
  - Opsgenie alert logs or incident timeline JSON; Jira Service Management alert logs,
    issue changelog or comments JSON
  - a CSV with a header naming time, who and what columns

Where to write (without either, the entries are only printed):
  --into <file>            insert into the Timeline section of this postmortem; nothing else
                           in the file changes, entries already there are not added twice
  --new                    start a draft postmortem (npm run new's scaffold) with this timeline;
                           needs --title, --severity, --service, and --author or git config user.name
    --title <text> --severity <level> --service <name> --author <name> --slug <slug>
  --dry-run                print what would be written; write nothing

Which entries:
  --all                    everything, not only pinned, starred or reacted messages and a page's
                           key changes (triggered, acknowledged, escalated, notes, resolved)
  --from <time>            only entries at or after this time; --to <time>: at or before
                           (ISO 8601, or YYYY-MM-DD HH:MM in the timeline's zone)
  --channel <name>         the Slack channel, when the export holds several
  --reaction <name>        only this reaction marks a message (repeatable; default: any;
                           configurable as timeline.reactions)

How they read:
  --zone <zone>            UTC, an offset (+05:30) or an IANA zone (America/New_York); default: the
                           zone the Timeline states, else incident.started's offset, else timeline.zone
  --people <mode>          roles (default, blameless: configured roles, else Responder 1, 2…),
                           names or handles (configurable as timeline.people)
  --role <who=role>        show someone as a role (repeatable); who is a Slack user id, handle,
                           e-mail address or name (configurable as timeline.roles)
  --csv-zone <zone>        the zone of CSV times that name none (default: UTC, and it is reported)

Safety:
  --on-sensitive <mode>    a credential or e-mail address in an entry: redact (default) replaces it
                           with [REDACTED]; refuse writes nothing. Either way it is reported.
  --set-incident           also write the inferred incident.* times into fields that are empty
                           (a value already there is never replaced; differences are reported)
  --format <text|json>     report format (default: text)
  -h, --help               show this help

Exit status: 0 written or printed, 1 refused (nothing written), 2 bad usage or unreadable source.
Guide: docs/timeline.md`;

interface Report {
  mode: 'into' | 'new' | 'print';
  dryRun: boolean;
  target: string | undefined;
  written: boolean;
  refused: string | undefined;
  zone: string;
  sources: { label: string; records: number; events: number; selected: number; notes: string[] }[];
  selection: {
    total: number;
    unmarked: number;
    outside: number;
    entries: number;
    merged: { kept: string; dropped: string; why: string }[];
  };
  people: { mode: PeopleMode; withoutRole: { shown: string; keys: string[] }[]; namesReplaced: number };
  sensitive: { action: 'redacted' | 'refused'; findings: { what: string; shown: string; from: string }[] };
  incident: {
    field: string;
    value: string;
    from: string;
    rule: string;
    quote?: string | undefined;
    existing?: string | undefined;
    state: string;
  }[];
  incidentNotes: string[];
  entries: { line: number | undefined; text: string }[];
  present: number;
  check: { errors: number; warnings: number; messages: LintMessage[] };
  statement: string | undefined;
  notes: string[];
}

const where = (o: { file: string; ref: string }) => `${o.ref} (${o.file})`;

/** A suggested incident time as the report lists it; the caller says what became of it. */
const suggested = (s: Suggestion, zone: Zone) => ({
  field: `incident.${s.field}`,
  value: isoInZone(zone, s.at),
  from: where(s.from),
  rule: s.rule,
  quote: s.quote,
});

export async function runTimeline(argv: readonly string[], io: TimelineIo): Promise<number> {
  const parsed = parseCommand('timeline', argv, io, {
    help: HELP,
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      new: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      channel: { type: 'string' },
      reaction: { type: 'string', multiple: true },
      zone: { type: 'string' },
      people: { type: 'string' },
      role: { type: 'string', multiple: true },
      'csv-zone': { type: 'string' },
      'on-sensitive': { type: 'string' },
      'set-incident': { type: 'boolean', default: false },
      format: { type: 'string' },
      title: { type: 'string' },
      severity: { type: 'string' },
      service: { type: 'string', multiple: true },
      author: { type: 'string', multiple: true },
      slug: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.stderr(`timeline: ${message}`);
    return 2;
  };
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') return usage(`unknown format \`${displayText(format)}\`, expected \`text\` or \`json\``);
  if (!positionals.length) return usage(`expected at least one source: ${SUPPORTED}\n\n${HELP}`);
  if (values.into !== undefined && values.new) return usage('give either --into <postmortem> or --new, not both');
  const sensitive = (values['on-sensitive'] ?? 'redact') as SensitiveMode;
  if (sensitive !== 'redact' && sensitive !== 'refuse')
    return usage(`unknown --on-sensitive \`${displayText(sensitive)}\`, expected \`redact\` or \`refuse\``);
  const zoneFlag = values.zone !== undefined ? parseZone(values.zone) : undefined;
  if (values.zone !== undefined && !zoneFlag)
    return usage(
      `unknown zone \`${displayText(values.zone)}\`, expected \`UTC\`, an offset such as \`+05:30\`, or an IANA zone such as \`America/New_York\``,
    );
  const csvZone = values['csv-zone'] !== undefined ? parseZone(values['csv-zone']) : undefined;
  if (values['csv-zone'] !== undefined && !csvZone)
    return usage(`unknown --csv-zone \`${displayText(values['csv-zone'])}\`, expected \`UTC\`, an offset or an IANA zone`);
  const roles: [string, string][] = [];
  for (const r of values.role ?? []) {
    const at = r.indexOf('=');
    if (at < 1 || at === r.length - 1)
      return usage(`unexpected --role \`${displayText(r)}\`, expected \`who=role\`, e.g. \`--role U024BE7LH="Incident commander"\``);
    roles.push([r.slice(0, at), r.slice(at + 1)]);
  }
  const missing = [];
  for (const p of positionals) if (!(await lstat(resolve(io.cwd, p)).catch(() => undefined))) missing.push(p);
  if (missing.length) return usage(missing.map((p) => `path \`${displayText(p)}\` does not exist`).join('\ntimeline: '));

  const config = await loadCliConfig('timeline', io);
  if (!config) return 2;
  const peopleMode = (values.people ?? config.timeline.people) as PeopleMode;
  if (!PEOPLE_MODES.includes(peopleMode))
    return usage(`unknown --people \`${displayText(peopleMode)}\`, expected one of ${PEOPLE_MODES.map((m) => `\`${m}\``).join(', ')}`);
  const mode: Report['mode'] = values.into !== undefined ? 'into' : values.new ? 'new' : 'print';
  const dryRun = values['dry-run'] || mode === 'print';

  // The target first: its Timeline decides the zone.
  let target: { path: string; absolute: string; source: string; bom: boolean } | undefined;
  let found: Exclude<ReturnType<typeof findTimeline>, { refused: string }> | undefined;
  if (mode === 'into') {
    const checked = await checkTarget(io.cwd, values.into!);
    if ('problem' in checked) return usage(checked.problem);
    const raw = await readFile(checked.absolute, 'utf8');
    const bom = raw.charCodeAt(0) === 0xfeff;
    target = { path: checked.path, absolute: checked.absolute, source: bom ? raw.slice(1) : raw, bom };
    const t = (await writing()).findTimeline(target.path, target.source, config);
    if ('refused' in t) return refuse(io, format, t.refused);
    found = t;
  }
  let zone: Zone;
  const stated = found?.section.stated?.zone;
  if (zoneFlag && stated && !sameZone(zoneFlag, stated)) {
    return usage(
      `the Timeline of ${displayText(target!.path)} states its times in ${displayText(stated.name)} ("${displayText(found!.section.stated!.sentence.slice(0, 80))}"); entries in --zone ${displayText(zoneFlag.name)} would mix zones. Drop --zone, or change the sentence and the existing times first`,
    );
  }
  const notes: string[] = [];
  if (zoneFlag) zone = zoneFlag;
  else if (stated) zone = stated;
  else if (found?.startedZone) {
    zone = found.startedZone;
    if (found.section.entries.length)
      notes.push(
        `the Timeline does not say which zone its times are in; they were read as ${zone.name}, the offset of incident.started; add a sentence such as "All times ${zone.name}."`,
      );
  } else zone = parseZone(config.timeline.zone) ?? { kind: 'fixed', minutes: 0, name: 'UTC' };
  if (found?.section.unreadableStatement)
    notes.push(
      `the Timeline says "${displayText(found.section.unreadableStatement.slice(0, 80))}", which names no zone this command can read; times were written in ${zone.name}`,
    );

  const window = { from: undefined as number | undefined, to: undefined as number | undefined };
  for (const key of ['from', 'to'] as const) {
    const text = values[key];
    if (text === undefined) continue;
    const at = parseWhen(text, zone);
    if (typeof at === 'string') return usage(`--${key} ${at}`);
    window[key] = at;
  }

  let results: SourceResult[];
  try {
    results = await readSources(positionals, {
      cwd: io.cwd,
      channel: values.channel,
      reactions: values.reaction ?? config.timeline.reactions,
      csvZone,
    });
  } catch (error) {
    if (error instanceof SourceError) return usage(displayText(error.message));
    throw error;
  }
  const selection = selectEvents(results, { all: values.all, from: window.from, to: window.to });
  const people = new People(peopleMode, [...Object.entries(config.timeline.roles), ...roles]);
  const composed = compose(selection.events, people);
  const inWindow = results
    .flatMap((r) => r.events)
    .filter((e) => (window.from === undefined || e.at >= window.from) && (window.to === undefined || e.at <= window.to));
  const inferred = inferIncident(inWindow, zone);

  const report: Report = {
    mode,
    dryRun,
    target: target?.path,
    written: false,
    refused: undefined,
    zone: zone.name,
    sources: results.map((r) => ({
      label: r.label,
      records: r.records,
      events: r.events.length,
      selected: selection.events.filter((e) => r.events.includes(e)).length,
      notes: r.notes,
    })),
    selection: {
      total: selection.total,
      unmarked: selection.unmarked,
      outside: selection.outside,
      entries: selection.events.length,
      merged: selection.merges.map((m) => ({ kept: where(m.kept), dropped: where(m.dropped), why: m.why })),
    },
    people: { mode: peopleMode, withoutRole: [], namesReplaced: composed.namesReplaced },
    sensitive: {
      action: sensitive === 'refuse' ? 'refused' : 'redacted',
      findings: composed.findings.map((f) => ({ what: f.what, shown: f.shown, from: where(f.origin) })),
    },
    incident: [],
    incidentNotes: inferred.notes,
    entries: [],
    present: 0,
    check: { errors: 0, warnings: 0, messages: [] },
    statement: undefined,
    notes,
  };
  report.people.withoutRole = people.unmapped().map(({ shown: s, persons }) => ({
    shown: s,
    keys: [...new Set(persons.flatMap((p) => [p.id, p.handle && `@${p.handle}`, p.name]).filter((k): k is string => !!k))],
  }));
  if (!selection.events.length) {
    report.notes.push(
      selection.unmarked
        ? `no entry is pinned, starred or reacted to${window.from !== undefined || window.to !== undefined ? ' in the window' : ''}; pass --all for every message, or mark the ones that matter in Slack and export again`
        : 'the sources hold no entry in the window',
    );
  }
  if (composed.findings.length && sensitive === 'refuse') {
    report.refused = `${composed.findings.length} credential${composed.findings.length === 1 ? '' : 's'} or address${composed.findings.length === 1 ? '' : 'es'} in the entries (listed above) and --on-sensitive refuse: nothing was written. Remove them at the source, or run with --on-sensitive redact`;
    return finish(io, format, report, 1);
  }

  // The text to write.
  let output: { path: string; text: string; insertion: Insertion } | undefined;
  const suggestions = inferred.suggestions;
  if (mode === 'into' && target && found) {
    const insertion = insertEntries(target.source, found, composed.entries, zone);
    let text = insertion.text;
    if (!onlyLinesAdded(target.source, text))
      throw new Error(
        'timeline: the insertion changed existing lines; nothing was written (please report this with the postmortem attached)',
      );
    const { addIncidentFields, FrontmatterEditError, parsePostmortem } = await writing();
    const existing = incidentValues(target.source, parsePostmortem);
    const order = ['started', 'detected', 'mitigated', 'resolved'];
    const toWrite: { field: string; value: string; comment: string }[] = [];
    // A value is written only where the file has none, and only if it keeps the fields in order with the file's.
    const kept = new Map([...existing].filter(([k]) => order.includes(k)).map(([k, v]) => [k, Date.parse(v)] as const));
    for (const s of suggestions) {
      const value = isoInZone(zone, s.at);
      const has = existing.get(s.field);
      let state: string;
      if (has !== undefined)
        state = Date.parse(has) === s.at ? 'matches the file' : `differs from the file (${has}); the file's value is kept`;
      else {
        const clash = [...kept].find(([k, at]) => (order.indexOf(k) < order.indexOf(s.field) ? at > s.at : at < s.at));
        if (clash)
          state = `not written: it would come ${order.indexOf(clash[0]) < order.indexOf(s.field) ? 'before' : 'after'} incident.${clash[0]} in the file (${existing.get(clash[0])}); one of them is wrong, check which`;
        else if (values['set-incident']) {
          state = 'written (empty before)';
          toWrite.push({ field: s.field, value, comment: `inferred by npm run timeline (${s.rule}); confirm` });
          kept.set(s.field, s.at);
        } else state = 'not written: the field is empty; add it, or run with --set-incident';
      }
      report.incident.push({ ...suggested(s, zone), existing: has, state });
    }
    if (toWrite.length) {
      try {
        text = addIncidentFields(text, toWrite);
      } catch (error) {
        if (error instanceof FrontmatterEditError) report.notes.push(`incident.* not written: ${error.message}`);
        else throw error;
      }
    }
    output = { path: target.path, text, insertion };
  } else if (mode === 'new') {
    const draft = await planDraft(values, io, config, suggestions, composed.entries, zone, report);
    if (typeof draft === 'number') return draft;
    output = draft;
  } else {
    // Print only: the entries as they would read in a fresh Timeline.
    const insertion = insertEntries(
      '## Timeline\n',
      {
        section: { end: 12, headingEnd: 11, content: [], entries: [], stated: undefined, unreadableStatement: undefined },
        startedDate: undefined,
      },
      composed.entries,
      zone,
    );
    output = { path: '', text: insertion.text, insertion };
    for (const s of suggestions) report.incident.push({ ...suggested(s, zone), state: 'suggested' });
  }
  report.target = mode === 'print' ? undefined : output.path;
  report.entries = output.insertion.added.map((a) => ({ line: mode === 'print' ? undefined : a.line, text: a.text }));
  report.present = output.insertion.present;
  report.statement = output.insertion.statement;

  // The rules, on the result: what was added must not bring an error.
  if (mode !== 'print') {
    const { findPostmortems, idFromPath, lintFile, parsePostmortem } = await writing();
    const lines = new Set(output.insertion.added.map((a) => a.line));
    const repository = await findPostmortems(io.cwd, POSTMORTEMS_DIR);
    const ids = new Map<string, string[]>();
    for (const f of repository.files) ids.set(idFromPath(f), [...(ids.get(idFromPath(f)) ?? []), f]);
    if (!ids.has(idFromPath(output.path))) ids.set(idFromPath(output.path), [output.path]);
    const { messages } = lintFile(parsePostmortem(output.path, output.text), { config, repository: { ids } });
    const ours =
      mode === 'new'
        ? messages
        : messages.filter((m) => lines.has(m.line) || m.rule === 'timeline/order' || m.rule.startsWith('frontmatter/'));
    report.check = {
      errors: ours.filter((m) => m.severity === 'error').length,
      warnings: ours.filter((m) => m.severity === 'warning').length,
      messages: ours,
    };
    if (report.check.errors) {
      report.refused = `the result would have ${report.check.errors} error${report.check.errors === 1 ? '' : 's'} (listed above); nothing was written`;
      return finish(io, format, report, 1);
    }
  }

  const changes = mode === 'new' || output.text !== target?.source;
  if (!dryRun && changes) {
    const written = mode === 'into' ? await replaceIfUnchanged(target!, output.text) : await createNew(io.cwd, output.path, output.text);
    if (written !== true) {
      report.refused = written;
      return finish(io, format, report, 1);
    }
    report.written = true;
  }
  return finish(io, format, report, 0);
}

function sameZone(a: Zone, b: Zone): boolean {
  if (a.kind === 'iana' && b.kind === 'iana') return a.name === b.name;
  if (a.kind === 'fixed' && b.kind === 'fixed') return a.minutes === b.minutes;
  // A named zone and a fixed offset agree only if the named one never leaves that offset around now; be strict.
  return false;
}

/** `--from`/`--to`: ISO 8601 with an offset, or `YYYY-MM-DD HH:MM` in the timeline's zone. */
function parseWhen(text: string, zone: Zone): number | string {
  const t = text.trim();
  const withOffset = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(t)
    ? Date.parse(t.replace(' ', 'T'))
    : NaN;
  if (Number.isFinite(withOffset)) return withOffset;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return `expects ISO 8601 (2026-11-01T14:05:00Z) or YYYY-MM-DD HH:MM in ${zone.name}, got \`${displayText(text)}\``;
  const r = fromLocal(zone, m[1]!, `${m[2] ?? '00:00'}:${m[3] ?? '00'}`);
  if (r.ok) return r.ms;
  return `\`${displayText(text)}\` ${r.reason === 'ambiguous' ? 'happened twice' : 'never happened'} in ${zone.name} (a daylight-saving change); give it with its offset`;
}

/** The target must be an existing `.mdx` file inside the repository, not a link. */
async function checkTarget(cwd: string, given: string): Promise<{ path: string; absolute: string } | { problem: string }> {
  const absolute = resolve(cwd, given);
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return { problem: `--into \`${displayText(given)}\` does not exist; to start a new postmortem, use --new` };
  if (info.isSymbolicLink()) return { problem: `--into \`${displayText(given)}\` is a symbolic link; give the postmortem itself` };
  if (!info.isFile() || !/\.mdx$/i.test(absolute)) return { problem: `--into \`${displayText(given)}\` is not a postmortem (.mdx) file` };
  const root = await realpath(cwd);
  const real = await realpath(absolute);
  const rel = relative(root, real);
  if (rel.startsWith('..') || rel.includes(`..${sep}`) || resolve(root, rel) !== real)
    return { problem: `--into \`${displayText(given)}\` is outside this repository (${displayText(root)})` };
  return { path: rel.split(sep).join('/'), absolute: real };
}

/** `incident.*` as written in the frontmatter (values as text). */
function incidentValues(
  source: string,
  parsePostmortem: (path: string, text: string) => { frontmatter: { data: unknown } },
): Map<string, string> {
  const out = new Map<string, string>();
  const file = parsePostmortem('x.mdx', source);
  const incident = (file.frontmatter.data as { incident?: Record<string, unknown> } | undefined)?.incident;
  if (incident && typeof incident === 'object') {
    for (const [k, v] of Object.entries(incident))
      if (typeof v === 'string' || v instanceof Date) out.set(k, typeof v === 'string' ? v : v.toISOString());
  }
  return out;
}

async function planDraft(
  values: Record<string, unknown>,
  io: TimelineIo,
  config: PostmortemConfig,
  suggestions: readonly Suggestion[],
  entries: readonly ComposedEntry[],
  zone: Zone,
  report: Report,
): Promise<{ path: string; text: string; insertion: Insertion } | number> {
  const [
    { targetPath },
    { list, validateAuthors, validateServices, validateSeverity, validateSlug, validateTitle },
    { scaffold },
    { normalizeHeading },
    { addIncidentFields, findTimeline, parsePostmortem, sectionsOf },
  ] = await Promise.all([import('./new.ts'), import('../core/prompts.ts'), import('./scaffold.ts'), import('../core/rule.ts'), writing()]);
  const title = (values['title'] as string | undefined)?.trim();
  const severity = (values['severity'] as string | undefined)?.trim();
  const services = list(values['service'] as string[] | undefined);
  const authors = list(values['author'] as string[] | undefined);
  if (!authors.length) {
    const git = io.defaultAuthor?.()?.trim();
    if (git) authors.push(git);
  }
  const problems = [validateTitle(title), validateSeverity(severity, config), validateServices(services), validateAuthors(authors)].filter(
    (p): p is string => !!p,
  );
  if (problems.length) {
    io.stderr(problems.map((p) => displayLine`timeline: --new: ${p}`).join('\n'));
    return 2;
  }
  const startedSuggestion = suggestions.find((s) => s.field === 'started');
  const firstAt = startedSuggestion?.at ?? entries[0]?.at;
  if (firstAt === undefined) {
    io.stderr('timeline: --new: no entry to start a draft from (and so no incident start); pass --all, or a wider --from/--to');
    return 2;
  }
  const started = isoInZone(zone, Math.floor(firstAt / 60_000) * 60_000);
  const slug = (values['slug'] as string | undefined) ?? slugify(title!);
  const slugProblem = validateSlug(slug);
  if (slugProblem) {
    io.stderr(displayLine`timeline: --new: ${slugProblem}`);
    return 2;
  }
  let text = scaffold({ title: title!, severity: severity!, services, authors, started }, config);
  // incident.started carries the inference's comment; the others replace the scaffold's commented lines.
  text = text.replace(
    /^(  started: .*)$/m,
    `$1${startedSuggestion ? `  # inferred by npm run timeline (${startedSuggestion.rule}); confirm` : '  # the first entry; confirm when impact began'}`,
  );
  const fields = suggestions
    .filter((s) => s.field !== 'started')
    .map((s) => ({ field: s.field, value: isoInZone(zone, s.at), comment: `inferred by npm run timeline (${s.rule}); confirm` }));
  text = addIncidentFields(text, fields);
  for (const s of suggestions) report.incident.push({ ...suggested(s, zone), state: 'written, marked inferred' });
  // The scaffold's Timeline guidance gives way to the drafted entries, under a quote `content/placeholder` keeps until it is read.
  const file = parsePostmortem('draft.mdx', text);
  const section = sectionsOf(file).find((s) => s.key === normalizeHeading(config.timelineSection));
  const path = targetPath(started, slug);
  if (!section || !file.tree) throw new Error('timeline: the scaffold has no Timeline section');
  const children = file.tree.children;
  const next = children
    .slice(children.indexOf(section.heading as (typeof children)[number]) + 1)
    .find((n) => n.type === 'heading' && n.depth <= 2);
  const from = section.heading.position!.end.offset!;
  const to = next?.position?.start.offset ?? text.length;
  const sourcesNamed = report.sources.map((s) => s.label).join(', ');
  const guidance = `> ${GUIDANCE_QUOTE} after reading the entries below: \`npm run timeline\` drafted them from ${sourcesNamed}. Keep the events that matter, say each in a plain sentence (what happened, what was known then), and check the inferred \`incident\` times in the frontmatter.`;
  const skeleton = `${text.slice(0, from)}\n\n${guidance}\n\n${text.slice(to)}`;
  const found = findTimeline(path, skeleton, config);
  if ('refused' in found) throw new Error(found.refused);
  const insertion = insertEntries(skeleton, found, entries, zone);
  return { path, text: insertion.text, insertion };
}

/** Replaces the file with `text` only if it still holds what was read, through a new file renamed over it. */
async function replaceIfUnchanged(
  target: { path: string; absolute: string; source: string; bom: boolean },
  text: string,
): Promise<true | string> {
  const temp = join(dirname(target.absolute), `.${Date.now().toString(36)}-${process.pid}.timeline.tmp`);
  const mode = (await stat(target.absolute)).mode & 0o777;
  await writeFile(temp, `${target.bom ? '\uFEFF' : ''}${text}`, { encoding: 'utf8', flag: 'wx', mode });
  try {
    const now = await readFile(target.absolute, 'utf8');
    if (now !== `${target.bom ? '\uFEFF' : ''}${target.source}`) {
      await rm(temp, { force: true });
      return `${target.path} changed while the timeline was being drawn; nothing was written. Run again`;
    }
    await rename(temp, target.absolute);
    return true;
  } catch (error) {
    await rm(temp, { force: true });
    return `could not write ${target.path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

async function createNew(cwd: string, path: string, text: string): Promise<true | string> {
  const { findPostmortems, idFromPath } = await writing();
  const id = idFromPath(path);
  const existing = await findPostmortems(cwd, POSTMORTEMS_DIR);
  const clash = existing.files.find((f) => idFromPath(f) === id);
  if (clash)
    return `${clash} already exists${clash === path ? '' : ` with the id \`${id}\``}; nothing was written. Insert into it with --into ${clash}, or choose another --title or --slug`;
  try {
    await mkdir(resolve(cwd, POSTMORTEMS_DIR), { recursive: true });
    await writeFile(join(cwd, path), text, { encoding: 'utf8', flag: 'wx' });
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EEXIST'
      ? `${path} already exists; nothing was written`
      : `could not write ${path} (${code ?? (error as Error).message})`;
  }
}

function refuse(io: TimelineIo, format: string, why: string): number {
  if (format === 'json') io.stdout(displayJson({ refused: why }, 2));
  else io.stderr(displayBlock(`timeline: ${displayText(why)}`));
  return 1;
}

function finish(io: TimelineIo, format: string, report: Report, status: number): number {
  if (format === 'json') io.stdout(displayJson(report, 2));
  else io.stdout(displayBlock(formatReport(report)));
  return status;
}

const count = (n: number, noun: string, nouns = `${noun}s`) => `${n.toLocaleString('en')} ${n === 1 ? noun : nouns}`;

/** The text report: every value from a source through `displayText()`. */
export function formatReport(r: Report): string {
  const out: string[] = [];
  for (const s of r.sources) {
    out.push(`${displayText(s.label)}: ${count(s.records, 'record')} read, ${count(s.selected, 'entry', 'entries')} kept`);
    for (const n of s.notes) out.push(`  ${displayText(n)}`);
  }
  const sel = r.selection;
  const left = [
    sel.unmarked && `${count(sel.unmarked, 'unmarked record')} left out (pass --all to keep them)`,
    sel.outside && `${count(sel.outside, 'record')} outside --from/--to`,
    sel.merged.length && `${count(sel.merged.length, 'duplicate')} merged`,
  ].filter(Boolean);
  out.push(`Timeline: ${count(sel.entries, 'entry', 'entries')} in ${displayText(r.zone)}${left.length ? `; ${left.join(', ')}` : ''}`);
  for (const m of sel.merged) out.push(`  merged ${displayText(m.dropped)} into ${displayText(m.kept)}: ${displayText(m.why)}`);
  if (r.people.mode === 'roles') {
    if (r.people.withoutRole.length) {
      out.push(`People: shown as roles; ${count(r.people.withoutRole.length, 'person has', 'people have')} no role configured:`);
      for (const p of r.people.withoutRole)
        out.push(`  ${displayText(p.shown)}: ${p.keys.map((k) => `\`${displayText(k)}\``).join(', ') || '(no id)'}`);
      out.push('  give each a role in postmortems.config.ts (timeline.roles) or with --role who=role');
    } else out.push('People: shown as roles');
    if (r.people.namesReplaced) out.push(`  ${count(r.people.namesReplaced, 'name')} written in messages shown as roles too`);
  } else out.push(`People: shown as ${r.people.mode}`);
  if (r.sensitive.findings.length) {
    out.push(`Sensitive: ${count(r.sensitive.findings.length, 'finding')}, ${r.sensitive.action}:`);
    for (const f of r.sensitive.findings) out.push(`  ${displayText(f.what)} \`${displayText(f.shown)}\` in ${displayText(f.from)}`);
    if (r.sensitive.findings.some((f) => f.what !== 'e-mail address'))
      out.push('  a credential that was posted in a channel is exposed there: rotate it');
  }
  if (r.incident.length) {
    out.push('Incident times (inferred from the entries; confirm each):');
    for (const i of r.incident)
      out.push(
        `  ${i.field.padEnd(18)} ${i.value}  ${displayText(i.rule)}: ${displayText(i.from)}${i.quote ? ` "${displayText(i.quote)}"` : ''}${i.state === 'suggested' ? '' : `  [${displayText(i.state)}]`}`,
      );
  }
  for (const n of r.incidentNotes) out.push(`  ${displayText(n)}`);
  for (const n of r.notes) out.push(`Note: ${displayText(n)}`);
  if (r.present) out.push(`${count(r.present, 'entry', 'entries')} already in the Timeline (same minute, same text), not added again`);
  if (r.entries.length || r.statement) {
    out.push('');
    if (r.mode === 'print') out.push('Entries (printed only: give --into <postmortem> or --new to write them):');
    else {
      const verb = r.written ? 'Wrote' : r.refused ? 'Would have written' : 'Would write (dry run)';
      out.push(
        `${verb} ${count(r.entries.length, 'entry', 'entries')} ${r.mode === 'into' ? 'into' : 'in the new draft'} ${displayText(r.target ?? '')}:`,
      );
    }
    if (r.statement) out.push(`  ${displayText(r.statement)}`);
    for (const e of r.entries) out.push(`${e.line !== undefined ? `${String(e.line).padStart(5)} ` : '  '}${displayText(e.text)}`);
  }
  if (r.mode !== 'print') {
    const c = r.check;
    out.push(`check: ${count(c.errors, 'error')}, ${count(c.warnings, 'warning')} on what was added`);
    for (const m of c.messages)
      out.push(`  ${displayText(m.file)}:${m.line}:${m.column}  ${m.severity}  ${displayText(m.message)}  ${m.rule}`);
  }
  if (r.refused) out.push(`REFUSED: ${displayText(r.refused)}`);
  else if (r.written)
    out.push(
      r.mode === 'new'
        ? `Created the draft; next: review it, then npm run check -- ${displayText(r.target ?? '')}`
        : 'Review the entries, reword them as plain sentences, then npm run check.',
    );
  else if (r.dryRun && r.mode !== 'print') out.push('Dry run: nothing was written.');
  return out.join('\n');
}
