/** The browser-safe path arithmetic of `image/source` is Node's own, on any string (it decides where an image points). */
import fc from 'fast-check';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posixDirname, posixJoinNormalized, posixNormalize } from '../packages/astro-postmortems/src/core/utils/posix-path.ts';

const pathLike = fc
  .array(fc.constantFrom('/', '.', '..', 'a', 'b.png', '', '//', './', '../', 'x y', '%2e', '\\'), { maxLength: 12 })
  .map((parts) => parts.join(''));
const anyString = fc.oneof(pathLike, fc.string({ maxLength: 30 }));

describe('posix path helpers', () => {
  it('dirname is path.posix.dirname', () => {
    fc.assert(
      fc.property(anyString, (p) => {
        expect(posixDirname(p)).toBe(posix.dirname(p));
      }),
      { numRuns: 5000 },
    );
  });
  it('normalize is path.posix.normalize', () => {
    fc.assert(
      fc.property(anyString, (p) => {
        expect(posixNormalize(p)).toBe(posix.normalize(p));
      }),
      { numRuns: 5000 },
    );
  });
  it('join then normalize is path.posix.normalize(path.posix.join(…))', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        expect(posixJoinNormalized(a, b)).toBe(posix.normalize(posix.join(a, b)));
      }),
      { numRuns: 5000 },
    );
  });
  it('resolves what image/source resolves', () => {
    expect(posixJoinNormalized(posixDirname('postmortems/2026/a.mdx'), '../../x.png')).toBe('x.png');
    expect(posixJoinNormalized(posixDirname('postmortems/a.mdx'), './img/../c.png')).toBe('postmortems/c.png');
  });
});
