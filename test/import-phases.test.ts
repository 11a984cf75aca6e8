/**
 * The importer's phases, each on the forms issue 23 found real postmortems using (the real corpus in
 * test/import-real.test.ts measures them together; these pin each behaviour to one line of input).
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { actionItemSchema } from '../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import { bestSection } from '../packages/astro-postmortems/src/core/section-names.ts';
import { readActionItems } from '../packages/astro-postmortems/src/import/action-items.ts';
import { convert } from '../packages/astro-postmortems/src/import/convert.ts';
import { datesIn, offsetAt, zoneStatement } from '../packages/astro-postmortems/src/import/dates.ts';
import { readSource } from '../packages/astro-postmortems/src/import/source.ts';

const config = resolveConfig({});

describe('dates and zones', () => {
  it('reads the dates issue 23 found missed', () => {
    const day = (s: string) => datesIn(s).map((d) => [d.year, d.month, d.day]);
    expect(day('Outage on September 29, 2025')).toEqual([[2025, 9, 29]]);
    expect(day('November 24th, 2025')).toEqual([[2025, 11, 24]]);
    expect(day('3. February 2020')).toEqual([[2020, 2, 3]]);
    expect(day('07/27/2023')).toEqual([[2023, 7, 27]]);
    expect(datesIn('January 14-19, 2026')[0]).toMatchObject({ day: 14, end: { day: 19 } });
  });

  it('reads times with their zone, colon-less times beside a zone, and ranges; never durations', () => {
    expect(datesIn('21:40 CEST')[0]).toMatchObject({ hour: 21, minute: 40, offset: 120 });
    expect(datesIn('0401 UTC 2014-10-26 - eris')[0]).toMatchObject({ year: 2014, month: 10, day: 26, hour: 4, minute: 1, offset: 0 });
    expect(datesIn('between the hours of 1900 and 2100 UTC')[0]).toMatchObject({ hour: 19, offset: 0, end: { hour: 21 } });
    expect(datesIn('For 95 minutes order updates failed')).toEqual([]);
    expect(datesIn('cut the traffic by 2/3 in an instant')).toEqual([]);
  });

  it('names zones in statements, with the offset of the day for regions', () => {
    expect(zoneStatement('Timeline (all times PST)')).toMatchObject({ kind: 'fixed', minutes: -480 });
    expect(zoneStatement('Date and Time in CET')).toMatchObject({ kind: 'fixed', minutes: 60 });
    const pacific = zoneStatement('All times in PST/PDT')!;
    expect(offsetAt(pacific, { year: 2023, month: 8, day: 26, hour: 21, minute: 14 })).toBe(-420);
    expect(offsetAt(pacific, { year: 2023, month: 12, day: 26, hour: 21, minute: 14 })).toBe(-480);
  });
});

describe('headings scored by their words', () => {
  it('maps qualified headings', () => {
    for (const [heading, section] of [
      ['Issue Summary', 'Executive Summary'],
      ['Timeline (all times PST)', 'Timeline'],
      ['Timeline (all times approximate)', 'Timeline'],
      ['Root cause of the outage', 'Root Cause'],
      ["What we're doing about it", 'Action Items'],
      ['Impact Analysis', 'Business Impact'],
    ])
      expect(bestSection(heading!, config)?.title, heading).toBe(section);
    expect(bestSection('Call to action', config)).toBeUndefined();
    expect(bestSection('Acknowledgements', config)).toBeUndefined();
  });
});

function items(markdown: string) {
  const source = readSource({ path: 'x.md', text: markdown });
  return readActionItems({ nodes: source.tree.children, config }).items;
}

describe('action items', () => {
  it('finds owners only on word boundaries', () => {
    const [a, b, c] = items(
      '- Teach the Product Owners about how to look up the runbook\n- Run failover drills every quarter\n- Daniel to investigate multimaster availability\n',
    );
    expect(a!.owner).toBeUndefined();
    expect(b!.owner).toBeUndefined();
    expect(c!.owner).toBe('Daniel');
  });

  it('reads the state markers people write', () => {
    const found = items(
      '- **DONE** Rotate the key\n- Add an alert (done)\n- Add a runbook (Completed)\n- Fix the parser ✅\n- ~~Retire the old queue~~\n- [ ] Open item\n- [x] Closed item\n- Resize the pool (in progress)\n- Keep the cache\n',
    );
    expect(found.map((i) => i.status ?? null)).toEqual(['done', 'done', 'done', 'done', 'done', 'open', 'done', 'in-progress', null]);
  });

  it('keeps nested bullets as the description of their item', () => {
    const found = items('- Ensure that alerting is in place for:\n  - Warp Speed\n  - Claims backend\n- Add read replicas\n');
    expect(found).toHaveLength(2);
    expect(found[0]!.description).toBe('- Warp Speed\n- Claims backend');
  });
});

describe('sources', () => {
  it('reads TOML front matter; its date is when the post was written, not the incident', () => {
    const c = convert({
      path: 'post.md',
      config,
      text: '+++\ntitle = "Post-mortem of the cache outage"\ndate = "2025-10-10T10:00:00Z"\n\n[taxonomies]\nauthor = ["Ana Silva", "SRE Team"]\n+++\n\n## Summary\n\nThe cache was down.\n',
    });
    expect(c.decided.title).toBe('Post-mortem of the cache outage');
    expect(c.decided.authors).toEqual(['Ana Silva', 'SRE Team']);
    expect(c.decided.started).toBeUndefined();
    expect(c.fileName).toBe('YYYY-MM-DD-post-mortem-of-the-cache-outage.mdx');
  });

  it('takes a published page without its navigation, footer, comments and site name', () => {
    const html =
      '<html><head><title>Disk outage - Example Blog</title><!-- analytics --></head><body><nav><a href="/">Home</a><a href="/about">About</a></nav><main><h1>Disk outage</h1><p>On 2024-05-06 the disk failed.</p><h2>Action items</h2><ul><li>Add disk alerts</li></ul></main><footer><a href="/privacy">Privacy</a></footer></body></html>';
    const c = convert({ path: 'page.html', config, text: html });
    expect(c.decided.title).toBe('Disk outage');
    expect(c.decided.items.map((i) => i.title)).toEqual(['Add disk alerts']);
    expect(c.text).not.toMatch(/Home|About|Privacy|analytics|Example Blog/);
  });
});

describe('format extension: imported history', () => {
  const schema = actionItemSchema();
  it('accepts an unknown owner and due date on an imported or finished item', () => {
    expect(schema.safeParse({ title: 'Add alerts', owner: 'unknown', due: 'unknown', imported: true }).success).toBe(true);
    expect(schema.safeParse({ title: 'Add alerts', owner: 'unknown', due: 'unknown', status: 'done' }).success).toBe(true);
  });

  it('refuses them on an item that is neither, and says how to fix it', () => {
    const result = schema.safeParse({ title: 'Add alerts', owner: 'ops', due: 'unknown' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('`imported: true`');
  });
});
