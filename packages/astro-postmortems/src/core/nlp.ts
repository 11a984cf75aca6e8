/**
 * The natural-language library the blameless rules read sentences with:
 * compromise (MIT; https://github.com/spencermountain/compromise), its
 * `compromise/two` build: tokenizer, part-of-speech tagger and its lexicon of
 * people's names and roles (about 120 KB gzipped, so the same rules can run
 * in a browser), no model to download.
 *
 * Loading it costs ~0.4 s of CPU (it unpacks its lexicon and compiles its
 * tagging rules), so it is loaded on first use only, synchronously (rules are
 * synchronous), and only for the few sentences a cheap prefilter selects
 * (`blame.ts`); a repository whose prose holds no candidate never loads it.
 * A browser bundle hands its own import to `useNlp`.
 */
import type nlpType from 'compromise/two';

export type Nlp = typeof nlpType;

let loaded: Nlp | undefined;
/** Whether a rule asked for compromise where it could not be loaded synchronously (a browser that has not fetched it yet). */
let missed = false;

/** Words the tagger should know as roles of people in an incident (it knows `engineer`, `developer`, `operator`…). */
const ROLE_WORDS: Record<string, string> = {
  oncall: 'Actor',
  oncaller: 'Actor',
  'on-caller': 'Actor',
  sre: 'Actor',
  sres: 'Actor',
  dba: 'Actor',
  dbas: 'Actor',
  admin: 'Actor',
  admins: 'Actor',
  sysadmin: 'Actor',
  reviewer: 'Actor',
  reviewers: 'Actor',
  approver: 'Actor',
  responder: 'Actor',
  responders: 'Actor',
  teammate: 'Actor',
  colleague: 'Actor',
  contractor: 'Actor',
  intern: 'Actor',
  someone: 'Actor',
  somebody: 'Actor',
  // The failing verbs the tagger does not know.
  fatfingered: 'PastTense',
  mistyped: 'PastTense',
  misclicked: 'PastTense',
};

/** For a browser bundle (or a test): use this compromise instead of loading one. */
export function useNlp(nlp: Nlp): void {
  loaded = nlp;
  nlp.addWords(ROLE_WORDS);
}

/**
 * Whether a rule has needed compromise since the last call, without it: the writing page's worker then fetches it and
 * checks the text again, so a sentence its cheap test on the raw text missed is still judged (lib/client/rule-dependencies.ts).
 */
export function nlpMissed(): boolean {
  const was = missed;
  missed = false;
  return was;
}

/** compromise, loaded on the first call (synchronously, through Node's `require`). */
export function loadNlp(): Nlp {
  if (loaded) return loaded;
  const mod = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:module') as
    typeof import('node:module') | undefined;
  if (!mod) {
    missed = true;
    throw new Error(
      'its language library (compromise) is not loaded here: a browser hands it to useNlp (the writing page fetches it when a text needs it); CI runs this rule',
    );
  }
  useNlp(mod.createRequire(import.meta.url)('compromise/two') as Nlp);
  return loaded!;
}
