/** docs/format.md: the contract lives in the repository, and its reference tables are generated from the code. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FORMAT_DOC, refresh } from '../packages/astro-postmortems/src/cli/format-doc.ts';
import { rules } from '../packages/astro-postmortems/src/core/rules/index.ts';

const doc = await readFile(new URL(`../${FORMAT_DOC}`, import.meta.url), 'utf8');

describe(FORMAT_DOC, () => {
  it('is up to date with the schema, the rules and the configuration; if this fails, run `npm run docs:format` and commit the result', () => {
    expect(refresh(doc)).toBe(doc);
  });

  it('names every rule and every frontmatter field of the code', () => {
    for (const rule of rules) expect(doc).toContain(`| \`${rule.id}\` | ${rule.level} |`);
    for (const field of ['title', 'severity', 'incident.started', 'actionItems[].due', 'related'])
      expect(doc).toContain(`| \`${field}\` |`);
  });

  it('carries the whole contract, with its extensions, and points nowhere outside the repository for it', () => {
    for (const heading of [
      'Where postmortems live',
      'Frontmatter (YAML)',
      'Safety of MDX',
      'Rules and their ids',
      'The commands',
      'Extensions for learning across incidents',
      'What "content, never code" means',
    ]) {
      expect(doc).toMatch(new RegExp(`^### \\d\\. ${heading.replace(/[()]/g, '\\$&')}`, 'm'));
    }
    for (const extension of ['contributingFactors', '`kind`', 'review.date', 'factors/unknown-category', 'content/placeholder'])
      expect(doc).toContain(extension);
    expect(doc).not.toContain('shared/postmortem-format.md');
  });

  it('refuses a document without its generated blocks', () => {
    expect(() => refresh('# nothing')).toThrow(/generated:frontmatter/);
  });
});
