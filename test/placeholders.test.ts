import { describe, expect, it } from 'vitest';
import { scaffold } from '../packages/astro-postmortems/src/cli/scaffold.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { isScaffoldPlaceholder } from '../packages/astro-postmortems/src/core/placeholders.ts';

describe('content/placeholder knows every placeholder the scaffold writes', () => {
  it('lists each italic placeholder of a fresh scaffold', () => {
    const text = scaffold(
      {
        title: 'Checkout API errors after a config push',
        severity: 'P2',
        services: ['checkout-api'],
        authors: ['Jane'],
        started: '2026-11-20T14:05:00Z',
      },
      resolveConfig({}),
    );
    const italics = [...text.matchAll(/(?<![\w_])_([^_\n]+)_(?![\w_])/g)].map((m) => m[1]!);
    expect(italics.length).toBeGreaterThan(10);
    for (const phrase of italics) expect(isScaffoldPlaceholder(phrase), phrase).toBe(true);
  });
});
