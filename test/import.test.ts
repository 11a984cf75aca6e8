/**
 * `npm run import` on six realistic inputs in distinct styles (test/fixtures/import/), written into temporary
 * repositories (never the project's postmortems/), then checked by the real checker.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport, type ImportedFile } from '../packages/astro-postmortems/src/cli/import.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { checkRepository } from '../packages/astro-postmortems/src/core/repository.ts';
import { convert } from '../packages/astro-postmortems/src/import/convert.ts';
import { mapSeverity } from '../packages/astro-postmortems/src/import/convert.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures/import');
const SAFETY = ['mdx/syntax', 'mdx/no-expression', 'mdx/no-esm', 'mdx/disallowed-element'];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pm-import-'));
  await cp(FIXTURES, join(root, 'old'), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd: root, env: {}, isTTY: false, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

interface JsonReport {
  dryRun: boolean;
  files: ImportedFile[];
  errors: number;
  warnings: number;
}

async function importJson(...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const t = io();
  const code = await runImport([...args, '--format', 'json'], t.io);
  return { code, report: JSON.parse(t.out.join('\n')) as JsonReport };
}

async function written(file: ImportedFile): Promise<{ data: Record<string, any>; text: string }> {
  const text = await readFile(join(root, file.output!), 'utf8');
  return { text, data: parseYaml(text.split('\n---\n')[0]!.replace(/^---\n/, '')) as Record<string, any> };
}

function bySource(report: JsonReport, name: string): ImportedFile {
  const file = report.files.find((f) => f.source.endsWith(name));
  if (!file) throw new Error(`no report for ${name}`);
  return file;
}

/** Imports one file of the fixtures (`old/<name>`): its report, and the file written with its frontmatter. */
async function importOne(name: string): Promise<{ file: ImportedFile; data: Record<string, any>; text: string }> {
  const file = bySource((await importJson(`old/${name}`)).report, name);
  return { file, ...(await written(file)) };
}

