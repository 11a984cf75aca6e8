/**
 * The credential catalogue `secrets/leak` runs (gitleaks' rules and re2js, `full-catalogue.ts`), as `nlp.ts` hands
 * out compromise: Node loads it with the rules (a top-level `import()`, awaited before any rule runs), so `check` and
 * the build always have it; a browser bundle does not, and hands its own import to `useSecretCatalogue`. The writing
 * page's worker fetches it only for a text where one of the rules can match (`catalogueMayMatch`, the catalogue's own
 * prefilter over its keyword index, `prefilter.ts`), and checks the text again when a rule asked for it anyway (a
 * keyword appears only once escapes are resolved, `ghp\_…`).
 */
import type * as Full from './full-catalogue.ts';
import { catalogueMayMatch } from './prefilter.ts';

export type SecretCatalogue = typeof Full;

let loaded: SecretCatalogue | undefined;
/** Whether a rule asked for the catalogue where it was not loaded (a browser that has not fetched it yet). */
let missed = false;

/** For a browser bundle (or a test): use this catalogue. */
export function useSecretCatalogue(catalogue: SecretCatalogue): void {
  loaded = catalogue;
}

/** Whether a rule has needed the catalogue since the last call, without it (and forgets that it did): the worker then fetches it and checks again. */
export function secretCatalogueMissed(): boolean {
  const was = missed;
  missed = false;
  return was;
}

/** The catalogue's findings in `text`: none where no rule can match (`catalogueMayMatch`); where one does and the catalogue is not loaded, a rule error (the worker loads it and checks again). */
export function findCatalogued(text: string): ReturnType<SecretCatalogue['findSecrets']> {
  // Where no rule can match, the catalogue finds nothing (test/security/secrets-prefilter.test.ts): the prefilter's one
  // pass costs half of the matcher's, whose keyword windows (`generic-api-key` after every "key," of prose) it never opens.
  if (!catalogueMayMatch(text)) return [];
  if (loaded) return loaded.findSecrets(text);
  missed = true;
  throw new Error(
    "its credential catalogue (gitleaks' rules) is not loaded here: a browser hands it to useSecretCatalogue (the writing page fetches it when a text needs it); CI runs this rule",
  );
}

/** gitleaks' pattern for a rule id (the message shows the public prefix it spells out), once the catalogue is loaded. */
export function cataloguePattern(ruleId: string): string {
  return loaded?.GITLEAKS.rules.find((r) => r.id === ruleId)?.regex ?? '';
}

// Node (`check`, the build, the tests): loaded with the rules, as before. Not in a browser: there the worker decides.
if (typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string')
  useSecretCatalogue(await import('./full-catalogue.ts'));
