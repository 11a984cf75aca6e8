/**
 * The one decision about URLs (`core/urls.ts`): what each string is to a browser, checked against a table of the
 * spellings attackers use and, for any string at all (fast-check), against Node's WHATWG URL parser resolving it on
 * http and https pages under several origins and base paths, which must never change a verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeDecision,
  browserForm,
  classifyUrl,
  imageDecision,
  linkDecision,
  pageUrl,
  type UrlTarget,
} from '../packages/astro-postmortems/src/core/urls.ts';

const page = pageUrl('2025-06-10-x', 'https://pm.example.com', '/docs/');

describe('classifyUrl', () => {
  it.each<[string, UrlTarget['kind']]>([
    ['./chart.png', 'relative'],
    ['chart.png', 'relative'],
    ['../2025/chart.png', 'relative'],
    ['?q=1', 'relative'],
    ['', 'empty'],
    ['  ', 'empty'],
    ['#frag', 'fragment'],
    ['/brand/logo.png', 'root'],
    ['\\brand\\logo.png', 'root'],
    ['\\host/p.png', 'root'],
    ['https://tracker.example/p.png', 'absolute'],
    ['HTTP://tracker.example/p.png', 'absolute'],
    ['http:tracker.example', 'absolute'],
    [' https://tracker.example/p.png ', 'absolute'],
    ['//tracker.example/p.png', 'host'],
    ['/\\tracker.example/p.png', 'host'],
    ['\\/tracker.example/p.png', 'host'],
    ['\\\\tracker.example/p.png', 'host'],
    ['/\t/tracker.example/p.png', 'host'],
    ['/\n/tracker.example/p.png', 'host'],
    ['\u0001//tracker.example/p.png', 'host'],
    [' //tracker.example/p.png', 'host'],
    ['mailto:a@example.com', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['JaVaScRiPt:alert(1)', 'scheme'],
    ['java\tscript:alert(1)', 'scheme'],
    ['java\nscript:alert(1)', 'scheme'],
    ['\u0000javascript:alert(1)', 'scheme'],
    ['data:image/png;base64,AAAA', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['c:/x.png', 'scheme'],
    ['https://', 'invalid'],
    ['//exa mple.com/x', 'invalid'],
    ['http://[::1', 'invalid'],
  ])('%j is %s', (value, kind) => {
    expect(classifyUrl(value, page).kind).toBe(kind);
  });

  it('drops what the URL parser drops before reading: C0 controls and spaces at the ends, tabs and line breaks anywhere', () => {
    expect(browserForm('\u0000 /\t/h\r\nost/x \u001f')).toBe('//host/x');
  });
});

/** Strings made of the characters URL parsing turns on. */
const urlish = fc.string({
  unit: fc.constantFrom(
    '/',
    '\\',
    '\t',
    '\n',
    ' ',
    '\u0001',
    ':',
    '.',
    '#',
    '?',
    '%',
    '@',
    'a',
    'h',
    't',
    'p',
    's',
    'x',
    'j',
    'v',
    'r',
    'i',
    'c',
    'm',
    'l',
    'o',
    '[',
    ']',
    'A',
  ),
  maxLength: 24,
});

const SITES = ['https://pm.example.com', 'http://localhost:4321', 'https://org.github.io', 'http://127.0.0.1:8080'];
const BASES = ['/', '/docs/', '/a/b/'];