describe('npm run import, six styles', () => {
  it('writes one checked file per input; only what the source lacks is reported', async () => {
    const { code, report } = await importJson('old');
    expect(report.files).toHaveLength(6);
    // Every written file is safe MDX, and the only errors are fields the source does not give.
    for (const file of report.files) {
      expect(file.state, file.source).toBe('written');
      expect(
        file.check!.messages.filter((m) => SAFETY.includes(m.rule)),
        file.source,
      ).toEqual([]);
      for (const m of file.check!.messages.filter((m) => m.severity === 'error')) {
        // A service no source names, and a time the source gives without its zone: never invented.
        expect(m.message, file.source).toMatch(/Missing required field `services`|offset after the time/);
        expect(
          file.report!.complete.some((c) => c.what.startsWith(m.message.includes('services') ? '`services`' : '`incident.')),
          file.source,
        ).toBe(true);
      }
    }
    expect(code).toBe(1); // two sources name no service, one no zone

    // A re-check from disk by the real checker agrees with the report.
    const again = await checkRepository({ root, config: resolveConfig({}) });
    expect(again.messages.filter((m) => m.severity === 'error')).toHaveLength(report.errors);
    expect(await readdir(join(root, 'postmortems'))).toHaveLength(6);
  });

  it('Google SRE book template: bold Key: value preamble, severity section, action table with Bug column', async () => {
    const { file, data, text } = await importOne('google-sre-template.md');
    expect(file.output).toBe('postmortems/2015-10-21-shakespeare-sonnet-postmortem-incident-465.mdx');
    expect(data).toMatchObject({
      title: 'Shakespeare Sonnet++ Postmortem (incident #465)',
      severity: 'P2',
      status: 'draft',
      authors: ['jennifer', 'martym', 'agoogler'],
    });
    // "14:54 OUTAGE BEGINS" marks the start (14:51 is the news that led to it).
    expect(data['incident']).toEqual({
      started: '2015-10-21T14:54:00Z',
      mitigated: '2015-10-21T15:28:00Z',
      resolved: '2015-10-21T16:10:00Z',
    });
    // No due dates in the source: imported items say so instead of inventing one.
    expect(data['actionItems']).toEqual([
      {
        title: 'Update playbook with instructions for responding to cascading failure',
        owner: 'jennifer',
        due: 'unknown',
        type: 'mitigate',
        link: 'https://bugs.example.com/1',
        imported: true,
      },
      {
        title: 'Use flux capacitor to balance load between clusters',
        owner: 'martym',
        due: 'unknown',
        type: 'prevent',
        link: 'https://bugs.example.com/5554823',
        imported: true,
      },
      { title: 'Schedule cascading failure test during next DiRT', owner: 'docbrown', due: 'unknown', type: 'process', imported: true },
    ]);
    expect(file.report!.sections.map((s) => s.to)).toEqual(
      expect.arrayContaining(['## Executive Summary', '## Business Impact', '## Root Cause', '## Resolution (kept as an extra section)']),
    );
    // "(all times UTC)" names the zone, so nothing is assumed.
    expect(file.report!.inferred.find((p) => p.field === 'incident.started')?.from).toContain('(all times UTC)');
    // `{` and `<` in prose are escaped, not read as code.
    expect(text).toContain('cluster=\\{all}');
    expect(text.split('\n---\n')[1]).not.toMatch(/^# /m); // the title heading left the body
    // The lines the report points at are the lines to complete.
    const lines = text.split('\n');
    for (const c of file.report!.complete) expect(lines[c.line - 1], c.what).toMatch(/^#|^## |^_/);
  });

  it("PagerDuty's template: metadata table, SEV-2, PST timeline, task list with owners, a placeholder owner left for a person", async () => {
    const { file, data } = await importOne('pagerduty-template.md');
    expect(data).toMatchObject({ severity: 'P2', services: ['payments-api', 'card-vault'], authors: ['Priya Nair', 'Tom Becker'] });
    expect(data['incident']).toMatchObject({
      started: '2024-03-02T09:14:00-08:00',
      detected: '2024-03-02T09:19:00-08:00',
      resolved: '2024-03-02T10:01:00-08:00',
    });
    expect(data['actionItems']).toEqual([
      {
        title: 'Remove certificate pinning from the Payments API',
        owner: 'payments-team',
        due: '2024-04-15',
        status: 'open',
        imported: true,
      },
      {
        title: 'Add a "clients that pin" step to the certificate runbook',
        owner: 'vault-team',
        due: '2024-03-10',
        status: 'done',
        imported: true,
      },
      { title: 'Make the staging chain match production', owner: 'unknown', due: 'unknown', status: 'open', imported: true },
    ]);
    expect(file.report!.complete.map((c) => c.what).join('\n')).toMatch(/Make the staging chain match production.*`Everyone` names nobody/);
    expect(file.report!.complete.map((c) => c.what).join('\n')).toContain('section `## Lessons Learned`');
    expect(file.check!.errors).toBe(0);
  });

  it("Atlassian's template: front matter, Five whys and Root cause merged, day from the summary, Jira ids without a tracker", async () => {
    const { data, text } = await importOne('atlassian-template.md');
    expect(data).toMatchObject({ title: 'Search indexing stalled for the EU region', severity: 'P1', authors: ['Mara Lindqvist'] });
    expect(data['incident']).toEqual({
      started: '2023-11-08T13:58:00Z',
      detected: '2023-11-08T15:20:00Z',
      mitigated: '2023-11-08T16:10:00Z',
      resolved: '2023-11-08T16:40:00Z',
    });
    expect(data['actionItems']).toEqual([
      { title: 'Alert on indexer consumer lag above 5 minutes', owner: 'search-team', due: '2023-11-22', status: 'done', imported: true },
      {
        title: 'Cap indexer retries and add a dead-letter queue',
        owner: 'search-team',
        due: '2023-12-06',
        status: 'in-progress',
        imported: true,
      },
    ]);
    expect(text).toContain('# ticket SRCH-88: set `tracker`');
    expect(text).toContain('### Root cause');
    expect(text).toMatch(/## Leadup[\s\S]*## Timeline/);
  });

  it('with a tracker configured, ticket ids become links that check accepts', async () => {
    await writeFile(join(root, 'postmortems.config.ts'), "export default { tracker: { url: 'https://jira.example.com/browse/{id}' } };\n");
    const { file, data } = await importOne('atlassian-template.md');
    expect(data['actionItems'][1]).toMatchObject({ link: 'SRCH-91' });
    expect(file.check!.messages.filter((m) => m.message.includes('link'))).toEqual([]);
  });

  it('free-form write-up: setext headings, a numbered Five Whys, bullets with owner and due', async () => {
    const { file, data, text } = await importOne('free-form-setext.md');
    expect(file.output).toBe('postmortems/2024-06-18-the-day-the-label-printers-stopped.mdx');
    expect(data).toMatchObject({
      title: 'The day the label printers stopped',
      severity: 'P3',
      services: ['label-printing'],
      authors: ['Ops Guild'],
    });
    // No zone anywhere: the times are written as given, and check asks for the offset (never assumed).
    expect(data['incident']).toEqual({ started: '2024-06-18T07:40:00', resolved: '2024-06-18T09:10:00' });
    expect(
      file
        .check!.messages.filter((m) => m.severity === 'error')
        .map((m) => m.message)
        .join('\n'),
    ).toMatch(/offset after the time/);
    expect(data['actionItems']).toEqual([
      { title: 'Add the queue hosts to the monitoring inventory', owner: 'infra-team', due: '2024-07-01', imported: true },
      { title: 'Add "turn off debug logging" to the release checklist', owner: 'release-managers', due: '2024-06-28', imported: true },
      { title: 'Review the other queues for debug logging', owner: 'unknown', due: 'unknown', imported: true },
    ]);
    expect(text).toMatch(/## Root Cause\n\n1\. Why did labels stop printing\?/);
    expect(file.report!.complete.map((c) => c.what).join('\n')).toContain('but no zone; add the offset');
    // Code in prose stays in backticks, untouched.
    expect(text).toContain('`if (queue.size < 10) { alert() }`');
  });

  it('Confluence HTML export: metadata table, page author, task list, script and iframe dropped and reported', async () => {
    const { file, data, text } = await importOne('confluence-export.html');
    expect(file.output).toBe('postmortems/2024-09-02-orders-database-failover-left-replicas-read-only.mdx');
    expect(data).toMatchObject({
      title: 'Orders database failover left replicas read-only',
      severity: 'P2',
      services: ['orders-db', 'order-api'],
      authors: ['Sam Ortiz'],
    });
    expect(data['incident']).toEqual({
      started: '2024-09-02T23:40:00Z',
      detected: '2024-09-02T23:46:00Z',
      mitigated: '2024-09-03T00:50:00Z',
      resolved: '2024-09-03T01:15:00Z',
    });
    expect(data['actionItems']).toEqual([
      {
        title: 'Clear default_transaction_read_only on promotion in the failover script',
        owner: 'dba-team',
        due: '2024-09-10',
        status: 'done',
        imported: true,
      },
      {
        title: 'Run failover drills against a production-like database',
        owner: 'dba-team',
        due: '2024-10-01',
        status: 'open',
        imported: true,
      },
    ]);
    expect(file.report!.notes.join('\n')).toMatch(/dropped `<script>`[\s\S]*dropped `<iframe>`/);
    expect(text).not.toMatch(/<script|<iframe|alert\('tracking'\)/);
    expect(text).toContain('orders \\< 1 minute old');
    expect(file.check!.errors).toBe(0);
  });

  it('Google Docs Markdown export: bold title line, level-1 sections, Sev 1, CEST times, lessons sub-headings', async () => {
    const { file, data, text } = await importOne('google-docs-export.md');
    expect(data).toMatchObject({
      title: 'Checkout latency spike during the spring sale',
      severity: 'P1',
      services: ['checkout-web', 'cart-service'],
      authors: ['Lena Okafor'],
    });
    expect(data['incident']).toEqual({
      started: '2025-04-12T10:05:00+02:00',
      detected: '2025-04-12T10:11:00+02:00',
      resolved: '2025-04-12T11:02:00+02:00',
    });
    expect(data['actionItems']).toHaveLength(2);
    expect(text).toMatch(/## Lessons Learned\n\n### What went well[\s\S]*### What went wrong[\s\S]*### Where we got lucky/);
    expect(file.check!.errors).toBe(0);
  });
});

describe('npm run import, safety of the run', () => {
  it('a dry run writes nothing, and still reports and checks', async () => {
    const { code, report } = await importJson('old/google-docs-export.md', '--dry-run');
    expect(code).toBe(0);
    expect(report.dryRun).toBe(true);
    expect(report.files[0]!.state).toBe('dry-run');
    expect(report.files[0]!.check!.errors).toBe(0);
    expect(await readdir(root)).toEqual(['old']);
  });

  it('never overwrites: an existing file (or id) means nothing at all is written', async () => {
    const target = join(root, 'postmortems/2024-06-18-the-day-the-label-printers-stopped.mdx');
    await mkdir(join(root, 'postmortems'), { recursive: true });
    await writeFile(target, 'mine');
    const t = io();
    expect(await runImport(['old/free-form-setext.md', 'old/google-docs-export.md'], t.io)).toBe(1);
    expect(await readFile(target, 'utf8')).toBe('mine');
    expect(await readdir(join(root, 'postmortems'))).toEqual(['2024-06-18-the-day-the-label-printers-stopped.mdx']);
    expect(t.out.join('\n')).toContain(
      'REFUSED, nothing written: `postmortems/2024-06-18-the-day-the-label-printers-stopped.mdx` already exists',
    );
  });

  it('--out writes elsewhere; the JSON report has its documented shape', async () => {
    const { report } = await importJson('old/google-docs-export.md', '--out', 'postmortems/2025');
    expect(Object.keys(report).sort()).toEqual(['dryRun', 'errors', 'files', 'refused', 'skipped', 'warnings']);
    const [file] = report.files;
    expect(Object.keys(file!).sort()).toEqual(['check', 'output', 'report', 'source', 'state']);
    expect(file!.output).toBe('postmortems/2025/2025-04-12-checkout-latency-spike-during-the-spring-sale.mdx');
    expect(Object.keys(file!.report!).sort()).toEqual(['complete', 'found', 'inferred', 'notes', 'sections']);
    expect(file!.report!.found[0]).toEqual({ field: expect.any(String), value: expect.any(String), from: expect.any(String) });
    expect(Object.keys(file!.check!).sort()).toEqual(['errors', 'messages', 'warnings']);
  });

  it('bad usage exits 2', async () => {
    expect(await runImport([], io().io)).toBe(2);
    expect(await runImport(['nope.md'], io().io)).toBe(2);
    expect(await runImport(['old', '--format', 'xml'], io().io)).toBe(2);
    expect(await runImport(['old', '--overwrite'], io().io)).toBe(2);
  });
});

describe('conversion details', () => {
  const config = resolveConfig({});

  it('maps severity spellings to the configured levels', () => {
    expect(mapSeverity('SEV-1', ['P1', 'P2', 'P3', 'P4'])?.value).toBe('P1');
    expect(mapSeverity('Sev 3', ['P1', 'P2', 'P3', 'P4'])?.value).toBe('P3');
    expect(mapSeverity('p2', ['P1', 'P2', 'P3', 'P4'])?.value).toBe('P2');
    expect(mapSeverity('Critical', ['SEV1', 'SEV2'])?.value).toBe('SEV1');
    expect(mapSeverity('minor', ['SEV1', 'SEV2'])?.value).toBe('SEV2');
    expect(mapSeverity('whenever', ['P1'])).toBeUndefined();
  });

  it("leaves out headings that are only a page's spacing, with a note, and keeps one that holds an image", () => {
    const { text, report } = convert({
      path: 'x.html',
      config,
      text: '<html><body><h1>Queue outage</h1><h3> </h3><h3>&nbsp;<br></h3><h3><img src="./queue.png"></h3><h2>Summary</h2><p>The queue stalled.</p></body></html>',
    });
    expect(text).not.toMatch(/^#+[ \t]*$/m);
    expect(text).toContain('![](./queue.png)');
    expect(report.notes).toContain("left out 2 empty headings (the page's spacing, such as `<h3> </h3>`, not a section)");
  });

  it('raw HTML in Markdown is converted or dropped with a note, never passed through', () => {
    const { text, report } = convert({
      path: 'x.md',
      config,
      text: '# Queue outage on the label API\n\nDate: 2024-01-02 10:00 UTC\n\n## Summary\n\nLatency <b>doubled</b> for {some} users.<br>Then recovered.\n\n<div onclick="x()"><p>Block <i>html</i></p><script>bad()</script></div>\n\n<!-- internal note -->\n',
    });
    expect(text).not.toMatch(/<b>|<div|onclick|bad\(\)|internal note/);
    expect(text).toContain('\\{some}');
    for (const note of ['inline HTML tag `<b>`', 'converted a block of raw HTML', 'dropped `<script>`', 'dropped an HTML comment'])
      expect(report.notes.join('\n')).toContain(note);
  });
});
