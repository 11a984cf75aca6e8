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
const title = (value: string, n: string) => validPostmortem(n).replace(/^title: .*$/m, `title: ${value}`);

export const VECTORS: Record<string, VisibleVector> = {
  // Secrets (`secrets/leak`), each reported at the token's first character as written.
  'token split by an element that renders nothing (`<mark></mark>`)': {
    text: withBlock(`The runner used ${HEAD}<mark></mark>${TAIL} for the release.`, 'split-by-element'),
    rule: 'secrets/leak',
    line: BLOCK_LINE,
    column: 'The runner used '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  'token with one character in italics (`*q*`)': {
    text: withBlock(`The runner used ${TOKEN.slice(0, 20)}*${TOKEN[20]}*${TOKEN.slice(21)} for the release.`, 'one-italic'),
    rule: 'secrets/leak',
    line: BLOCK_LINE,
    column: 'The runner used '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  'token split by U+2063 (INVISIBLE SEPARATOR)': {
    text: withBlock(`The runner used ${HEAD}\u2063${TAIL} for the release.`, 'u2063'),
    rule: 'secrets/leak',
    line: BLOCK_LINE,
    column: 'The runner used '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  'token split by a character reference to U+200E (`&#x200E;`)': {
    text: withBlock(`The runner used ${HEAD}&#x200E;${TAIL} for the release.`, 'lrm-reference'),
    rule: 'secrets/leak',
    line: BLOCK_LINE,
    column: 'The runner used '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  'token in the title behind a YAML `\\x5f` escape': {
    text: title(`"Runner token ghp\\x5f${TOKEN.slice(4)} leaked"`, 'yaml-x5f'),
    rule: 'secrets/leak',
    line: TITLE_LINE,
    column: 'title: "Runner token '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  'token in the title behind a YAML `\\u005F` escape': {
    text: title(`"Runner token ghp\\u005F${TOKEN.slice(4)} leaked"`, 'yaml-u005f'),
    rule: 'secrets/leak',
    line: TITLE_LINE,
    column: 'title: "Runner token '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  'token in the title split by a YAML escaped line break': {
    text: title(`"Runner token ${HEAD}\\\n  ${TAIL} leaked"`, 'yaml-escaped-break'),
    rule: 'secrets/leak',
    line: TITLE_LINE,
    column: 'title: "Runner token '.length + 1,
    says: 'GitHub token `ghp_…`',
    secret: TOKEN,
  },
  // E-mail addresses (`privacy/email`, a warning: reported, and in the build's output).
  'address written with `&#64;`': {
    text: withBlock(`Merchants wrote to ${ADDRESS.replace('@', '&#64;')} for refunds.`, 'email-reference'),
    rule: 'privacy/email',
    line: BLOCK_LINE,
    column: 'Merchants wrote to '.length + 1,
    says: `\`${ADDRESS}\``,
  },
  'address followed by a `:`': {
    text: withBlock(`Refunds went through ${ADDRESS}: about 40 of them.`, 'email-colon'),
    rule: 'privacy/email',
    line: BLOCK_LINE,
    column: 'Refunds went through '.length + 1,
    says: `\`${ADDRESS}\``,
  },
  'address in the title behind a YAML `\\x40` escape': {
    text: title(`"Refunds through ${ADDRESS.replace('@', '\\x40')} failed"`, 'email-yaml-x40'),
    rule: 'privacy/email',
    line: TITLE_LINE,
    column: 'title: "Refunds through '.length + 1,
    says: `\`${ADDRESS}\``,
  },
  // Blame (`blameless/blame`, an error) and judgement (`blameless/language`) behind a zero-width space.
  'blame with a zero-width space inside "engineer\'s fault"': {
    text: withBlock("The outage was the on-call engineer\u200B's fault.", 'blame-zwsp'),
    rule: 'blameless/blame',
    line: BLOCK_LINE,
    column: 'The outage was the on-call '.length + 1,
    says: 'Unexpected blame: `engineer’s`',
  },
  'judgement with a zero-width space inside "care\u200Bless"': {
    text: withBlock('The rollout plan was care\u200Bless about API paths.', 'language-zwsp'),
    rule: 'blameless/language',
    line: BLOCK_LINE,
    column: 'The rollout plan was '.length + 1,
    says: 'wording `careless`',
  },
  // The characters themselves (`text/invisible`).
  'bidi override (U+202E) in the title': {
    text: title('"Checkout \u202Eetad\u202C errors"', 'bidi-title'),
    rule: 'text/invisible',
    line: TITLE_LINE,
    column: 'title: "Checkout '.length + 1,
    says: 'U+202E (RIGHT-TO-LEFT OVERRIDE)',
  },
  'bidi isolate (U+2066) in the body': {
    text: withBlock('The rollback \u2066finished\u2069 at 15:20.', 'bidi-body'),
    rule: 'text/invisible',
    line: BLOCK_LINE,
    column: 'The rollback '.length + 1,
    says: 'U+2066 (LEFT-TO-RIGHT ISOLATE)',
  },
};
