/**
 * `npm run timeline` end to end, in temporary repositories (never the project's
 * postmortems/): the fixtures of INC-2231 inserted into a postmortem, a draft
 * started, dry runs, refusals, and the result checked by the real checker.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usage } from '../../packages/astro-postmortems/src/cli/main.ts';
import { runTimeline } from '../../packages/astro-postmortems/src/cli/timeline.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { checkRepository } from '../../packages/astro-postmortems/src/core/repository.ts';

const FIX = join(import.meta.dirname, '../fixtures/timeline');
const POSTMORTEM = 'postmortems/2026-11-01-label-batch-ran-twice.mdx';
const SLACK = 'exports/slack-inc-2231';
const PD = 'exports/pagerduty-log-entries.json';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pm-timeline-'));
  await cp(FIX, join(root, 'exports'), { recursive: true });
  await mkdir(join(root, 'postmortems'));
  await cp(join(FIX, '2026-11-01-label-batch-ran-twice.mdx'), join(root, POSTMORTEM));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTimeline(args, {
    cwd: root,
    env: {},
    isTTY: false,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    defaultAuthor: () => 'Devon Okafor',
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function runJson(...args: string[]) {
  const r = await run(...args, '--format', 'json');
  return { ...r, report: r.out ? JSON.parse(r.out) : undefined };
}

const read = (path: string) => readFile(join(root, path), 'utf8');

async function check(path: string) {
  const result = await checkRepository({ root, config: resolveConfig({}), only: [path], today: '2026-11-20' });
  return result.messages;
}

describe('the 500-message channel', () => {
  it('becomes a reviewable timeline of at most 40 entries, in order, in the Timeline style, across the change of offset', async () => {
    const { code, report } = await runJson(SLACK, '--zone', 'America/New_York');
    expect(code).toBe(0);
    expect(report.sources[0]).toMatchObject({ label: 'Slack #inc-2231-label-queue', records: 500 });
    expect(report.entries.length).toBeGreaterThanOrEqual(30);
    expect(report.entries.length).toBeLessThanOrEqual(40);
    expect(report.statement).toBe(
      'All times America/New_York (UTC-04:00; UTC-05:00 from 2026-11-01 01:00; entries give the offset where it changes).',
    );
    const lines: string[] = report.entries.map((e: { text: string }) => e.text);
    for (const line of lines) expect(line).toMatch(/^- \*\*(?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}(?: UTC[+-]\d{2}:\d{2})?\*\* — \S/);
    expect(lines[0]).toMatch(/^- \*\*2026-11-01 01:44 UTC-04:00\*\* — /);
    // The repeated hour: the first entry after the change gives the new offset.
    expect(lines.find((l) => / UTC-05:00\*\*/.test(l))).toMatch(/^- \*\*2026-11-01 01:00 UTC-05:00\*\*/);
    expect(lines.filter((l) => /^- \*\*2026-11-0[23] /.test(l)).length).toBe(2);
  });

  it('inserts into the Timeline of a postmortem without changing a byte of it, in order, and adds nothing the second time', async () => {
    const before = await read(POSTMORTEM);
    const first = await runJson(SLACK, PD, '--into', POSTMORTEM);
    expect(first.code).toBe(0);
    expect(first.report.written).toBe(true);
    expect(first.report.zone).toBe('UTC');
    const after = await read(POSTMORTEM);
    // Every original line is still there, in order; only whole lines were added.
    const added = after.split('\n').filter((l) => !before.split('\n').includes(l));
    expect(added.length).toBe(first.report.entries.length);
    let i = 0;
    for (const line of after.split('\n')) if (line === before.split('\n')[i]) i++;
    expect(i).toBe(before.split('\n').length);
    // Everything outside the Timeline section is byte-identical.
    const cut = (t: string) => [t.slice(0, t.indexOf('## Timeline')), t.slice(t.indexOf('## Lessons Learned'))];
    expect(cut(after)).toEqual(cut(before));
    // The rules: no error, and timeline/order and timeline/milestones have nothing to say.
    const messages = await check(POSTMORTEM);
    expect(messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(messages.filter((m) => m.rule === 'timeline/order' || m.rule === 'timeline/milestones')).toEqual([]);
    // Hand-written entries and drawn ones interleave by time, in UTC as the section states.
    const timeline = after.slice(after.indexOf('## Timeline'), after.indexOf('## Lessons Learned'));
    expect(timeline.indexOf('- **2026-11-01 05:30** — The nightly label-batch run starts.')).toBeLessThan(
      timeline.indexOf('- **05:41** — PagerDuty: incident'),
    );
    expect(timeline.indexOf('- **06:30** — The clocks having gone back')).toBeLessThan(timeline.indexOf('- **06:38** — '));
    const second = await runJson(SLACK, PD, '--into', POSTMORTEM);
    expect(second.code).toBe(0);
    expect(second.report.entries).toEqual([]);
    expect(second.report.present).toBe(first.report.entries.length);
    expect(await read(POSTMORTEM)).toBe(after);
  });

  it("merges a paging integration's Slack messages into the pager's own log entries", async () => {
    const { report } = await runJson(SLACK, PD, '--all', '--into', POSTMORTEM, '--dry-run');
    const merged = report.selection.merged.map((m: { why: string; dropped: string }) => m.why);
    expect(merged.filter((w: string) => w.startsWith("the paging integration's message")).length).toBe(3);
  });

  it('suggests the incident times from the entries, marked inferred, and never replaces a value', async () => {
    const { report } = await runJson(SLACK, PD, '--into', POSTMORTEM, '--dry-run');
    const byField = Object.fromEntries(report.incident.map((i: { field: string }) => [i.field, i]));
    // "since 01:30", said at 01:44 EDT by someone whose Slack zone is America/New_York: the 01:30 that had
    // already happened (the clocks repeated it later), not 01:30 in the timeline's UTC.
    expect(byField['incident.started']).toMatchObject({
      value: '2026-11-01T05:30:00Z',
      rule: "a message giving the time impact began (read in America/New_York, the writer's zone)",
      state: expect.stringMatching(/^differs from the file \(2026-11-01T06:30:00Z\); the file's value is kept/),
    });
    expect(byField['incident.detected']).toMatchObject({
      value: '2026-11-01T05:41:12Z',
      rule: 'the first page',
      state: expect.stringMatching(/^not written: it would come before incident.started in the file/),
    });
    expect(byField['incident.mitigated']).toMatchObject({ state: 'not written: the field is empty; add it, or run with --set-incident' });
    expect(byField['incident.mitigated']).toMatchObject({ value: '2026-11-01T07:52:37Z' });
    expect(byField['incident.resolved']).toMatchObject({ value: '2026-11-02T15:02:14Z', rule: 'the last resolution of the page' });
  });

  it('writes inferred times into empty incident fields only with --set-incident, each with its reason, never out of order', async () => {
    const { code } = await runJson(SLACK, PD, '--into', POSTMORTEM, '--set-incident');
    expect(code).toBe(0);
    const text = await read(POSTMORTEM);
    expect(text).toContain('  started: 2026-11-01T06:30:00Z\n');
    expect(text).toMatch(
      /^ {2}mitigated: 2026-11-01T07:52:37Z {2}# inferred by npm run timeline \(the first entry saying the impact stopped\); confirm$/m,
    );
    expect(text).toMatch(
      /^ {2}resolved: 2026-11-02T15:02:14Z {2}# inferred by npm run timeline \(the last resolution of the page\); confirm$/m,
    );
    // Detected (05:41Z) would come before the file's started (06:30Z): not written, reported instead.
    expect(text).not.toMatch(/^ {2}detected:/m);
    const messages = await check(POSTMORTEM);
    expect(messages.filter((m) => m.severity === 'error')).toEqual([]);
  });
});

