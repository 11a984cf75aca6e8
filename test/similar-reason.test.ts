import { describe, expect, it } from 'vitest';
import { similarReason, similarSide } from '../packages/astro-postmortems/src/lib/similar-reason.ts';

const side = (services: string[], factors: string[] = [], tags: string[] = []) =>
  similarSide({ services, tags, contributingFactors: factors.map((category) => ({ category })) });

describe('similarReason', () => {
  it('names the shared service and factor in words', () => {
    expect(
      similarReason(side(['edge-cdn', 'checkout-api'], ['configuration', 'change']), side(['edge-cdn'], ['configuration', 'monitoring'])),
    ).toBe('Shares the service edge-cdn and the factor configuration.');
  });
  it('lists several shared values of one kind', () => {
    expect(similarReason(side(['a', 'b', 'c']), side(['c', 'a']))).toBe('Shares the services a and c.');
    expect(similarReason(side(['x'], ['change'], ['cdn', 'caching']), side(['y'], ['change'], ['caching', 'cdn']))).toBe(
      'Shares the factor change and the tags cdn and caching.',
    );
  });
  it('says the words are similar when nothing else is shared, and never names the method', () => {
    const reason = similarReason(side(['a'], ['process']), side(['b'], ['capacity']));
    expect(reason).toMatch(/similar words/);
    expect(reason).not.toMatch(/TF-IDF|cosine/i);
  });
  it('counts a factor listed twice once', () => {
    expect(similarReason(side(['a'], ['change', 'change']), side(['b'], ['change']))).toBe('Shares the factor change.');
  });
});
