/**
 * Why two incidents are listed as similar, in the words a reader uses
 * ("Shares the service edge-cdn and the factor configuration"), instead of
 * the method's name: what the two postmortems have in common in their
 * frontmatter, or, when nothing is shared there, that their accounts use the
 * same words. Pure.
 */
export interface SimilarSide {
  services: readonly string[];
  factors: readonly string[];
  tags: readonly string[];
}

const list = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

function shared(a: readonly string[], b: readonly string[]): string[] {
  const set = new Set(b);
  return [...new Set(a.filter((x) => set.has(x)))];
}

function phrase(one: string, many: string, values: string[]): string | undefined {
  if (!values.length) return undefined;
  return values.length === 1 ? `the ${one} ${values[0]}` : `the ${many} ${list.format(values)}`;
}

/** One sentence saying what `a` and `b` share (services first, then factors, then tags). */
export function similarReason(a: SimilarSide, b: SimilarSide): string {
  const parts = [
    phrase('service', 'services', shared(a.services, b.services)),
    phrase('factor', 'factors', shared(a.factors, b.factors)),
    phrase('tag', 'tags', shared(a.tags, b.tags)),
  ].filter((p): p is string => p !== undefined);
  return parts.length
    ? `Shares ${list.format(parts)}.`
    : 'Described in similar words, with nothing shared in its services, factors or tags.';
}

/** The sides of a postmortem as `similarReason` compares them. */
export function similarSide(data: {
  services: readonly string[];
  tags?: readonly string[] | undefined;
  contributingFactors?: readonly { category: string }[] | undefined;
}): SimilarSide {
  return { services: data.services, factors: (data.contributingFactors ?? []).map((f) => f.category), tags: data.tags ?? [] };
}
