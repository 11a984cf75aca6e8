/**
 * Regular expressions an organisation writes in `postmortems.config.ts` (`blamelessPhrases[].pattern`,
 * `tracker.idPattern`): compiled here, the same way for the configuration's validation and for the rules, so that a
 * pattern JavaScript cannot compile is refused when the configuration loads, naming the option, instead of failing
 * every postmortem as an internal error of a rule.
 */

/** Case-insensitive, and Unicode only when the pattern needs it: case-insensitive Unicode matching is several times slower in V8. */
export function phraseFlags(source: string): string {
  return /\\[pPu]\{|\\u[0-9a-fA-F]{4}/.test(source) ? 'giu' : 'gi';
}

/** Every phrase as one alternation (each in a named group, `p0`, `p1`…, to tell which matched), so a text is scanned once. */
export function phrasesRegExp(patterns: readonly string[]): RegExp {
  const source = patterns.map((p, i) => `(?<p${i}>${p})`).join('|');
  return new RegExp(source, phraseFlags(source));
}

/** The regular expression an id of the tracker must match as a whole. */
export function trackerIdRegExp(idPattern: string): RegExp {
  // Anchored here so a team writes the id's shape only, and `x OBS-1 y` never passes.
  return new RegExp(`^(?:${idPattern})$`, 'u');
}

/** Why `compile` throws (JavaScript's reason, without the pattern it repeats), or `undefined` when it does not. */
export function compileProblem(compile: () => RegExp): string | undefined {
  try {
    compile();
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return reason.slice(reason.lastIndexOf(': ') + 2) || reason;
  }
}
