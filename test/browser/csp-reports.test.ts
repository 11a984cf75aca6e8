/**
 * `settled`, which every CSP and request assertion of the browser suite waits on, against a page stand-in whose
 * requests the test holds: it returns only once none of the context's requests is in flight, and only with every
 * report in.
 */
import type { Page, Request } from 'playwright-core';
import { expect, test } from 'vitest';
import { settled } from './csp-reports.ts';

/** A page whose `evaluate` runs nothing but the reports' marker, which it delivers as the binding would. */
function standIn(violations: string[]): Page {
  return {
    evaluate: (fn: () => unknown) => {
      if (String(fn).includes('__reportCsp')) setTimeout(() => violations.push('(settled)'));
      return Promise.resolve();
    },
  } as unknown as Page;
}

test('returns only once no request is in flight, and with every report in', async () => {
  const violations = ['img-src blocked https://elsewhere.example/a.png at inline:1'];
  const held = { url: () => 'http://127.0.0.1/slow' } as Request;
  let reads = 0;
  const pending = new Set<Request>([held]);
  const counted = new Proxy(pending, {
    get(target, key) {
      if (key === Symbol.iterator) reads++;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  let done = false;
  const waiting = settled(standIn(violations), { violations, pending: counted }).then(() => (done = true));
  // It has looked at the requests in flight three times, and is still waiting on the one held.
  await expect.poll(() => reads).toBeGreaterThanOrEqual(3);
  expect(done).toBe(false);
  pending.delete(held);
  await waiting;
  expect(done).toBe(true);
  // The marker is taken out again; the reports stay, in order.
  expect(violations).toEqual(['img-src blocked https://elsewhere.example/a.png at inline:1']);
});
