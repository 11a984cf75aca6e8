/**
 * Blame as people write it: a person (a name, a possessive, a role such as
 * "the engineer" or "the on-call", a handle, "he"/"she"/"I") as the subject or
 * owner of a failing: a verb (failed to, forgot, missed, ignored, neglected,
 * overlooked, skipped, didn't check, should have…), a noun (mistake, error,
 * fault, oversight…), a judgement (careless, negligent, sloppy…), an adverb
 * (accidentally, mistakenly…), "the wrong X", or causing the outage. The same
 * words with a system as the subject ("the health check failed to detect…"),
 * the organisation ("we missed…"), people in general ("engineers make
 * mistakes"), a negation ("it was not Alice's fault") or a passive with no
 * person ("the runbook was not followed") are not blame.
 *
 * Two stages keep it linear and cheap:
 * 1. a prefilter over each sentence's words (`candidate`): a failure word, and
 *    before it in its clause (or after it, for "by …" and "… of …") a word
 *    that may be a person. Most sentences stop here;
 * 2. compromise (`nlp.ts`) tags the candidates' words (part of speech, names,
 *    roles, possessives, passives, negation) and `analyse` finds the cue's
 *    subject or owner on those tags.
 * Sentences are at most 80 words (`prose.ts` cuts longer runs) and a file's
 * candidates at most `MAX_ANALYSED`, so one file costs bounded time.
 */
import { loadNlp } from './nlp.ts';
import type { Sentence } from './prose.ts';

export interface BlameFinding {
  /** Where the person is written (the subject or owner), as a source offset. */
  at: number;
  /** The person as written, e.g. `Bob's`, `the on-call engineer`, `@jdoe`. */
  person: string;
  /** The failing words as written, e.g. `forgot`, `mistake`, `didn't check`. */
  cue: string;
  /** The sentence as the reader sees it (quoted words blanked). */
  sentence: string;
  /** Where the sentence is written: source offsets of its first character and after its last. */
  span: [number, number];
  /** Its place in the list of sentences given to `findBlame`. */
  index: number;
}

export interface BlameScan {
  findings: BlameFinding[];
  /** Candidate sentences left unread because the file had more than `MAX_ANALYSED`; the first one's offset. */
  skipped: { count: number; at: number } | undefined;
}

/** Candidate sentences read per file: far above what a postmortem holds; bounds the time a hostile file costs. */
export const MAX_ANALYSED = 400;

// ————————————————————————————————————————— the prefilter —————————————————————————————————————————

/** Words that may express a failing; the second stage decides who it belongs to. */
const CUE =
  /\b(?:fail(?:s|ed|ing)?|forg[eo]t(?:s|ten|ting)?|miss(?:ed|es)?|ignor(?:e|ed|es|ing)|neglect(?:s|ed|ing)?|overlook(?:s|ed|ing)?|skip(?:s|ped)?|broke|caus(?:e|ed|es)|mis(?:configur|typ|read|judg|handl|understo|interpret|click)\w*|messed|screwed|botched|fat[- ]?finger\w*|should(?:n['’]t)?|could|ought|did(?:n['’]t)?|never|mistakes?|errors?|faults?|oversights?|lapses?|slips?|negligen\w+|careless\w*|incompeten\w+|sloppy|sloppiness|blunders?|typos?|reckless\w*|lazy|inattentive|hast(?:y|ily)|irresponsibl\w+|blam(?:e|ed|es|ing)|responsible|accidental(?:ly)?|mistaken(?:ly)?|inadvertent(?:ly)?|wrong(?:ly)?|incorrect(?:ly)?|erroneous(?:ly)?|untested|unreviewed|without|brought|took|not)\b/i;

/** Words that stop the look back for a subject: a new clause starts after them. */
const CLAUSE_WORDS = new Set([
  'and',
  'but',
  'because',
  'so',
  'when',
  'while',
  'after',
  'before',
  'since',
  'which',
  'that',
  'if',
  'although',
  'though',
  'as',
  'until',
  'once',
  'where',
  'whereas',
  'or',
  'then',
  'than',
  'unless',
  'whether',
]);

/** Capitalised words that start sentences and are never a person. */
const STARTERS = new Set(
  'the a an this that these those our its it we their there here when after before because if since while at in on during for from with to by as of no not each every some all any both neither either one two three another other such what which why how once then finally later meanwhile however also monitoring nobody everyone anyone'.split(
    ' ',
  ),
);

/** Words for people in an incident, besides names and pronouns (the tagger knows most as roles; the prefilter needs them too). */
const ROLES =
  /^(?:engineers?|developers?|devs?|operators?|admins?|administrators?|sysadmins?|sres?|dbas?|on-?call(?:ers?)?|responders?|reviewers?|approvers?|authors?|committers?|interns?|contractors?|employees?|staff|teammates?|colleagues?|managers?|leads?|commanders?|humans?|persons?|someone|somebody|he|she|him|her|his|hers|i|me|my|analysts?|technicians?|architects?|team)$/i;

