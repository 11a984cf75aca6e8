/**
 * Issue 19's third vector: text a reader sees that the source, read as written, does not show. Each vector is a
 * postmortem of its own (built on the valid one), with the rule that must report it, where, and the value that must
 * never reach a built file. The tokens are made up here (never real credentials) in the shape gitleaks and this
 * project look for; each is written so that no single run of its characters in the source is the token.
 */
import { BLOCK_LINE, validPostmortem, withBlock } from './postmortem.ts';

/** A GitHub token's shape: `ghp_` and 36 letters and digits (not a real one). */
export const TOKEN = 'ghp_R7tK2mVq9XwL4sPzN3f8HcJ5bYd1GaE6uQoT';
const [HEAD, TAIL] = [TOKEN.slice(0, 15), TOKEN.slice(15)]; // `ghp_R7tK2mVq9Xw` | `L4sP…`

export const ADDRESS = 'dana.okafor@harborlight.io';

export interface VisibleVector {
  /** The file's text. */
  text: string;
  rule: string;
  /** Where the finding must be (1-based), and words of its message. */
  line: number;
  column: number;
  says: string;
  /** What must appear in no built file (the token as the page would show it). */
  secret?: string;
}

/** The line of the frontmatter's `title:` (the valid postmortem's second line). */
const TITLE_LINE = 2;

/** `written` in a body sentence between `before` and `after`: reported where it starts. */
const inBody = (before: string, written: string, after: string, name: string) => ({
  text: withBlock(`${before}${written}${after}`, name),
  line: BLOCK_LINE,
  column: before.length + 1,
});
/** `written` in a double-quoted title between `before` and `after`: reported where it starts. */
const inTitle = (before: string, written: string, after: string, name: string) => ({
  text: validPostmortem(name).replace(/^title: .*$/m, `title: "${before}${written}${after}"`),
  line: TITLE_LINE,
  column: `title: "${before}`.length + 1,
});
const token = { rule: 'secrets/leak', says: 'GitHub token `ghp_…`', secret: TOKEN };
const address = { rule: 'privacy/email', says: `\`${ADDRESS}\`` };
const inRunner = (written: string, name: string) => ({ ...inBody('The runner used ', written, ' for the release.', name), ...token });
const inTokenTitle = (written: string, name: string) => ({ ...inTitle('Runner token ', written, ' leaked', name), ...token });

export const VECTORS: Record<string, VisibleVector> = {
  // Secrets (`secrets/leak`), each reported at the token's first character as written.
  'token split by an element that renders nothing (`<mark></mark>`)': inRunner(`${HEAD}<mark></mark>${TAIL}`, 'split-by-element'),
  'token with one character in italics (`*q*`)': inRunner(`${TOKEN.slice(0, 20)}*${TOKEN[20]}*${TOKEN.slice(21)}`, 'one-italic'),
  'token split by U+2063 (INVISIBLE SEPARATOR)': inRunner(`${HEAD}\u2063${TAIL}`, 'u2063'),
  'token split by a character reference to U+200E (`&#x200E;`)': inRunner(`${HEAD}&#x200E;${TAIL}`, 'lrm-reference'),
  'token in the title behind a YAML `\\x5f` escape': inTokenTitle(`ghp\\x5f${TOKEN.slice(4)}`, 'yaml-x5f'),
  'token in the title behind a YAML `\\u005F` escape': inTokenTitle(`ghp\\u005F${TOKEN.slice(4)}`, 'yaml-u005f'),
  'token in the title split by a YAML escaped line break': inTokenTitle(`${HEAD}\\\n  ${TAIL}`, 'yaml-escaped-break'),
  // E-mail addresses (`privacy/email`, a warning: reported, and in the build's output).
  'address written with `&#64;`': {
    ...inBody('Merchants wrote to ', ADDRESS.replace('@', '&#64;'), ' for refunds.', 'email-reference'),
    ...address,
  },
  'address followed by a `:`': { ...inBody('Refunds went through ', ADDRESS, ': about 40 of them.', 'email-colon'), ...address },
  'address in the title behind a YAML `\\x40` escape': {
    ...inTitle('Refunds through ', ADDRESS.replace('@', '\\x40'), ' failed', 'email-yaml-x40'),
    ...address,
  },
  // Blame (`blameless/blame`, an error) and judgement (`blameless/language`) behind a zero-width space.
  'blame with a zero-width space inside "engineer\'s fault"': {
    ...inBody('The outage was the on-call ', "engineer\u200B's", ' fault.', 'blame-zwsp'),
    rule: 'blameless/blame',
    says: 'Unexpected blame: `engineer’s`',
  },
  'judgement with a zero-width space inside "care\u200Bless"': {
    ...inBody('The rollout plan was ', 'care\u200Bless', ' about API paths.', 'language-zwsp'),
    rule: 'blameless/language',
    says: 'wording `careless`',
  },
  // The characters themselves (`text/invisible`).
  'bidi override (U+202E) in the title': {
    ...inTitle('Checkout ', '\u202Eetad\u202C', ' errors', 'bidi-title'),
    rule: 'text/invisible',
    says: 'U+202E (RIGHT-TO-LEFT OVERRIDE)',
  },
  'bidi isolate (U+2066) in the body': {
    ...inBody('The rollback ', '\u2066finished\u2069', ' at 15:20.', 'bidi-body'),
    rule: 'text/invisible',
    says: 'U+2066 (LEFT-TO-RIGHT ISOLATE)',
  },
};
