import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { lintFile } from '../packages/astro-postmortems/src/core/lint.ts';
import { parsePostmortem } from '../packages/astro-postmortems/src/core/parse.ts';
import { indexRepository } from '../packages/astro-postmortems/src/core/repository.ts';
import { ruleById } from '../packages/astro-postmortems/src/core/rules/index.ts';

const config = resolveConfig({});

function lint(frontmatter: string, today: string) {
  const path = 'postmortems/2026-11-16-payments-api-timeouts.mdx';
  const text = `---\n${frontmatter}\n---\n\n## Executive Summary\n\nText.\n`;
  const file = parsePostmortem(path, text);
  return lintFile(file, { config, repository: indexRepository([path]), today }).messages.filter((m) => m.rule === 'review/overdue');
}

const base = `title: Payments API timed out for card payments
severity: P2
incident:
  started: 2026-11-16T10:00:00Z
  resolved: 2026-11-16T12:00:00Z
services: [payments-api]
authors: [Payments Team]`;

describe('review/overdue', () => {
  it('is a registered warning rule', () => {
    expect(ruleById.get('review/overdue')?.level).toBe('warning');
  });

  it('warns on a postmortem still in review after 7 business days, at the status line', () => {
    const messages = lint(`status: in-review\n${base}`, '2026-11-26');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ line: 2, column: 9, severity: 'warning' });
    expect(messages[0]!.message).toContain('`status: in-review`');
    expect(messages[0]!.message).toContain('review due 2026-11-25');
    expect(messages[0]!.message).toMatch(/set `status: published`/);
  });

  it('stays quiet on the due date, for published postmortems and for unresolved drafts', () => {
    expect(lint(`status: in-review\n${base}`, '2026-11-25')).toEqual([]);
    expect(lint(`status: published\n${base}`, '2027-06-01')).toEqual([]);
    expect(lint(`status: draft\n${base.replace(/\n  resolved:.*$/m, '')}`, '2027-06-01')).toEqual([]);
  });

  it('is satisfied by a recorded review meeting (§7 `review.date`), even while the status is not published yet', () => {
    expect(lint(`status: in-review\n${base}\nreview:\n  date: 2026-11-24\n  facilitator: Incident review group`, '2026-12-10')).toEqual([]);
    // A date that is not a real day does not count (frontmatter/invalid reports it).
    expect(lint(`status: in-review\n${base}\nreview:\n  date: 24 November`, '2026-12-10')).toHaveLength(1);
  });

  it('still reminds when another field is invalid', () => {
    const messages = lint(`status: draft\n${base.replace('P2', 'P9')}`, '2026-12-01');
    expect(messages).toHaveLength(1);
  });

  it('can be turned off or raised in the configuration', () => {
    const path = 'postmortems/2026-11-16-payments-api-timeouts.mdx';
    const file = parsePostmortem(path, `---\nstatus: draft\n${base}\n---\n`);
    const off = lintFile(file, {
      config: resolveConfig({ rules: { 'review/overdue': 'off' } }),
      repository: indexRepository([path]),
      today: '2027-01-01',
    });
    expect(off.messages.some((m) => m.rule === 'review/overdue')).toBe(false);
    const error = lintFile(file, {
      config: resolveConfig({ rules: { 'review/overdue': 'error' } }),
      repository: indexRepository([path]),
      today: '2027-01-01',
    });
    expect(error.messages.find((m) => m.rule === 'review/overdue')?.severity).toBe('error');
  });
});
