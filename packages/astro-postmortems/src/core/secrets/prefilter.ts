/**
 * Whether gitleaks' catalogue can find anything in a text, decided without the catalogue: the writing page's worker
 * fetches the catalogue (its 221 patterns and re2js) only when this says yes, so it must never say no where
 * `findSecrets` finds something. It takes the matcher's own decision of where a rule runs (`find-secrets.ts`: a rule
 * runs only around its keywords, and a semi-generic rule only where an assignment follows its keyword, here with the
 * value every such rule requires after it) over the
 * keyword index generated with the catalogue (`gitleaks/keywords.ts`), and for the few rules whose keywords are
 * fragments of ordinary English ("ey", "sk", "s.", "curl", "intra", "asia"), a necessary condition read off the rule's
 * pattern (`SHAPES`): a text without it cannot hold that rule's match.
 *
 * gitleaks' keywords alone cannot decide this: "ey" (they, key), "sk" (task, disk) and "s." (any plural ending a
 * sentence) are in nearly every draft, and the semi-generic rules' "key", "token", "password", "secret" are words a
 * postmortem uses in prose.
 */
import type { CatalogueRule } from './catalogue.ts';
import { GITLEAKS_PREFILTER } from './gitleaks/keywords.ts';
import { assignedValueAt, automaton, scan, semiGeneric, type Automaton } from './keyword-automaton.ts';

/** Per keyword: whether a semi-generic rule has it (it counts only before an assignment), and the ids of the other rules that have it. */
export type PrefilterEntry = readonly [keyword: string, semiGeneric: 0 | 1, rules: readonly string[]];

/** The keyword index of a catalogue's rules (written into `gitleaks/keywords.ts` by scripts/update-secret-rules.ts). */
export function prefilterIndex(rules: readonly CatalogueRule[]): PrefilterEntry[] {
  const index = new Map<string, { semi: 0 | 1; rules: string[] }>();
  for (const rule of rules) {
    if (rule.path) continue;
    for (const keyword of rule.keywords) {
      const entry = index.get(keyword) ?? { semi: 0, rules: [] };
      if (semiGeneric(rule.regex)) entry.semi = 1;
      else entry.rules.push(rule.id);
      index.set(keyword, entry);
    }
  }
  return [...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, e]) => [k, e.semi, e.rules]);
}

/**
 * For rules whose keywords occur in ordinary prose: what every match of the rule contains, as a linear JavaScript
 * pattern (no nested or ambiguous repetition), read off the rule's pattern. test/security/secrets-prefilter.test.ts
 * holds the patterns they were read from: a catalogue update that changes one fails it until its condition is read again.
 * The matcher uses them too (`find-secrets.ts`): in a text without a rule's shape, it opens none of that rule's windows.
 */
export const SHAPES: Readonly<Record<string, RegExp>> = {
  jwt: /ey[a-zA-Z0-9]{17}/,
  'twilio-api-key': /SK[0-9a-fA-F]{32}/,
  'vault-service-token': /hvs\.|s\.[a-zA-Z0-9]{24}/,
  'aws-access-token': /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/,
  'octopus-deploy-api-key': /API-[A-Z0-9]{26}/,
  'intra42-client-secret': /s-s4t2(?:ud|af)-/,
  'facebook-access-token': /\d{15}[|%]/,
  'cloudflare-origin-ca-key': /v1\.0-[a-f0-9]{24}-/,
  'airtable-personnal-access-token': /pat[a-zA-Z0-9]{14}\./,
  'curl-auth-header': /[ \t\n\r](?:-H|--header)(?:=|[ \t]{0,5})["']/,
  'curl-auth-user': /[ \t\n\r](?:-u|--user)/,
  'sourcegraph-access-token': /[a-fA-F0-9]{40}/,
  // A semi-generic assignment of 24 letters and digits, or a bare `ATATT3…` token.
  'atlassian-api-token': /(?:[=>:,]|\|\|)[`'"\s=]{0,5}[a-zA-Z0-9]{24}|ATATT3/,
};

let compiled: Automaton<PrefilterEntry> | undefined;

/** Whether `text` can hold a finding of the catalogue (`findSecrets`): false only where it certainly holds none. */
export function catalogueMayMatch(text: string): boolean {
  compiled ??= automaton(new Map(GITLEAKS_PREFILTER.map((e) => [e[0], e])));
  const shapes = new Map<string, boolean>();
  const shaped = (id: string) => {
    const shape = SHAPES[id];
    if (!shape) return true;
    let found = shapes.get(id);
    if (found === undefined) shapes.set(id, (found = shape.test(text)));
    return found;
  };
  return scan(compiled, text, (end, hits) =>
    hits.some(({ value: [, semi, rules] }) => (semi === 1 && assignedValueAt(text, end)) || rules.some(shaped)),
  );
}
