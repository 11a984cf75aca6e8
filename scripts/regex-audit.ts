/**
 * `npm run audit:regex`: runs recheck over every regular-expression literal of the engine and rewrites
 * `test/security/regex-audit.json` (scripts/shared/regex-audit.ts says why and how). Reasons already written for a
 * vulnerable pattern are kept; a new vulnerable one is written with an empty reason, which the test refuses until a
 * person fixes the pattern (the usual way) or writes why its input cannot make it slow.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { AUDIT_FILE, builtPatterns, engineLiterals, readAudit, verdict, type Audit, type Reviewed } from './shared/regex-audit.ts';

const previous = existsSync(AUDIT_FILE) ? readAudit() : undefined;
const reasons = new Map(previous?.reviewed.map((r) => [r.regex, r.reason]));
const before = new Map(previous?.reviewed.map((r) => [r.regex, r]));
const byRegex = new Map<string, string[]>();
for (const { file, regex } of [...engineLiterals(), ...(await builtPatterns())])
  byRegex.set(regex, [...new Set([...(byRegex.get(regex) ?? []), file])]);

const safe: string[] = [];
const reviewed: Reviewed[] = [];
let done = 0;
for (const [regex, files] of byRegex) {
  const v = await verdict(regex);
  const reviewedBefore = before.get(regex);
  // recheck's fuzzing finds some attacks on one run and not the next: a pattern once found vulnerable stays
  // reviewed, with its reason and attack, until it changes.
  if (v.status === 'safe' && reviewedBefore) reviewed.push({ ...reviewedBefore, files });
  else if (v.status === 'safe') safe.push(regex);
  else reviewed.push({ regex, files, complexity: v.complexity, attack: v.attack, reason: reasons.get(regex) ?? '' });
  if (++done % 100 === 0) process.stderr.write(`${done} of ${byRegex.size}\n`);
}
const audit: Audit = {
  about:
    'Every regular-expression literal of packages/astro-postmortems/src and what recheck says of it (npm run audit:regex rewrites this file; scripts/shared/regex-audit.ts). `reviewed`: found vulnerable, kept for the reason given.',
  safe: safe.sort(),
  reviewed: reviewed.sort((a, b) => a.files[0]!.localeCompare(b.files[0]!) || a.regex.localeCompare(b.regex)),
};
// As the repository's formatter writes it, so that `npm run format:check` passes on a fresh audit.
const options = { ...(await resolveConfig(AUDIT_FILE)), filepath: AUDIT_FILE };
writeFileSync(AUDIT_FILE, await format(JSON.stringify(audit, null, 2), options));
const open = reviewed.filter((r) => !r.reason);
process.stdout.write(
  `${byRegex.size} distinct literals: ${safe.length} safe, ${reviewed.length} vulnerable or undecided (${open.length} without a reason)\n` +
    open.map((r) => `  ${r.files.join(', ')}  ${r.regex}  (${r.complexity}: ${r.attack})\n`).join(''),
);
process.exitCode = open.length ? 1 : 0;
