/** Helpers every layer shares: owners matched one way everywhere, the summary from the parsed sections. */
import { describe, expect, it } from 'vitest';
import { handlesFor } from '../packages/astro-postmortems/src/cli/github.ts';
import { collectOverdue } from '../packages/astro-postmortems/src/cli/report-overdue.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import type { Frontmatter } from '../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import { sectionsOf } from '../packages/astro-postmortems/src/core/lint.ts';
import { parsePostmortem } from '../packages/astro-postmortems/src/core/parse.ts';
import { groupByOwner, ownerKey, summaryFromSections } from '../packages/astro-postmortems/src/core/utils/incident.ts';
import { plural } from '../packages/astro-postmortems/src/core/utils/text.ts';
import { plural as sitePlural } from '../packages/astro-postmortems/src/lib/format.ts';

describe('owners', () => {
  it('are grouped case-insensitively, trimmed, the first spelling naming the group: the site, the report and the handles agree', () => {
    const rows = [{ owner: 'SRE' }, { owner: 'sre ' }, { owner: 'Payments' }, { owner: 'Sre' }];
    expect(groupByOwner(rows, (r) => r.owner).map((g) => [g.owner, g.items.length])).toEqual([
      ['SRE', 3],
      ['Payments', 1],
    ]);
    expect(ownerKey(' SRE ')).toBe(ownerKey('sre'));
    const config = resolveConfig({ github: { owners: { sre: ['octocat'] } } });
    expect(handlesFor('SRE ', config)).toEqual(['octocat']);
    const item = (owner: string) => ({ title: 'Alert on pool use', owner, due: '2026-01-01', status: 'open' as const });
    const data = { title: 'Pool exhaustion at checkout', actionItems: [item('SRE'), item('sre')] } as unknown as Frontmatter;
    const report = collectOverdue([{ id: 'a', path: 'postmortems/a.mdx', data }], '2026-02-01');
    expect(report.groups.map((g) => [g.owner, g.items.length])).toEqual([['SRE', 2]]);
  });
});

describe('plural', () => {
  it('is one rule, the site writing counts with separators', () => {
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(10000, 'postmortem')).toBe('10000 postmortems');
    expect(sitePlural(1234, 'item')).toBe('1,234 items');
    expect(sitePlural(1, 'entry', 'entries')).toBe('1 entry');
  });
});

describe('summaryFromSections', () => {
  const summary = (body: string, config = resolveConfig({})) => {
    const file = parsePostmortem('postmortems/2025-01-01-x.mdx', body);
    return summaryFromSections(file, sectionsOf(file), config);
  };

  it('is the first paragraph of the configured summary section, matched like the rules match headings', () => {
    expect(summary('## Overview\n\nNot this.\n\n## Executive Summary\n\nThe `cache` *rule* failed.\n')).toBe('The cache rule failed.');
    // As written: a character reference stays what the author typed, as in every list and feed before.
    expect(summary('## Executive Summary\n\nA flush of &lt;img&gt; slowed\r\ncheckout &amp; search.\n')).toBe(
      'A flush of &lt;img&gt; slowed checkout &amp; search.',
    );
    expect(summary('## Summary\n\nShort.\n', resolveConfig({ summarySection: 'Summary', requiredSections: ['Summary'] }))).toBe('Short.');
    expect(summary('## Executive Summary\n\n### Detail\n\nNot the summary.\n')).toBe('');
    expect(summary('# Title only\n')).toBe('');
  });
});
