/**
 * Libraries some rules need that are too large to load with the writing page: each is fetched (as its own chunk,
 * by a dynamic `import()`) the first time a text needs it, before the rules run, and handed to the module that uses
 * it. Rules are synchronous, so a rule can never wait for a library itself.
 *
 * How a rule's dependency plugs in, e.g. the blame detector's NLP library (core/nlp.ts exports `useNlp`):
 *
 *   { needed: () => true, load: async () => { const [{ default: nlp }, { useNlp }] = await Promise.all([import('compromise/two'), import('../../core/nlp.ts')]); useNlp(nlp); } }
 *
 * and the secrets catalogue likewise, with `needed` testing the text for the catalogue's keywords.
 */
export interface RuleDependency {
  /** Whether checking this text needs it (a cheap test: most texts need nothing heavy). */
  needed(text: string): boolean;
  /** Loads it and hands it to the rules; called once. */
  load(): Promise<void>;
}

export const RULE_DEPENDENCIES: RuleDependency[] = [];

const loading = new Map<RuleDependency, Promise<void>>();

/** Loads what `text` needs and has not been loaded yet. */
export async function loadRuleDependencies(text: string): Promise<void> {
  const wanted = RULE_DEPENDENCIES.filter((d) => loading.has(d) || d.needed(text));
  await Promise.all(
    wanted.map((d) => {
      let promise = loading.get(d);
      if (!promise) loading.set(d, (promise = d.load()));
      return promise;
    }),
  );
}
