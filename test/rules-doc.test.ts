import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rules } from '../src/core/rules/index.ts';

/** Problems reported by the repository walk rather than a rule module (src/core/repository.ts). */
const FILE_PROBLEMS = ['file/unreadable', 'file/encoding', 'file/unexpected', 'render/refused'];

async function documented(): Promise<Map<string, string>> {
  const text = await readFile(new URL('../docs/rules.md', import.meta.url), 'utf8');
  const rows = new Map<string, string>();
  for (const m of text.matchAll(/^\| `([a-z0-9-]+\/[a-z0-9-]+)` \| (error|warning) \|/gm)) {
    expect(rows.has(m[1]!), `rule ${m[1]} documented twice`).toBe(false);
    rows.set(m[1]!, m[2]!);
  }
  return rows;
}

describe('docs/rules.md', () => {
  it('has a row for every registered rule, at the level the code uses', async () => {
    const rows = await documented();
    for (const rule of rules) {
      expect(rows.get(rule.id), `docs/rules.md lacks a row for \`${rule.id}\`; add one with its level, meaning, fix and an example`).toBe(rule.level);
    }
  });

  it('documents no rule that does not exist', async () => {
    const known = new Set([...rules.map((r) => r.id), ...FILE_PROBLEMS]);
    for (const id of (await documented()).keys()) expect(known.has(id), `docs/rules.md documents unknown rule \`${id}\``).toBe(true);
    for (const id of FILE_PROBLEMS) expect((await documented()).get(id)).toBe('error');
  });
});