describe('against the WHATWG URL parser, on every kind of page', () => {
  it('a verdict never depends on the site, its scheme or its base path', () => {
    fc.assert(
      fc.property(urlish, (value) => {
        const verdicts = SITES.flatMap((site) => BASES.map((base) => classifyUrl(value, pageUrl('2025-06-10-x', site, base)).kind));
        expect(new Set(verdicts).size, JSON.stringify({ value, verdicts })).toBe(1);
        const link = new Set(SITES.map((site) => linkDecision(value, pageUrl('2025-06-10-x', site)).ok));
        const image = new Set(SITES.map((site) => imageDecision(value, pageUrl('2025-06-10-x', site)).ok));
        expect(link.size).toBe(1);
        expect(image.size).toBe(1);
      }),
      { numRuns: 3000 },
    );
  });

  it('what stays on the site resolves on the site; what leaves it resolves elsewhere, with the scheme read', () => {
    fc.assert(
      fc.property(urlish, fc.constantFrom(...SITES), fc.constantFrom(...BASES), (value, site, base) => {
        const on = pageUrl('2025-06-10-x', site, base);
        const target = classifyUrl(value, on);
        let resolved: URL | undefined;
        try {
          resolved = new URL(value, on);
        } catch {
          resolved = undefined;
        }
        switch (target.kind) {
          case 'relative':
          case 'root':
          case 'empty':
          case 'fragment':
            expect(resolved?.origin, value).toBe(on.origin);
            break;
          case 'host':
            expect(resolved?.origin, value).not.toBe(on.origin);
            expect(resolved!.protocol).toBe(on.protocol);
            break;
          case 'absolute':
            expect(['http:', 'https:']).toContain(resolved!.protocol);
            break;
          case 'scheme':
            if (resolved) expect(resolved.protocol).toBe(`${target.scheme}:`);
            break;
          case 'invalid':
            expect(resolved).toBeUndefined();
            break;
        }
        // An image is accepted only when it is a file beside the page (then published by hash, never shown as written).
        if (imageDecision(value, on).ok) expect(target.kind).toBe('relative');
        // A link never leaves for another scheme than http(s) and mailto, nor for another host unless it says `http`.
        if (linkDecision(value, on).ok && resolved) {
          expect(['http:', 'https:', 'mailto:']).toContain(resolved.protocol);
          if (resolved.origin !== on.origin && resolved.protocol !== 'mailto:') expect(target.kind).toBe('absolute');
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('decisions', () => {
  it('images: only a file beside the postmortem', () => {
    expect(imageDecision('./chart.png', page).ok).toBe(true);
    for (const url of [
      '',
      '#frag',
      'mailto:a@b.c',
      '/brand/logo.png',
      '\\host/p.png',
      '/\\tracker.example/p.png',
      '/\t/tracker.example/p.png',
      'https://tracker.example/p.png',
      'data:image/png;base64,AAAA',
      'http://[::1',
    ]) {
      expect(imageDecision(url, page).ok, url).toBe(false);
    }
  });

  it('messages say what the browser would do, on one line', () => {
    const decided = imageDecision('/\t/tracker.example/p.png', page);
    expect(decided.ok).toBe(false);
    if (!decided.ok) {
      expect(decided.problem).toBe(
        'Unexpected remote image `/␉/tracker.example/p.png` (a browser loads it from `tracker.example`), expected an image file beside the postmortem in `postmortems/` linked relatively, such as `./chart.png` (the site loads nothing from other hosts); download it into `postmortems/` and link it relatively',
      );
      expect(decided.problem).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it('links: http(s), mailto and the site; no other scheme, no scheme-less host, no control character', () => {
    for (const url of ['https://example.com', 'mailto:a@b.c', '../other/', '/postmortems/', '#timeline', '', 'http://[::1'])
      expect(linkDecision(url, page).ok, url).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,x',
      '//evil.example/',
      '/\\evil.example/',
      'java\u0001script:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(linkDecision(url, page).ok, url).toBe(false);
    }
  });

  it('attributes: src as an image, href as a link, lists never, javascript: nowhere', () => {
    expect(attributeDecision('img', 'src', './chart.png', page)).toMatchObject({ ok: true, use: 'resource' });
    expect(attributeDecision('img', 'src', '//tracker.example/p.png', page)).toMatchObject({ ok: false, use: 'resource' });
    expect(attributeDecision('img', 'SRC', 'https://tracker.example/p.png', page)).toMatchObject({ ok: false, use: 'resource' });
    expect(attributeDecision('a', 'href', 'https://example.com', page)).toMatchObject({ ok: true, use: 'navigation' });
    expect(attributeDecision('ins', 'cite', 'javascript:alert(1)', page)).toMatchObject({ ok: false, use: 'navigation' });
    expect(attributeDecision('img', 'srcset', './a.png 1x', page)).toMatchObject({ ok: false, use: 'list' });
    expect(attributeDecision('abbr', 'title', 'javascript:alert(1)', page)).toMatchObject({ ok: false, use: 'text' });
    expect(attributeDecision('abbr', 'title', 'Time to live: 60 seconds', page)).toMatchObject({ ok: true, use: 'text' });
  });
});
