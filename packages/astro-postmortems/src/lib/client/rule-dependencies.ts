/**
 * Libraries some rules need that are too large to load with the writing page: each is fetched (as its own chunk,
 * by a dynamic `import()`) the first time a text needs it, and handed to the module that uses it. Rules are
 * synchronous, so a rule can never wait for a library itself: a cheap test on the text loads it before the rules
 * run, and a rule that asked for it anyway (the cheap test is not exact) makes the worker load it and check again.
 */
import { candidate } from '../../core/blame.ts';
import { nlpMissed, useNlp } from '../../core/nlp.ts';
import { catalogueMayMatch } from '../../core/secrets/prefilter.ts';
import { secretCatalogueMissed, useSecretCatalogue } from '../../core/secrets/secret-catalogue.ts';

export interface RuleDependency {
  /** Whether checking this text needs it (a cheap test: most texts need nothing heavy). */
  needed(text: string): boolean;
  /** Whether a rule asked for it during the last check while it was not loaded (and forgets that it did). */
  missed(): boolean;
  /** Loads it and hands it to the rules; called once. */
  load(): Promise<void>;
}

export const RULE_DEPENDENCIES: RuleDependency[] = [
  // blameless/blame's tagger (compromise/two, ~120 KB gzip: with the page's own script it would pass the page's
  // 250 KB budget): fetched only for a text with a sentence the rule's prefilter cannot clear.
  {
    needed: candidate,
    missed: nlpMissed,
    async load() {
      useNlp((await import('./nlp-library.ts')).default);
    },
  },
  // secrets/leak's catalogue (gitleaks' 221 patterns and re2js, ~66 KB gzip): fetched only for a text where one of its
  // rules can match: a keyword where the rule would run (a semi-generic rule's before an assignment), and for the rules
  // whose keywords are fragments of English ("ey", "sk", "s."), the shape of their match (core/secrets/prefilter.ts).
  {
    needed: catalogueMayMatch,
    missed: secretCatalogueMissed,
    async load() {
      useSecretCatalogue(await import('../../core/secrets/full-catalogue.ts'));
    },
  },
];

const loading = new Map<RuleDependency, Promise<void>>();

/** Loads `d` once; a failed load (the network) is forgotten, so the next check tries again, and the rule that needs it reports it could not run. */
function load(d: RuleDependency): Promise<void> {
  let promise = loading.get(d);
  if (!promise) {
    promise = d.load().catch((error: unknown) => {
      loading.delete(d);
      console.error(error);
    });
    loading.set(d, promise);
  }
  return promise;
}

/** Loads what `text` needs and has not been loaded yet. */
export async function loadRuleDependencies(text: string): Promise<void> {
  await Promise.all(RULE_DEPENDENCIES.filter((d) => loading.has(d) || d.needed(text)).map(load));
}

/** Loads what a rule asked for during the last check without having it; true when the text must be checked again. */
export async function loadMissedDependencies(): Promise<boolean> {
  const missed = RULE_DEPENDENCIES.filter((d) => d.missed() && !loading.has(d));
  await Promise.all(missed.map(load));
  return missed.some((d) => loading.has(d));
}