/** A word that may be a person's name: capitalised, not a product's CamelCase or an acronym, no digits. */
function mayBeName(word: string, first: boolean): boolean {
  if (!/^\p{Lu}\p{Ll}+(?:[-'’]\p{L}+)*$/u.test(word)) return false;
  const lower = word.toLowerCase();
  if (STARTERS.has(lower)) return false;
  if (!first) return true;
  // Sentence-initial (titles are capitalised too): service names (Invoice-renderer, Checkout-api) are not names
  // (Ji-woo, Anne-Marie), nor nouns by their endings (Monitoring, Replication, Deployment…).
  const hyphen = /^[^-]+-(\p{Ll}+)$/u.exec(word);
  if (
    word.includes('-') &&
    !(hyphen && hyphen[1]!.length <= 4 && !/^(?:api|app|db|ui|web|svc|core|edge|ops|node|pool)$/.test(hyphen[1]!)) &&
    !/^[^-]+-\p{Lu}/u.test(word)
  )
    return false;
  return !/(?:(?:ing|tion|sion|ment|ness|ity|ance|ence|ure|ism|ogy|ic|age)s?|ers|ors|ies|ses)$/.test(lower);
}

interface Word {
  text: string;
  lower: string;
  /** A clause boundary follows this word (`,` `;` `:` `(`…). */
  boundary: boolean;
}

const WORD = /[^\s]+/g;

function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const raw = m[0];
    const core = raw.replace(/^[("'“‘[*_]+|(?<![)"'”’\].,;:!?*_])[)"'”’\].,;:!?*_]+$/g, '');
    out.push({ text: core, lower: core.toLowerCase(), boundary: /[,;:()—–]$/.test(raw) || /^[(—–]/.test(raw) });
  }
  return out;
}

function personish(w: Word, first: boolean): boolean {
  return ROLES.test(w.lower) || w.text.startsWith('@') || /['’]s$/.test(w.text) || mayBeName(w.text.replace(/['’]s$/, ''), first);
}

/**
 * Whether a sentence needs the tagger: it holds a failure word, and a word that may be a person stands where the
 * failing's subject or owner would (before it in the same clause, or after it through `by`/`of`).
 */
/** Failing nouns: the prefilter wants an owner in reach ("Bob's mistake", "error by", "made an error"), not "error rate". */
const NOUN_CUE = /^(?:mistakes?|errors?|faults?|oversights?|lapses?|slips?|blunders?|typos?)$/;
const DETERMINERS = new Set(['the', 'a', 'an', 'any', 'all', 'some', 'no', 'those', 'these', 'each', 'every', 'its', 'their', 'our']);
const OWNED = /^(?:by|of|on|with|was|is|lies|lay|rests|caused|led|resulted|took|brought)$/;

const NOUNS = String.raw`(?:mistakes?|errors?|faults?|oversights?|lapses?|slips?|blunders?|typos?)`;
/**
 * `CUE` for scanning text, with the context each common word needs checked by the regular expression itself, so
 * that the words around a hit are looked at only for likely ones: "caused" the outage, "could have", a failing noun
 * with an owner ("Bob's mistake", "error by"), "without checking", "took down", "was not … by". The look-behind
 * comes after the word it checks, so it is tried only where the word matched.
 */
