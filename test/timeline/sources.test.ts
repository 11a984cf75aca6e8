/**
 * The source readers on real files: a real Slack export (slack-export-viewer's
 * test archive), the INC-2231 export as a folder and as a zip, and the
 * PagerDuty, Opsgenie, Jira and CSV fixtures.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainText } from '../../packages/astro-postmortems/src/timeline/event.ts';
import { readSources } from '../../packages/astro-postmortems/src/timeline/sources/index.ts';
import { parseZone } from '../../packages/astro-postmortems/src/timeline/zone.ts';
import { entriesOf, makeZip } from '../helpers/zip.ts';

const FIX = join(import.meta.dirname, '../fixtures/timeline');
const cwd = join(import.meta.dirname, '../..');
const rel = (p: string) => relative(cwd, p);
const temps: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'timeline-src-'));
  temps.push(d);
  return d;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('Slack', () => {
  it('reads a real export (slack-export-viewer) by channel: people, bots, attachments, files, edits', async () => {
    const [enrique] = await readSources([rel(join(FIX, 'real/slack-export-viewer-testarchive.zip'))], { cwd, channel: 'enrique' });
    expect(enrique!.label).toBe('Slack #enrique');
    expect(enrique!.records).toBe(102);
    // Joins and bot additions are not events; everything else is.
    expect(enrique!.events.length).toBe(96);
    const bots = enrique!.events.filter((e) => e.bot);
    expect(bots.length).toBeGreaterThan(60);
    // A GitHub integration's message lives in its attachment, with the commit links kept.
    const commit = bots.find((e) => plainText(e.content).includes('Implement killTask'))!;
    expect(
      commit.content.some(
        (p) => p.type === 'link' && p.url === 'https://github.com/mesos-magellan/enrique/commit/b698a38dabbd81c51029f163e74bcd76115e9c2f',
      ),
    ).toBe(true);
    expect(commit.marks).toEqual([':botman:']);
    // People come from users.json.
    const people = new Set(enrique!.events.filter((e) => e.who?.kind === 'person').map((e) => e.who!.name));
    expect(people.size).toBeGreaterThan(1);
    expect([...people].every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
    const [sailor] = await readSources([rel(join(FIX, 'real/slack-export-viewer-testarchive.zip'))], { cwd, channel: '#traveling-sailor' });
    expect(sailor!.label).toBe('Slack #traveling-sailor');
  });

  it('asks which channel when an export holds several, naming them', async () => {
    await expect(readSources([rel(join(FIX, 'real/slack-export-viewer-testarchive.zip'))], { cwd })).rejects.toThrow(
      /holds 2 channels \(#enrique, #traveling-sailor\); pass the incident's with --channel/,
    );
    await expect(readSources([rel(join(FIX, 'real/slack-export-viewer-testarchive.zip'))], { cwd, channel: 'nope' })).rejects.toThrow(
      /no channel `nope` in this export; it has #enrique, #traveling-sailor/,
    );
  });

  it('reads the 500-message channel: marks from pins (message, channel list and pin notices), stars and reactions; threads; no channel notices', async () => {
    const [slack] = await readSources([rel(join(FIX, 'slack-inc-2231'))], { cwd });
    expect(slack!.records).toBe(500);
    expect(slack!.events.length).toBe(500 - 17);
    const marked = slack!.events.filter((e) => e.marked);
    expect(marked.length).toBe(38);
    expect(marked.filter((e) => e.marks.includes('pinned')).length).toBe(7);
    expect(marked.filter((e) => e.marks.includes('starred')).length).toBe(1);
    expect(slack!.events.some((e) => e.origin.ref.includes('reply in thread'))).toBe(true);
    expect(slack!.notes.join(' ')).toMatch(/17 channel notices/);
    // The file's private URL carries an access token; only its permalink is kept.
    const chart = slack!.events.find((e) => plainText(e.content).includes('consumer lag, both runs'))!;
    expect(JSON.stringify(chart.content)).not.toMatch(/xoxe|files-pri/);
    expect(chart.content).toContainEqual({
      type: 'link',
      url: 'https://quaymark.slack.com/files/U07PRIYA1/F07LAG2231/consumer-lag-2026-11-01.png',
      label: 'consumer lag, both runs',
    });
  });

  it("gives the same events for the export as a folder and as a zip with Slack's top folder", async () => {
    const dir = join(FIX, 'slack-inc-2231');
    const files: Record<string, string> = {};
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files[relative(dir, join(d, e.name)).split('\\').join('/')] = readFileSync(join(d, e.name), 'utf8');
      }
    };
    walk(dir);
    const zip = join(temp(), 'export.zip');
    writeFileSync(zip, makeZip(entriesOf(files, 'Quaymark Slack export Nov 1 2026 - Nov 3 2026/')));
    const [fromFolder] = await readSources([rel(dir)], { cwd });
    const [fromZip] = await readSources([zip], { cwd });
    const strip = (r: typeof fromFolder) =>
      r!.events.map((e) => ({
        ...e,
        origin: { ...e.origin, file: e.origin.file.replace(/^.*?: /, '').replace(/^Quaymark Slack export[^/]*\//, '') },
      }));
    expect(strip(fromZip)).toEqual(strip(fromFolder));
  });

  it('lets the configured reactions alone mark a message', async () => {
    const [slack] = await readSources([rel(join(FIX, 'slack-inc-2231'))], { cwd, reactions: ['tada'] });
    const reacted = slack!.events.filter((e) => e.marks.some((m) => m.startsWith(':')));
    expect(reacted.length).toBe(2);
    expect(reacted.every((e) => e.marks.includes(':tada:'))).toBe(true);
  });
});

describe('PagerDuty', () => {
  it('reads log entries with their offsets, kinds, people and the incident link; notifications and assignments are not marked', async () => {
    const [pd] = await readSources([rel(join(FIX, 'pagerduty-log-entries.json'))], { cwd });
    expect(pd!.records).toBe(13);
    expect(pd!.events.map((e) => e.kind)).toEqual([
      'trigger',
      'notify',
      'acknowledge',
      'resolve',
      'trigger',
      'assign',
      'notify',
      'acknowledge',
      'escalate',
      'notify',
      'note',
      'note',
      'resolve',
    ]);
    expect(pd!.events.filter((e) => e.marked).length).toBe(9);
    // `2026-11-01T01:41:12-04:00` and `2026-11-01T01:38:25-05:00`: offsets honoured across the change.
    expect(new Date(pd!.events[0]!.at).toISOString()).toBe('2026-11-01T05:41:12.000Z');
    expect(new Date(pd!.events[4]!.at).toISOString()).toBe('2026-11-01T06:38:25.000Z');
    const ack = pd!.events[2]!;
    expect(ack.who).toMatchObject({ kind: 'person', name: 'Priya Raman', id: 'PRAMAN1' });
    // The sentence names nobody itself: the person is a piece shown as configured.
    expect(
      ack.content
        .filter((p) => p.type === 'text')
        .map((p) => (p as { value: string }).value)
        .join(''),
    ).not.toMatch(/Priya/);
    expect(pd!.events[0]!.content).toContainEqual({
      type: 'link',
      url: 'https://quaymark.pagerduty.com/incidents/Q3LBL4471',
      label: '[#4471] label-queue depth above 20,000',
    });
    expect(plainText(pd!.events[10]!.content)).toContain('label-batch cronjob suspended; queue draining.');
    expect(pd!.notes.join(' ')).toMatch(/2 incidents/);
  });
});

describe('Opsgenie and Jira Service Management', () => {
  it('reads alert logs: owners by address, recipients views not marked', async () => {
    const [og] = await readSources([rel(join(FIX, 'opsgenie-alert-logs.json'))], { cwd });
    expect(og!.label).toBe('Opsgenie alert log');
    expect(og!.events.map((e) => [e.kind, e.marked])).toEqual([
      ['trigger', true],
      ['notify', false],
      ['acknowledge', true],
      ['note', true],
      ['resolve', true],
    ]);
    expect(og!.events[2]!.who).toMatchObject({ email: 'amara.diallo@quaymark.io', handle: 'amara.diallo' });
  });

  it('reads JSM alert logs (`values`) as Jira Service Management', async () => {
    const data = JSON.parse(readFileSync(join(FIX, 'opsgenie-alert-logs.json'), 'utf8'));
    const file = join(temp(), 'jsm-alert-logs.json');
    writeFileSync(file, JSON.stringify({ values: data.data, links: { next: null } }));
    const [jsm] = await readSources([file], { cwd });
    expect(jsm!.label).toBe('Jira Service Management alert log');
    expect(jsm!.events.every((e) => e.origin.format === 'jsm')).toBe(true);
  });

  it('reads an incident timeline: hidden entries left out, custom entries quoted', async () => {
    const [tl] = await readSources([rel(join(FIX, 'opsgenie-incident-timeline.json'))], { cwd });
    expect(tl!.events.length).toBe(5);
    expect(tl!.notes.join(' ')).toMatch(/1 hidden/);
    expect(tl!.events.map((e) => e.kind)).toEqual(['trigger', 'status', 'note', 'status', 'resolve']);
    expect(tl!.events[2]!.quoted).toBe(true);
  });

  it('reads a Jira changelog: status and priority changes', async () => {
    const [jira] = await readSources([rel(join(FIX, 'jira-changelog.json'))], { cwd });
    expect(jira!.events.map((e) => plainText(e.content))).toEqual([
      'Jira: status Open → Investigating',
      'Jira: priority P3 → P2',
      'Jira: status Investigating → Identified',
      'Jira: status Identified → Mitigated',
      'Jira: status Mitigated → Resolved',
      'Jira: resolution set to Done',
    ]);
    expect(jira!.events.at(-2)!.kind).toBe('resolve');
    expect(new Date(jira!.events[0]!.at).toISOString()).toBe('2026-11-01T06:47:30.000Z');
  });
});

describe('CSV', () => {
  it('reads time, who, what; local times in --csv-zone; an hour the clocks repeated is reported, not guessed', async () => {
    const [csv] = await readSources([rel(join(FIX, 'carrier-notes.csv'))], { cwd, csvZone: parseZone('America/New_York') });
    expect(csv!.events.length).toBe(4);
    expect(new Date(csv!.events[0]!.at).toISOString()).toBe('2026-11-01T07:25:00.000Z');
    expect(csv!.notes.join(' ')).toMatch(/line 6: `2026-11-01 01:30` happened twice in America\/New_York/);
  });

  it('reads times without a zone as UTC by default, and says so', async () => {
    const [csv] = await readSources([rel(join(FIX, 'carrier-notes.csv'))], { cwd });
    expect(new Date(csv!.events[0]!.at).toISOString()).toBe('2026-11-01T02:25:00.000Z');
    expect(csv!.notes.join(' ')).toMatch(/5 times named no zone and were read as UTC \(pass --csv-zone/);
  });

  it('names the columns it expects when the header lacks them', async () => {
    const file = join(temp(), 'notes.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(readSources([file], { cwd })).rejects.toThrow(/expected a header row naming a `time` column and a `what` column/);
  });
});

describe('recognising a source', () => {
  it('says what it reads when a file is none of the formats, and points from one Slack day file to the export', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    writeFileSync(join(dir, '2026-11-01.json'), '[{"type":"message","ts":"1793511871.000003","text":"hi"}]');
    await expect(readSources([join(dir, 'x.json')], { cwd })).rejects.toThrow(/not a format this command reads; expected a Slack export/);
    await expect(readSources([join(dir, '2026-11-01.json')], { cwd })).rejects.toThrow(/one day of a Slack channel: give the whole export/);
  });
});
