import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { addActionItemLinks, addIncidentFields, FrontmatterEditError } from '../packages/astro-postmortems/src/cli/frontmatter-edit.ts';

const URL1 = 'https://github.com/acme/postmortems/issues/101';
const URL2 = 'https://github.com/acme/postmortems/issues/102';

/** The edited text minus the inserted pieces must be the original, byte for byte. */
function expectOnlyInserted(before: string, after: string, inserted: string[]) {
  let rest = after;
  for (const piece of inserted) {
    const at = rest.indexOf(piece);
    expect(at, `inserted ${JSON.stringify(piece)}`).toBeGreaterThanOrEqual(0);
    rest = rest.slice(0, at) + rest.slice(at + piece.length);
  }
  expect(rest).toBe(before);
}

const frontmatter = (text: string) =>
  parseYaml(/^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text)![1]!) as {
    actionItems: Record<string, unknown>[];
    incident?: Record<string, unknown>;
  };

const SOURCE = `---
# A comment at the top stays.
title: "Checkout errors"   # trailing comment
actionItems:
  - title: >
      A folded title
      over two lines
    owner: checkout-team  # agreed in the review
    due: 2026-12-04
    status: open


  - { title: 'Flow item', owner: sre, due: 2026-12-05 }
  - title: Already linked
    owner: sre
    due: 2026-12-06
    link: https://tracker.example.com/OPS-1
  -   title: Odd indent
      owner: sre
      due: 2026-12-07
related: []
---

## Executive Summary

Body text with actionItems: in it stays too.
`;

describe('addActionItemLinks', () => {
  it('inserts one line per block item at its keys’ indent, after its last line, and nothing else', () => {
    const out = addActionItemLinks(
      SOURCE,
      new Map([
        [0, URL1],
        [3, URL2],
      ]),
    );
    expectOnlyInserted(SOURCE, out, [`    link: ${URL1}\n`, `      link: ${URL2}\n`]);
    expect(out).toContain(`    status: open\n    link: ${URL1}\n\n\n  - { title`);
    const data = frontmatter(out);
    expect(data.actionItems[0]).toMatchObject({ title: 'A folded title over two lines\n', link: URL1 });
    expect(data.actionItems[3]).toMatchObject({ title: 'Odd indent', link: URL2 });
    expect(data.actionItems[1]).not.toHaveProperty('link');
  });

  it('adds `, link: …` inside a flow map', () => {
    const out = addActionItemLinks(SOURCE, new Map([[1, URL1]]));
    expectOnlyInserted(SOURCE, out, [`, link: ${URL1}`]);
    expect(frontmatter(out).actionItems[1]).toEqual({ title: 'Flow item', owner: 'sre', due: '2026-12-05', link: URL1 });
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const crlf = `\uFEFF${SOURCE.replaceAll('\n', '\r\n')}`;
    const out = addActionItemLinks(crlf, new Map([[0, URL1]]));
    expectOnlyInserted(crlf, out, [`    link: ${URL1}\r\n`]);
    expect(out.startsWith('\uFEFF---\r\n')).toBe(true);
  });

  it('handles a last item that ends the frontmatter, and an item whose last value has a comment', () => {
    const src = '---\nactionItems:\n  - title: T\n    owner: o # c\n---\nBody\n';
    const out = addActionItemLinks(src, new Map([[0, URL1]]));
    expect(out).toBe(`---\nactionItems:\n  - title: T\n    owner: o # c\n    link: ${URL1}\n---\nBody\n`);
  });

  it('quotes a URL that YAML would not read back as written', () => {
    const src = '---\nactionItems:\n  - title: T\n    owner: o\n---\n';
    const odd = 'https://tracker.example.com/browse?q=a #b';
    expect(frontmatter(addActionItemLinks(src, new Map([[0, odd]]))).actionItems[0]!['link']).toBe(odd);
  });

  it('refuses an item that already has a link, an index that is not an item, and a file without frontmatter', () => {
    expect(() => addActionItemLinks(SOURCE, new Map([[2, URL1]]))).toThrow(FrontmatterEditError);
    expect(() => addActionItemLinks(SOURCE, new Map([[9, URL1]]))).toThrow(/actionItems\[9\]/);
    expect(() => addActionItemLinks('## No frontmatter\n', new Map([[0, URL1]]))).toThrow(FrontmatterEditError);
  });

  it('changes nothing but the inserted lines in every sample postmortem', () => {
    const root = join(import.meta.dirname, 'fixtures/repository/postmortems');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
    let edited = 0;
    for (const file of files(root)) {
      // Drop every link, then write them back: the result must be the sample as committed.
      const text = readFileSync(file, 'utf8');
      const links = new Map<number, string>();
      frontmatter(text).actionItems?.forEach((item, i) => item['link'] && links.set(i, String(item['link'])));
      if (!links.size) continue;
      const without = text.replace(/^ {4}link: .*\n/gm, '');
      expect(addActionItemLinks(without, links), file).toBe(text);
      edited++;
    }
    expect(edited).toBeGreaterThanOrEqual(8);
  });
});

describe('addIncidentFields', () => {
  const scaffolded = [
    '---',
    'title: "A title long enough"',
    'incident:',
    '  started: 2026-11-01T01:30:00-04:00',
    '  # detected: 2026-11-01T00:00:00-04:00   # when an alert or a person first noticed',
    '  # resolved: 2026-11-01T00:00:00-04:00   # back to normal',
    'services:',
    '  - label-service',
    '---',
    '',
    '## Body',
    '',
  ].join('\n');

  it('replaces the commented line `npm run new` writes for the field, and nothing else', () => {
    const out = addIncidentFields(scaffolded, [{ field: 'detected', value: '2026-11-01T01:41:12-04:00', comment: 'inferred; confirm' }]);
    expect(out).toBe(
      scaffolded.replace(
        '  # detected: 2026-11-01T00:00:00-04:00   # when an alert or a person first noticed',
        '  detected: 2026-11-01T01:41:12-04:00  # inferred; confirm',
      ),
    );
    expect(frontmatter(out)['incident']).toEqual({ started: '2026-11-01T01:30:00-04:00', detected: '2026-11-01T01:41:12-04:00' });
  });

  it("adds a line after the map's last field when there is no commented one, keeping CRLF", () => {
    const crlf = scaffolded.replaceAll('\n', '\r\n');
    const out = addIncidentFields(crlf, [{ field: 'mitigated', value: '2026-11-01T02:52:37-05:00', comment: 'inferred' }]);
    expect(out).toBe(
      crlf.replace(
        '  started: 2026-11-01T01:30:00-04:00\r\n',
        '  started: 2026-11-01T01:30:00-04:00\r\n  mitigated: 2026-11-01T02:52:37-05:00  # inferred\r\n',
      ),
    );
  });

  it('never touches a field that has a value', () => {
    expect(() => addIncidentFields(scaffolded, [{ field: 'started', value: '2026-11-01T05:30:00Z', comment: 'x' }])).toThrow(
      /`incident.started` already set/,
    );
    expect(() => addIncidentFields('---\ntitle: x\n---\n', [{ field: 'detected', value: '2026-11-01T05:30:00Z', comment: 'x' }])).toThrow(
      /without an `incident:` block map/,
    );
  });
});