export const CUE_ALL = new RegExp(
  String.raw`\b(?:` +
    [
      String.raw`fail(?:s|ed|ing)?|forg[eo]t(?:s|ten|ting)?|miss(?:ed|es)?|ignor(?:e|ed|es|ing)|neglect(?:s|ed|ing)?|overlook(?:s|ed|ing)?|skip(?:s|ped)?|broke`,
      String.raw`caus(?:e|ed|es)(?=(?:\s+[\w'’-]+){0,2}?\s+(?:outages?|incidents?|failures?|downtime|issues?|problems?|disruptions?|breakage|loss|degradation|errors?|bugs?|regressions?|damage|impact|crash(?:es)?|down)\b)`,
      String.raw`mis(?:configur|typ|read|judg|handl|understo|interpret|click)\w*|messed|screwed|botched|fat[- ]?finger\w*`,
      String.raw`should(?:n['’]t)?|could(?=\s+have\b)|ought(?=\s+to\s+have\b)|did(?:n['’]t)?|never`,
      String.raw`${NOUNS}(?<=(?:['’]s|\b(?:his|her|my|their|human|operator|user|by|at|made|make|makes|making|committed|engineer|on-?call|oncall|reviewer|developer|dba|sre|admin))(?:\s+[\w-]+)?\s+${NOUNS})`,
      String.raw`${NOUNS}(?=\s+(?:by|of|on|with|was|is|lies|lay|rests|caused|led|resulted|took|brought)\b)`,
      String.raw`negligen\w+|careless\w*|incompeten\w+|sloppy|sloppiness|reckless\w*|lazy|inattentive|hast(?:y|ily)|irresponsibl\w+|blam(?:e|ed|es|ing)|responsible(?=\s+for\b)`,
      String.raw`accidental(?:ly)?|mistaken(?:ly)?|inadvertent(?:ly)?|wrong(?:ly)?|incorrect(?:ly)?|erroneous(?:ly)?|untested|unreviewed`,
      String.raw`without(?=\s+(?:(?:any|a|an|the)\s+)?(?:checking|testing|verifying|reviewing|asking|reading|looking|waiting|confirming|validating|review|approval|consulting|notifying|telling)\b)`,
      String.raw`(?:brought|took)(?=\s+down\b)|not(?<=\b(?:was|were)\s+not)(?=\s+\w+ed\s+by\b)`,
    ].join('|') +
    String.raw`)\b`,
  'gi',
);
/** Where the sentence before a point ends: a full stop (and closing quotes or brackets) and space, or a blank line. */
const SENTENCE_END = /[.!?…]["”’)\]]*\s+(?=\S)|\n[ \t]*\n/g;

/**
 * Whether a text needs the tagger anywhere: each failure word is judged with the words around it in its sentence
 * (at most 10 before, 8 after), so the cost is one scan for failure words plus a few words per hit, whatever the
 * text's length. Used on whole blocks, on the body's source (when it holds no escape, reference or invisible
 * character, it reads as written) and on sentences.
 */
export function candidate(text: string): boolean {
  CUE_ALL.lastIndex = 0;
  for (let m = CUE_ALL.exec(text); m; m = CUE_ALL.exec(text)) {
    const i = m.index;
    const head = text.slice(Math.max(0, i - 160), i);
    let from = 0;
    SENTENCE_END.lastIndex = 0;
    for (let e = SENTENCE_END.exec(head); e; e = SENTENCE_END.exec(head)) from = e.index + e[0].length;
    const before = wordsOf(head.slice(from));
    const reachedStart = from > 0 || i <= 160;
    const kept = before.slice(-10);
    const tail = text.slice(i, i + 120);
    SENTENCE_END.lastIndex = 0;
    const stop = SENTENCE_END.exec(tail);
    const after = wordsOf(stop ? tail.slice(0, stop.index + 1) : tail).slice(0, 9);
    const words = [...kept, ...after];
    const firstWord = reachedStart && kept.length === before.length ? words.findIndex((w) => /\p{L}/u.test(w.text)) : -1;
    if (cueNeedsTagger(words, kept.length, firstWord)) return true;
  }
  return false;
}

/** The checks of `candidate` for the failure word `words[k]`; `firstWord` is the sentence's first word, if in the window. */
function cueNeedsTagger(words: readonly Word[], k: number, firstWord: number): boolean {
  const word = words[k]?.lower;
  if (!word || !CUE.test(word)) return false;
  // "brought down", "took down"; "was not followed by …"
  if ((word === 'brought' || word === 'took') && words[k + 1]?.lower !== 'down') return false;
  if (word === 'not' && !(/^(?:was|were)$/.test(words[k - 1]?.lower ?? '') && words[k + 2]?.lower === 'by')) return false;
  // "caused the outage", not "Root Cause" or "caused a restart".
  if (/^caus/.test(word) && !words.slice(k + 1, k + 4).some((x) => FAILURE_OBJECTS.test(x.lower))) return false;
  if (NOUN_CUE.test(word)) {
    // An owner right before it ("Bob's mistake", "his simple error", "human error"), a verb that makes one
    // ("made a mistake"), or a link after it ("error by", "mistake was"); not "the error budget".
    const prev = words[k - 1];
    const possessive = (x: Word | undefined) => !!x && (/['’]s$/.test(x.text) || /^(?:his|her|my|their)$/.test(x.lower));
    const owner =
      possessive(prev) ||
      possessive(words[k - 2]) ||
      (!!prev && (ROLES.test(prev.lower) || /^(?:human|operator|user|by|at)$/.test(prev.lower))) ||
      words.slice(Math.max(0, k - 3), k).some((x) => /^(?:made|make|makes|making|committed)$/.test(x.lower));
    if (!owner && !OWNED.test(words[k + 1]?.lower ?? '') && k !== firstWord) return false;
  }
  // "the failed jobs", "a missed page": a participle used as an adjective names no one's failing.
  if (
    DETERMINERS.has(words[k - 1]?.lower ?? '') &&
    !NOUN_CUE.test(word) &&
    !JUDGEMENTS.has(word) &&
    word !== 'wrong' &&
    word !== 'incorrect' &&
    word !== 'untested' &&
    word !== 'unreviewed'
  )
    return false;
  // "… did not agree": a state, not a failing.
  if (
    (word === 'did' || word === "didn't" || word === 'didn’t' || word === 'never') &&
    NOT_A_FAILING.has((word === 'did' ? words[k + 2] : words[k + 1])?.lower ?? '')
  )
    return false;
  // "could" and "ought" fail only as "could have prevented", "ought to have".
  if (CUE_EXCLUDED.has(word) && words[k + 1]?.lower !== 'have' && words[k + 2]?.lower !== 'have') return false;
  // A role, a handle or a possessive anywhere in the clause before it ("the engineer from the payments team forgot").
  for (let j = k - 1; j >= 0 && k - j <= 10; j--) {
    const w = words[j]!;
    if (CLAUSE_WORDS.has(w.lower) && w.lower !== 'that' && w.lower !== 'and' && w.lower !== 'then') break;
    if (
      ROLES.test(w.lower.replace(/['’]s$/, '')) ||
      w.text.startsWith('@') ||
      (/['’]s$/.test(w.text) && mayBeName(w.text.replace(/['’]s$/, ''), false))
    )
      return true;
    if (j > 0 && words[j - 1]!.boundary && w.lower !== 'the') break;
  }
  // A name only where the subject stands: right before the failing and its auxiliaries ("Alice never checked",
  // "Priya accidentally scaled"), before the verb a "wrong …" or "without …" belongs to ("John copied the wrong file"),
  // or first in a sentence whose verbs are joined by "and" ("Alice paged the team and forgot…"). A product named
  // elsewhere in the sentence ("the Lucene segment numbers did not agree") is not a subject.
  let h = k - 1;
  // "Taylor was at fault", "Jordan is to blame": the copula and its preposition belong to the failing.
  if (/^(?:fault|blame)$/.test(word) && (words[h]?.lower === 'at' || words[h]?.lower === 'to')) h--;
  while (h >= 0 && (GATE_AUXILIARIES.has(words[h]!.lower) || /ly$/.test(words[h]!.lower)) && !words[h]!.boundary) h--;
  if (h >= 0 && mayBeName(words[h]!.text, h === firstWord)) return true;
  if (ATTACHED.test(word)) {
    for (let g = k - 1; g > 0 && k - g <= 8; g--) {
      if (words[g]!.boundary || CLAUSE_WORDS.has(words[g]!.lower)) break;
      if (/ed$/.test(words[g]!.lower) && !DETERMINERS.has(words[g - 1]!.lower)) {
        if (mayBeName(words[g - 1]!.text, g - 1 === firstWord)) return true;
        // "deleted by Wendy by mistake"
        if (words[g + 1]?.lower === 'by' && words[g + 2] && mayBeName(words[g + 2]!.text, false)) return true;
        break;
      }
    }
  }
  if (
    firstWord >= 0 &&
    firstWord < k &&
    /ed$/.test(words[firstWord + 1]?.lower ?? '') &&
    words.slice(firstWord + 2, k).some((x) => x.lower === 'and') &&
    mayBeName(words[firstWord]!.text, true)
  )
    return true;
  // "a careless engineer": the person follows a judgement.
  if (JUDGEMENTS.has(word) && words.slice(k + 1, k + 3).some((x) => personish(x, false))) return true;
  for (let j = k + 1; j < words.length && j - k <= 6; j++) {
    const w = words[j]!;
    if (
      (w.lower === 'by' || w.lower === 'of' || w.lower === 'on' || w.lower === 'with') &&
      words.slice(j + 1, j + 5).some((x) => personish(x, false))
    )
      return true;
    if (w.boundary) break;
  }
  return false;
}

/** Words between a subject and its failing verb: "Alice did not check", "Tom should have escalated". */
const GATE_AUXILIARIES = new Set(
  'did do does not never also had has have be been was were is are should would could must might may ought to then just still simply already apparently initially previously again really actually even only and'.split(
    ' ',
  ),
);
/** Failure words that belong to a verb's object or manner: the subject is before that verb. */
const ATTACHED = /^(?:wrong(?:ly)?|incorrect(?:ly)?|untested|unreviewed|without|erroneous(?:ly)?|mistakes?|errors?)$/;

/** Matched by `CUE` but not a failing on their own. */
const CUE_EXCLUDED = new Set(['could', 'ought']);

// ————————————————————————————————————————— the tagged analysis —————————————————————————————————————————

interface Term {
  text: string;
  normal: string;
  tags: Set<string>;
  /** Offset in the sentence's text. */
  start: number;
  /** Text after the word (punctuation, spaces). */
  post: string;
}

const has = (t: Term | undefined, ...tags: string[]) => !!t && tags.some((tag) => t.tags.has(tag));

/** Failing verbs: the subject failed at something. */
const FAIL_VERBS = new Set(
  'fail failed fails failing forget forgot forgotten forgets forgetting miss missed misses ignore ignored ignores ignoring neglect neglected neglects neglecting overlook overlooked overlooks skip skipped skips broke messed screwed botched fatfingered fatfinger mistyped misconfigured misread misjudged mishandled misunderstood misinterpreted misclicked'.split(
    ' ',
  ),
);
/** Verbs that make the subject the cause of the outage when their object is a failure. */
const CAUSE_VERBS = new Set(['cause', 'caused', 'causes', 'broke', 'brought', 'took']);
const FAILURE_OBJECTS =
  /^(?:outages?|incidents?|failures?|downtime|issues?|problems?|disruptions?|breakage|loss|degradation|errors?|bugs?|regressions?|damage|impact|crash(?:es)?|down)$/;
/** Nouns that name a failing; blame when a person owns them. */
const FAIL_NOUNS = new Set(
  'mistake mistakes error errors fault faults oversight oversights lapse lapses slip slips negligence carelessness incompetence sloppiness blunder blunders typo typos'.split(
    ' ',
  ),
);
/** Judgements of a person. */
const JUDGEMENTS = new Set('careless negligent sloppy reckless lazy incompetent inattentive hasty irresponsible'.split(' '));
const ADVERBS = new Set(
  'accidentally mistakenly inadvertently carelessly negligently wrongly erroneously hastily recklessly incorrectly'.split(' '),
);
/** After "didn't", verbs that describe what someone had, knew or expected (information, not a failing) or a failing already negated. */
const NOT_A_FAILING = new Set(
  'have has had know knew need needed expect expected receive received get got mean meant intend intended think thought believe believed anticipate anticipated want wanted ignore forget miss neglect fail overlook break cause exist happen work apply agree match converge fire trigger load recover scale affect help seem appear reach arrive show render compile pass succeed matter last occur contain cover fit hold change'.split(
    ' ',
  ),
);
/** What a person would have done "without": checking, testing… */
const DILIGENCE =
  /^(?:checking|testing|verifying|reviewing|asking|reading|looking|waiting|confirming|validating|review|approval|testing|consulting|notifying|telling)$/;
const AUXILIARIES = new Set(
  'did do does not never also had has have having be been was were is are am should would could must might may ought to then just still simply already apparently initially previously again really actually even only'.split(
    ' ',
  ),
);
/** People who are not the organisation's responders: their failing is an effect of the incident. */
const NOT_STAFF =
  /^(?:users?|customers?|clients?|visitors?|buyers?|merchants?|tenants?|subscribers?|partners?|people|folks|everyone|everybody|anyone|anybody|nobody|no-one)$/;
const PERSON_PRONOUNS = new Set(['he', 'she', 'him', 'her', 'i', 'me', 'someone', 'somebody']);
const NEGATIONS = new Set(['not', 'no', 'never', 'nobody', 'none', 'neither', 'nor', "n't"]);

interface Agent {
  /** The terms of the person (for the message and the position). */
  terms: Term[];
}

/** Whether a noun phrase's head (or, with `owner`, a possessive in it) is a person of the organisation. */
function personOf(np: Term[], options: { owner?: boolean; humanOnly?: boolean; pastTense?: boolean }): Agent | undefined {
  if (!np.length) return undefined;
  // The organisation: "we", "us", "our team", "our engineers" (but "our admin" is one person).
  if (np.some((t) => t.normal === 'we' || t.normal === 'us')) return undefined;
  if (np.some((t) => t.normal === 'no' || t.normal === 'nobody' || t.normal === 'none')) return undefined;
  const heads = np.filter(
    (t) => has(t, 'Noun', 'Pronoun', 'AtMention', 'Person', 'Actor', 'ProperNoun', 'Acronym') || /^[@\p{Lu}]/u.test(t.text),
  );
  const head = heads.at(-1);
  const isPerson = (t: Term): boolean => {
    if (NOT_STAFF.test(t.normal)) return false;
    if (has(t, 'Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific', 'AtMention') || t.text.startsWith('@'))
      return true;
    if (has(t, 'Pronoun')) return PERSON_PRONOUNS.has(t.normal) || t.normal === 'his' || t.normal === 'her' || t.normal === 'my';
    if (isRole(t, np)) return true;
    // A capitalised word the tagger does not know may be a name: blame when only a person can do the failing.
    return (
      !!options.humanOnly &&
      /^\p{Lu}\p{Ll}+(?:['’]s)?$/u.test(t.text) &&
      !has(t, 'Organization', 'Place', 'Date', 'Value', 'Verb', 'Adjective')
    );
  };
  if (
    head &&
    np.some((t) => t.normal === 'our' || t.normal === 'ours') &&
    (has(head, 'Plural') || /^(?:team|org|organisation|organization|company)$/.test(head.normal))
  )
    return undefined;
  if (head && isPerson(head)) {
    // People in general ("engineers make mistakes"): a bare plural in the present, not someone in this incident.
    if (has(head, 'Plural') && !np.some((t) => has(t, 'Determiner', 'Possessive')) && !options.pastTense) return undefined;
    // The phrase without its article: `on-call engineer`, `Mei Ling Chen`.
    const first = np.findIndex((t) => !has(t, 'Determiner'));
    return { terms: np.slice(Math.max(0, Math.min(first, np.indexOf(head))), np.indexOf(head) + 1) };
  }
  if (options.owner) {
    const owner = np.find((t) => has(t, 'Possessive') && t !== head && isPerson(t));
    if (owner) return { terms: [owner] };
  }
  return undefined;
}

/**
 * Words the tagger's lexicon lists as people but that name software in an incident ("the worker failed"), and
 * roles that are software unless a word before says who ("release manager", not "connection manager").
 */
const SOFTWARE_ACTORS = new Set(
  'worker workers producer producers controller controllers builder builders writer writers planner planners agent agents broker brokers driver drivers leader leaders follower followers dispatcher killer keeper primary'.split(
    ' ',
  ),
);
const PEOPLE_MANAGERS =
  /^(?:release|engineering|product|incident|project|program|delivery|change|oncall|duty|shift|account|support|site|team|line|hiring|community|the|our|a|an)$/;

/** A role of a person: the incident roles above, or a person the tagger's lexicon knows (not a guess from a suffix). */
function isRole(t: Term, np: readonly Term[]): boolean {
  const word = t.normal.replace(/['’]s$/, '');
  if (/^(?:managers?|leads?)$/.test(word)) {
    const before = np[np.indexOf(t) - 1];
    return !before || PEOPLE_MANAGERS.test(before.normal);
  }
  if (ROLES.test(word)) return true;
  return has(t, 'Actor') && /Actor/.test(lexicon()[word] ?? '') && !SOFTWARE_ACTORS.has(word);
}

let words: Record<string, string> | undefined;
function lexicon(): Record<string, string> {
  return (words ??= (loadNlp().model() as { one: { lexicon: Record<string, string> } }).one.lexicon);
}

const clauseBreak = (t: Term) => /[,;:()—–]/.test(t.post);

/** Whether a term can be part of a noun phrase (a person named, a role, a handle): a noun's tags or a capital or `@`. */
function inNounPhrase(t: Term): boolean {
  return (
    has(t, 'Noun', 'Pronoun', 'Determiner', 'Adjective', 'Possessive', 'Value', 'Acronym', 'AtMention', 'Person', 'ProperNoun', 'Actor') ||
    /^[@\p{Lu}]/u.test(t.text)
  );
}

/** The noun phrase ending just before `end` (inclusive), stopping at verbs, clause words and punctuation. */
function phraseBefore(terms: Term[], end: number): Term[] {
  let j = end;
  while (j >= 0) {
    const t = terms[j]!;
    if (has(t, 'Verb') && !has(t, 'Possessive', 'Person', 'Actor', 'Noun')) break;
    if (!inNounPhrase(t)) break;
    if (CLAUSE_WORDS.has(t.normal)) break;
    if (j < end && clauseBreak(t)) break;
    j--;
  }
  return terms.slice(j + 1, end + 1);
}

/** The subject of the verb (or verb group) at `k`, looking back over auxiliaries, adverbs and coordinated verbs. */
function subjectOf(terms: Term[], k: number, depth = 0): Term[] {
  let j = k - 1;
  while (
    j >= 0 &&
    (AUXILIARIES.has(terms[j]!.normal) ||
      (has(terms[j], 'Adverb') && !has(terms[j], 'Noun')) ||
      has(terms[j], 'Auxiliary', 'Negative', 'Modal')) &&
    !clauseBreak(terms[j]!)
  )
    j--;
  if (j < 0) return [];
  const t = terms[j]!;
  // "… paged the team and forgot to …": the subject of the verb before `and`.
  if ((t.normal === 'and' || t.normal === 'but' || t.normal === 'then') && depth < 2) {
    let v = j - 1;
    while (v >= 0 && !(has(terms[v], 'Verb') && !has(terms[v], 'Auxiliary')) && j - v < 10) v--;
    return v >= 0 && has(terms[v], 'Verb') ? subjectOf(terms, v, depth + 1) : [];
  }
  // "the engineer who forgot …"
  if (t.normal === 'who' || (t.normal === 'that' && has(terms[j - 1], 'Noun'))) return phraseBefore(terms, j - 1);
  let np = phraseBefore(terms, j);
  // "the engineer who wrote the migration forgot …": the phrase before `who` is the subject.
  for (let r = j - np.length; r >= 0 && j - r <= 10; r--) {
    const x = terms[r]!;
    if (x.normal === 'who' || x.normal === 'whom') {
      const outer = phraseBefore(terms, r - 1);
      if (outer.length) return outer;
      break;
    }
    if (clauseBreak(x) || (CLAUSE_WORDS.has(x.normal) && x.normal !== 'that')) break;
  }
  // "the engineer from the payments team forgot": the phrase before the preposition is the subject.
  const before = terms[j - np.length];
  if (np.length && before && has(before, 'Preposition') && /^(?:of|from|on|in|at|with|for)$/.test(before.normal) && !clauseBreak(before)) {
    const outer = phraseBefore(terms, j - np.length - 1);
    if (outer.length) np = outer;
  }
  // "John, the on-call engineer, ignored it": an apposition stands for the name before it.
  return np;
}

/** The noun phrase starting at `from`, for "by X", "of X". */
function phraseAfter(terms: Term[], from: number): Term[] {
  const out: Term[] = [];
  for (let j = from; j < terms.length && out.length < 6; j++) {
    const t = terms[j]!;
    if (!inNounPhrase(t)) break;
    if (has(t, 'Verb') && !has(t, 'Noun')) break;
    out.push(t);
    if (clauseBreak(t)) break;
  }
  return out;
}

function negatedBefore(terms: Term[], k: number): boolean {
  for (let j = k - 1; j >= 0 && k - j <= 6; j--) {
    const t = terms[j]!;
    if (NEGATIONS.has(t.normal) || has(t, 'Negative')) return true;
    if (clauseBreak(t) || CLAUSE_WORDS.has(t.normal)) break;
  }
  return false;
}

const isPast = (t: Term | undefined) => has(t, 'PastTense', 'Participle') || /ed$/.test(t?.normal ?? '');

interface Hit {
  agent: Agent;
  /** Indices of the failing words. */
  cue: [number, number];
}

/** The first blaming construction in a tagged sentence. */
function analyse(terms: Term[]): Hit | undefined {
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k]!;
    const w = t.normal;
    const next = terms[k + 1];
    // "was ignored by the engineer": a passive's person is after `by`.
    const passive = has(t, 'Passive') || (k > 0 && /^(?:was|were|been|be|is|are|being)$/.test(terms[k - 1]!.normal) && isPast(t));
    const byAgent = () => {
      for (let j = k + 1; j < terms.length && j - k <= 3; j++)
        if (terms[j]!.normal === 'by') return personOf(phraseAfter(terms, j + 1), { humanOnly: true, pastTense: true });
      return undefined;
    };

    if (FAIL_VERBS.has(w) && has(t, 'Verb')) {
      if (w === 'miss' || w === 'fail' || w === 'skip' || w === 'ignore' || w === 'forget' || w === 'neglect' || w === 'overlook') {
        if (!has(t, 'Verb') || has(terms[k - 1], 'Determiner')) continue;
      }
      const agent = passive
        ? byAgent()
        : personOf(subjectOf(terms, k), {
            humanOnly: /^(?:forg|neglect|overlook|ignor|messed|screwed|botched|fat|mis)/.test(w),
            pastTense: isPast(t),
          });
      if (agent) return { agent, cue: [k, k] };
      continue;
    }
    if (CAUSE_VERBS.has(w) && has(t, 'Verb')) {
      let o = k + 1;
      if (w === 'brought' || w === 'took') {
        if (next?.normal !== 'down') continue;
        o++;
      }
      const object = phraseAfter(terms, o);
      // "brought down the checkout service" is a failure whatever it names; "caused" needs one ("caused the outage").
      if (o === k + 1 && !object.some((x) => FAILURE_OBJECTS.test(x.normal))) continue;
      const agent = passive ? byAgent() : personOf(subjectOf(terms, k), { owner: true, pastTense: isPast(t) });
      if (agent) return { agent, cue: [k, o - 1 + object.length] };
      continue;
    }
    // "was not followed by the on-call engineer": a passive that names the person who did not.
    if (
      (w === 'not' || w === 'never') &&
      /^(?:was|were|been|is|are)$/.test(terms[k - 1]?.normal ?? '') &&
      isPast(next) &&
      has(next, 'Verb')
    ) {
      for (let j = k + 2; j < terms.length && j - k <= 4; j++) {
        if (terms[j]!.normal !== 'by') continue;
        const agent = personOf(phraseAfter(terms, j + 1), { humanOnly: true, pastTense: true });
        if (agent) return { agent, cue: [k - 1, k + 1] };
        break;
      }
      continue;
    }
    // "didn't check", "never verified"
    if ((w === 'not' || w === 'never' || has(t, 'Negative')) && (w === 'never' || /^(?:did|do|does)$/.test(terms[k - 1]?.normal ?? ''))) {
      let v = k + 1;
      while (v < terms.length && has(terms[v], 'Adverb') && v - k < 3) v++;
      const verb = terms[v];
      if (!verb || !has(verb, 'Verb') || has(verb, 'Auxiliary', 'Copula', 'Modal')) continue;
      const lemma = verb.normal.replace(/(?:ed|d)$/, '');
      if (NOT_A_FAILING.has(verb.normal) || NOT_A_FAILING.has(lemma) || FAIL_VERBS.has(verb.normal)) continue;
      const at = w === 'never' ? k : k - 1;
      const agent = personOf(subjectOf(terms, at + (w === 'never' ? 0 : 0)), { pastTense: true });
      if (agent) return { agent, cue: [at, v] };
      continue;
    }
    // "should have checked", "could have prevented"
    if (
      (w === 'should' || w === 'ought' || w === 'could') &&
      (next?.normal === 'have' ||
        (next?.normal === 'to' && terms[k + 2]?.normal === 'have') ||
        (next?.normal === 'not' && terms[k + 2]?.normal === 'have'))
    ) {
      const h = terms.findIndex((x, i) => i > k && x.normal === 'have');
      // "double-checked" is two terms: the verb is the last.
      const verb = has(terms[h + 1], 'Hyphenated') && has(terms[h + 2], 'Hyphenated') ? terms[h + 2] : terms[h + 1];
      if (!verb || !isPast(verb)) continue;
      if (w === 'could' && !/^(?:prevented|avoided|caught|stopped|noticed|checked|known|seen|spotted|detected)$/.test(verb.normal))
        continue;
      if (has(terms[h + 2], 'Verb') && terms[h + 1]!.normal === 'been') continue;
      const agent = personOf(subjectOf(terms, k), {
        pastTense: true,
        humanOnly: /^(?:known|realised|realized|noticed|understood|remembered|thought|asked|escalated|paged|double-checked|checked)$/.test(
          verb.normal,
        ),
      });
      if (agent) return { agent, cue: [k, h + 1] };
      continue;
    }
    if (FAIL_NOUNS.has(w) && has(t, 'Noun')) {
      // "error rate", "fault tolerance": the noun names something else.
      if (next && has(next, 'Noun') && !has(next, 'Pronoun') && !/[,;:.]/.test(t.post)) continue;
      if (negatedBefore(terms, k)) continue;
      let j = k - 1;
      while (j >= 0 && has(terms[j], 'Adjective') && !has(terms[j], 'Possessive', 'Noun')) j--;
      const before = terms[j];
      // "Bob's mistake", "his error", "the engineer's fault"
      if (before && has(before, 'Possessive')) {
        const agent = personOf([before], { humanOnly: true, pastTense: true });
        if (agent) return { agent, cue: [k, k] };
      }
      // "human error caused…", "the root cause was operator error": a category of people named as the cause
      // (not "to reduce the chance of human error").
      if (before && has(before, 'Noun') && !has(before, 'Possessive') && j === k - 1 && (j === 0 || !/^\p{Lu}/u.test(before.text))) {
        const after = terms[k + 1];
        const lead = terms
          .slice(Math.max(0, j - 3), j)
          .map((x) => x.normal)
          .join(' ');
        const asCause =
          (after && /^(?:caused|causes|led|resulted|brought|took|was|is)$/.test(after.normal)) ||
          /(?:^|\s)(?:was|is|were|are|to|by)$/.test(lead) ||
          /(?:because|result|due) of$/.test(lead) ||
          j === 0;
        const agent = asCause ? personOf([before], { pastTense: true }) : undefined;
        if (agent) return { agent, cue: [j, k] };
      }
      // "deleted by mistake": the person who acted did so by mistake.
      if (before?.normal === 'by' && (w === 'mistake' || w === 'error')) {
        let v = k - 2;
        while (v >= 0 && !(has(terms[v], 'Verb') && !has(terms[v], 'Auxiliary')) && k - v < 10) v--;
        if (v >= 0) {
          const pass = /^(?:was|were|been|is|are)$/.test(terms[v - 1]?.normal ?? '');
          let agent: Agent | undefined;
          if (pass)
            for (let b = v + 1; b < k - 1; b++)
              if (terms[b]!.normal === 'by') {
                agent = personOf(phraseAfter(terms, b + 1), { humanOnly: true, pastTense: true });
                break;
              }
          agent ??= personOf(subjectOf(terms, v), { humanOnly: true, pastTense: true });
          if (agent) return { agent, cue: [k - 1, k] };
        }
      }
      // "Alice made a mistake", "Alice was at fault"
      if (before && (has(before, 'Determiner') || before.normal === 'at')) {
        const verb = terms[j - 1];
        if (verb && /^(?:made|make|makes|making|committed|was|is|were|are)$/.test(verb.normal)) {
          const agent = personOf(subjectOf(terms, j - 1), { humanOnly: true, pastTense: true });
          if (agent) return { agent, cue: [j - 1, k] };
        }
      }
      // "a mistake by the on-call", "the fault of the reviewer", "on the part of"
      for (let a = k + 1; a < terms.length && a - k <= 4; a++) {
        const x = terms[a]!;
        if (x.normal === 'by' || x.normal === 'of' || x.normal === 'with') {
          const agent = personOf(phraseAfter(terms, a + 1), { humanOnly: true, pastTense: true });
          if (agent) return { agent, cue: [k, a] };
          break;
        }
        if (!/^(?:on|the|part|lies|lay|was|is)$/.test(x.normal)) break;
      }
      continue;
    }
    if (JUDGEMENTS.has(w)) {
      if (negatedBefore(terms, k)) continue;
      // "a careless engineer"
      if (next && has(next, 'Noun')) {
        const agent = personOf(phraseAfter(terms, k + 1), { pastTense: true });
        if (agent) return { agent, cue: [k, k] };
      }
      // "Bob was careless"
      const cop = terms[k - 1];
      if (cop && /^(?:was|is|were|are|been|being|be)$/.test(cop.normal)) {
        const agent = personOf(subjectOf(terms, k - 1), { humanOnly: true, pastTense: true });
        if (agent) return { agent, cue: [k, k] };
      }
      continue;
    }
    if (ADVERBS.has(w)) {
      // "Sam accidentally deleted …" / "Sam deleted the table accidentally"
      let v = -1;
      if (has(next, 'Verb')) v = k + 1;
      else
        for (let j = k - 1; j >= 0 && k - j <= 8; j--)
          if (has(terms[j], 'Verb') && !has(terms[j], 'Auxiliary')) {
            v = j;
            break;
          }
      if (v < 0) continue;
      // Only a person acts "accidentally": a name the tagger does not know counts.
      const agent = personOf(subjectOf(terms, v <= k ? v : k), { pastTense: true, humanOnly: true });
      if (agent) return { agent, cue: [k, k] };
      continue;
    }
    // "John copied the wrong file"
    if ((w === 'wrong' || w === 'incorrect' || w === 'untested' || w === 'unreviewed') && next && has(next, 'Noun')) {
      // The verb whose object it is: "copied the wrong file", "copied the secrets into the wrong vault".
      let v = k - 1;
      while (
        v >= 0 &&
        k - v <= 8 &&
        !(has(terms[v], 'Verb') && !has(terms[v], 'Auxiliary')) &&
        !clauseBreak(terms[v]!) &&
        !CLAUSE_WORDS.has(terms[v]!.normal)
      )
        v--;
      const verb = terms[v];
      if (!verb || !has(verb, 'Verb') || has(verb, 'Copula', 'Auxiliary') || !isPast(verb)) continue;
      const agent = personOf(subjectOf(terms, v), { pastTense: true });
      if (agent) return { agent, cue: [v, k + 1] };
      continue;
    }
    // "blame Alice", "blamed on the on-call", "Alice is to blame"
    if (/^blam(?:e|ed|es|ing)$/.test(w)) {
      if (negatedBefore(terms, k)) continue;
      if (terms[k - 1]?.normal === 'to') {
        const cop = terms[k - 2];
        if (cop && /^(?:was|is|were|are)$/.test(cop.normal)) {
          const agent = personOf(subjectOf(terms, k - 2), { humanOnly: true, pastTense: true });
          if (agent) return { agent, cue: [k - 1, k] };
        }
        continue;
      }
      // "Blame for the outage lies with the release engineer"
      for (let j = k + 1; j < terms.length && j - k <= 6; j++) {
        if (terms[j]!.normal === 'with' && /^(?:lies|lay|rests|rested|lie)$/.test(terms[j - 1]?.normal ?? '')) {
          const agent = personOf(phraseAfter(terms, j + 1), { humanOnly: true, pastTense: true });
          if (agent) return { agent, cue: [k, j] };
        }
      }
      const after = phraseAfter(terms, next?.normal === 'on' ? k + 2 : k + 1);
      const agent = personOf(after, { humanOnly: true, pastTense: true });
      if (agent) return { agent, cue: [k, k] };
      continue;
    }
    // "Alice was responsible for the outage"
    if (w === 'responsible' && next?.normal === 'for') {
      const object = phraseAfter(terms, k + 2);
      if (!object.some((x) => FAILURE_OBJECTS.test(x.normal))) continue;
      if (negatedBefore(terms, k)) continue;
      const cop = terms[k - 1];
      if (!cop || !/^(?:was|is|were|are)$/.test(cop.normal)) continue;
      const agent = personOf(subjectOf(terms, k - 1), { pastTense: true });
      if (agent) return { agent, cue: [k, k + 1 + object.length] };
      continue;
    }
    // "pushed without checking"
    const what = has(next, 'Determiner') ? terms[k + 2] : next;
    if (w === 'without' && what && DILIGENCE.test(what.normal)) {
      // The verb it qualifies, not a participle used as an adjective ("an outdated wiki page").
      let v = k - 1;
      while (
        v >= 0 &&
        !(has(terms[v], 'Verb') && !has(terms[v], 'Auxiliary', 'Adjective') && !has(terms[v - 1], 'Determiner')) &&
        k - v < 12
      )
        v--;
      if (v < 0 || !has(terms[v], 'Verb')) continue;
      let agent: Agent | undefined;
      if (/^(?:was|were|been|is|are)$/.test(terms[v - 1]?.normal ?? '')) {
        for (let b = v + 1; b < k; b++)
          if (terms[b]!.normal === 'by') {
            agent = personOf(phraseAfter(terms, b + 1), { humanOnly: true, pastTense: true });
            break;
          }
      } else agent = personOf(subjectOf(terms, v), { pastTense: true });
      if (agent) return { agent, cue: [k, terms.indexOf(what)] };
    }
  }
  return undefined;
}

/** compromise's terms for `text`, with their offsets in it. */
function tag(text: string): Term[] {
  const nlp = loadNlp();
  const doc = nlp(text);
  const terms: Term[] = [];
  let cursor = 0;
  for (const sentence of doc.docs as unknown as {
    text: string;
    normal?: string;
    machine?: string;
    implicit?: string;
    tags: Set<string>;
    post?: string;
  }[][]) {
    for (const t of sentence) {
      const at = t.text ? text.indexOf(t.text, cursor) : -1;
      const start = at === -1 ? cursor : at;
      if (at !== -1) cursor = at + t.text.length;
      const normal = (t.implicit ?? t.machine ?? t.normal ?? t.text).toLowerCase();
      terms.push({ text: t.text, normal, tags: t.tags, start, post: t.post ?? '' });
    }
  }
  return terms;
}

/** Roles written with a hyphen or a space, as the tagger's lexicon has them (same length, so offsets hold). */
function normaliseRoles(text: string): string {
  return text
    .replace(/\bon[- ]call(er)?\b/gi, (m, er: string | undefined) =>
      (er ? 'oncaller ' : 'oncall ').slice(0, m.length).padEnd(m.length, ' '),
    )
    .replace(/\bfat[- ]finger(ed|s)?\b/gi, (m) => m.replace(/[- ]/, '').padEnd(m.length, ' '));
}

/** Where a term ends in the sentence as written (a role the tagger read as `oncall` is `on-call` there). */
function wordEnd(text: string, t: Term): number {
  let end = t.start + t.text.length;
  while (end < text.length && /[\p{L}\p{N}'’-]/u.test(text[end]!)) end++;
  return end;
}

/** Every blaming sentence among `sentences`, at most one finding per sentence. */
export function findBlame(sentences: readonly Sentence[]): BlameScan {
  const findings: BlameFinding[] = [];
  let analysed = 0;
  let skipped: BlameScan['skipped'];
  for (let index = 0; index < sentences.length; index++) {
    const s = sentences[index]!;
    if (!candidate(s.text)) continue;
    if (analysed >= MAX_ANALYSED) {
      skipped = skipped ? { count: skipped.count + 1, at: skipped.at } : { count: 1, at: s.start };
      continue;
    }
    analysed++;
    const terms = tag(normaliseRoles(s.text));
    const hit = analyse(terms);
    if (!hit) continue;
    const person = hit.agent.terms;
    const first = person[0]!;
    const cueFrom = terms[hit.cue[0]]!;
    findings.push({
      at: s.offsetAt(first.start),
      person: s.text.slice(first.start, wordEnd(s.text, person.at(-1)!)),
      cue: s.text.slice(cueFrom.start, wordEnd(s.text, terms[hit.cue[1]]!)),
      sentence: s.text,
      span: [s.start, s.offsetAt(s.text.length - 1) + 1],
      index,
    });
  }
  return { findings, skipped };
}