describe('a new draft', () => {
  it("starts from npm run new's scaffold with the timeline and the inferred times, and passes check", async () => {
    const title = 'Label batch ran twice when the clocks went back';
    const draft = ['--new', '--title', title, '--severity', 'P2', '--service', 'label-service', '--zone', 'America/New_York'];
    const { code, report } = await runJson(SLACK, PD, ...draft);
    expect(code).toBe(0);
    expect(report.target).toBe('postmortems/2026-11-01-label-batch-ran-twice-when-the-clocks-went-back.mdx');
    const text = await read(report.target);
    expect(text).toMatch(/^ {2}started: 2026-11-01T01:30:00-04:00 {2}# inferred by npm run timeline/m);
    expect(text).toMatch(/^ {2}resolved: 2026-11-02T10:02:14-05:00 {2}# inferred/m);
    expect(text).toContain('> Replace this quote after reading the entries below');
    expect(text).not.toContain('HH:MM');
    const messages = await check(report.target);
    expect(messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(messages.filter((m) => m.rule === 'timeline/order')).toEqual([]);
    // The times it inferred agree with the entries it drew.
    expect(messages.filter((m) => m.rule === 'timeline/milestones')).toEqual([]);
    // Never overwrites: the same draft again is refused and the file stays as it was.
    const again = await runJson(SLACK, PD, ...draft);
    expect(again.code).toBe(1);
    expect(again.report.refused).toMatch(/already exists; nothing was written/);
    expect(await read(report.target)).toBe(text);
  });

  it('says what --new needs', async () => {
    const { code, err } = await run(SLACK, '--new', '--title', 'x');
    expect(code).toBe(2);
    expect(err).toMatch(/--new: Unexpected title `x`/);
    expect(err).toMatch(/--new: Expected at least one service/);
  });
});

describe('safety', () => {
  it('redacts a credential and an address by default, saying where each came from', async () => {
    const { report, code } = await runJson(SLACK, '--into', POSTMORTEM);
    expect(code).toBe(0);
    expect(report.sensitive.action).toBe('redacted');
    expect(report.sensitive.findings).toEqual([
      {
        what: 'password in a URL',
        shown: '…',
        from: expect.stringMatching(/^message 1793517465\.\d+ \(exports\/slack-inc-2231: inc-2231-label-queue\/2026-11-01\.json\)$/),
      },
      { what: 'e-mail address', shown: '…@harborview-goods.com', from: expect.stringMatching(/^message 1793546433\.\d+ /) },
    ]);
    const text = await read(POSTMORTEM);
    expect(text).not.toContain('Qz8v7TmK2pL9xR4w');
    expect(text).not.toContain('ops@harborview-goods.com');
    expect(text).toContain('`psql postgres://label_ro:[REDACTED]@pg-replica-2.internal:5432/labels');
    const messages = await check(POSTMORTEM);
    expect(messages.filter((m) => m.rule === 'secrets/leak' || m.rule === 'privacy/email')).toEqual([]);
  });

  it('writes nothing with --on-sensitive refuse, and says why', async () => {
    const before = await read(POSTMORTEM);
    const { code, out } = await run(SLACK, '--into', POSTMORTEM, '--on-sensitive', 'refuse');
    expect(code).toBe(1);
    expect(out).toMatch(/Sensitive: 2 findings, refused:/);
    expect(out).toMatch(/REFUSED: 2 credentials or addresses in the entries/);
    expect(await read(POSTMORTEM)).toBe(before);
  });

  it('escapes markup from a message: the result has no element and no expression', async () => {
    await runJson(SLACK, '--into', POSTMORTEM);
    const text = await read(POSTMORTEM);
    expect(text).toContain('\\<script>alert("dst")\\</script> and \\{process.env.CRON_TZ}');
    const messages = await check(POSTMORTEM);
    expect(messages.filter((m) => m.rule.startsWith('mdx/'))).toEqual([]);
  });

  it('prints control characters from a source visibly, never raw, and writes none', async () => {
    const dir = join(root, 'exports/evil');
    const channel = 'inc\u001b[31m';
    await mkdir(join(dir, channel), { recursive: true });
    await writeFile(join(dir, 'channels.json'), JSON.stringify([{ id: 'C1', name: channel }]));
    await writeFile(
      join(dir, 'users.json'),
      JSON.stringify([{ id: 'U1', name: 'x', profile: { real_name: 'Eve \u001b]0;owned\u0007Mallory\u202e' } }]),
    );
    await writeFile(
      join(dir, channel, '2026-11-01.json'),
      JSON.stringify([{ type: 'message', user: 'U1', text: 'hello', ts: '1793511871.000100', reactions: [{ name: 'x' }] }]),
    );
    const roles = await run('exports/evil');
    expect(roles.code).toBe(0);
    expect(roles.out).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(roles.out).toContain('Slack #inc\\u{1b}[31m');
    expect(roles.out).toContain('`Eve \\u{1b}]0;owned\\u{7}Mallory\\u{202e}`');
    const names = await runJson('exports/evil', '--people', 'names');
    expect(names.report.entries[0].text).toBe('- **2026-11-01 05:44** — Eve ]0;ownedMallory: “hello”');
  });

  it('dry run: prints the lines with their line numbers and writes nothing', async () => {
    const before = await read(POSTMORTEM);
    const { code, out } = await run(SLACK, '--into', POSTMORTEM, '--dry-run');
    expect(code).toBe(0);
    expect(out).toMatch(/Would write \(dry run\) \d+ entries into postmortems\/2026-11-01-label-batch-ran-twice\.mdx:/);
    expect(out).toMatch(/^ {3}\d\d - \*\*05:44\*\* — Responder 1: “Opening this for the label queue/m);
    expect(out).toContain('Dry run: nothing was written.');
    expect(await read(POSTMORTEM)).toBe(before);
  });
});

describe('people', () => {
  it('shows configured roles, for the same person in every source', async () => {
    await writeFile(
      join(root, 'postmortems.config.ts'),
      `export default { timeline: { roles: { U07PRIYA1: 'Labels on-call', 'maria.chen@quaymark.io': 'Incident commander' } } };\n`,
    );
    const { report } = await runJson(SLACK, PD, '--into', POSTMORTEM, '--dry-run');
    const text = report.entries.map((e: { text: string }) => e.text).join('\n');
    expect(text).toContain('PagerDuty: escalated to Incident commander by Labels on-call');
    expect(text).toContain('Labels on-call: “Declaring a P2. Incident commander can you be incident commander?”');
    expect(text).not.toMatch(/Priya|Maria/);
    const unmapped = report.people.withoutRole.flatMap((p: { keys: string[] }) => p.keys);
    expect(unmapped).not.toContain('U07PRIYA1');
    expect(unmapped).not.toContain('PMCHEN2');
    expect(unmapped).toContain('U07KENJI5');
  });

  it('shows names or handles when asked', async () => {
    const names = await runJson(SLACK, '--people', 'names');
    expect(names.report.entries.map((e: { text: string }) => e.text).join('\n')).toContain(
      "Maria Chen: “I'm IC. Priya Raman on operations",
    );
    const handles = await runJson(SLACK, '--people', 'handles');
    expect(handles.report.entries.map((e: { text: string }) => e.text).join('\n')).toContain("@maria: “I'm IC. @priya on operations");
  });
});

describe('usage', () => {
  it('is a command of the `postmortems` binary', () => {
    expect(usage()).toMatch(/^ {2}timeline +draw a postmortem's timeline from Slack, PagerDuty, Opsgenie\/JSM or CSV$/m);
  });

  it('refuses to mix zones with the one the Timeline states', async () => {
    const { code, err } = await run(SLACK, '--into', POSTMORTEM, '--zone', 'America/New_York');
    expect(code).toBe(2);
    expect(err).toMatch(/states its times in UTC .* would mix zones/);
  });

  it('refuses a postmortem without a Timeline section, and a target outside the repository', async () => {
    await writeFile(
      join(root, 'postmortems/2026-11-02-no-timeline.mdx'),
      '---\ntitle: No timeline here at all\n---\n\n## Executive Summary\n\nText.\n',
    );
    const none = await run(SLACK, '--into', 'postmortems/2026-11-02-no-timeline.mdx');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/has no `## Timeline` section to insert into/);
    const outside = await run(SLACK, '--into', '../elsewhere.mdx');
    expect(outside.code).toBe(2);
  });

  it('names bad flags and missing paths, exit 2', async () => {
    expect((await run(SLACK, '--zone', 'Mars/Olympus')).err).toMatch(/unknown zone `Mars\/Olympus`/);
    expect((await run('nope.json')).err).toMatch(/path `nope.json` does not exist/);
    expect((await run(SLACK, '--people', 'everyone')).code).toBe(2);
    expect((await run(SLACK, '--from', 'yesterday')).err).toMatch(/--from expects ISO 8601/);
    expect((await run()).code).toBe(2);
  });

  it("keeps only the window given with --from and --to, read in the timeline's zone", async () => {
    const { report } = await runJson(
      SLACK,
      '--zone',
      'America/New_York',
      '--from',
      '2026-11-01 02:00',
      '--to',
      '2026-11-01T03:05:00-05:00',
    );
    const times = report.entries.map((e: { text: string }) => /\*\*(?:\S+ )?(\d\d:\d\d)/.exec(e.text)![1]);
    expect(times[0]).toBe('02:04');
    expect(times.at(-1)).toBe('03:03');
    expect(report.selection.outside).toBeGreaterThan(400);
  });
});
