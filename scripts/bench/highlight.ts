/**
 * `npm run bench:highlight [-- <language>…]`: each coloured language's grammar (integration/highlight.ts) on hostile
 * 2,000-character lines (the longest a build colours), as CPU time per line, slowest first, and what a file costs
 * at most with `HIGHLIGHT_BUDGET` characters of its slowest line. A language to add to the list is measured here
 * first (any of Shiki's: `npm run bench:highlight -- ahk` shows why AutoHotkey is not in it).
 */
import { bundledLanguagesInfo, createHighlighter } from 'shiki';
import { HIGHLIGHT_BUDGET, HIGHLIGHTED_LANGUAGES } from '../../packages/astro-postmortems/src/integration/highlight.ts';

const LINE = 2_000;
// Openers, escapes and separators that grammars' patterns repeat; each repeated to fill a line.
const UNITS = ['"\\', "'\\", '(', 'a ', ' ', 'a:', '/*', '<a', '${', '`a', '#!', 'aa.', '1.', '{{', '$(', '@@', '::', '->'];
UNITS.push('=>', '\\\\', 'a=b;', '<!--', '[a', 'a,', '-- ', '"a":', 'a.b(', '%{', '&&', '|a', "a'", '* ', '_a', 'é', '\t');

const asked = process.argv.slice(2);
const languages = asked.length ? asked : bundledLanguagesInfo.filter((l) => HIGHLIGHTED_LANGUAGES.has(l.id)).map((l) => l.id);
const highlighter = await createHighlighter({ themes: ['github-dark'], langs: [] });
const rows: { language: string; ms: number; unit: string }[] = [];
for (const language of languages) {
  await highlighter.loadLanguage(language as Parameters<typeof highlighter.loadLanguage>[0]);
  let worst = { ms: 0, unit: '' };
  for (const unit of UNITS) {
    const line = unit.repeat(Math.floor((LINE - 1) / unit.length));
    const start = process.cpuUsage();
    highlighter.codeToHast(`${line}\n`.repeat(3), { lang: language, theme: 'github-dark', tokenizeMaxLineLength: LINE });
    const used = process.cpuUsage(start);
    const ms = (used.user + used.system) / 1000 / 3;
    if (ms > worst.ms) worst = { ms, unit };
  }
  rows.push({ language, ...worst });
}
rows.sort((a, b) => b.ms - a.ms);
const lines = [
  '| language | worst line (ms of CPU) | made of |',
  '|---|--:|---|',
  ...rows.map((r) => `| ${r.language} | ${r.ms.toFixed(1)} | \`${JSON.stringify(r.unit).slice(1, -1)}\` |`),
  '',
  `A file colours at most ${HIGHLIGHT_BUDGET} characters: with the slowest line above, at most ${((rows[0]!.ms * HIGHLIGHT_BUDGET) / LINE / 1000).toFixed(1)} s of CPU.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
