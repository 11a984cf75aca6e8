/** fast-check arbitraries shared by the property tests and `scripts/reliability.ts`. */
import fc from 'fast-check';

/**
 * Strings of any code points, lone surrogates and controls included: what `fc.string({ unit: 'binary' })` gives,
 * without its cost. fast-check makes that one shrink its "dangerous strings" by building a reverse map of all
 * 1.1 million code points as the arbitrary is created: 0.7–1 s of CPU for each such string arbitrary in each test
 * worker. Mapped integers have no reverse map; values still shrink, from the code points that made them.
 */
export function anyCodePoints({ maxLength }: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const codePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
  return fc.array(codePoint, maxLength === undefined ? {} : { maxLength }).map((points) => points.join(''));
}
