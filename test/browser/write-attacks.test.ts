/**
 * An attacker at the writing page: every vector of the "content is never code" review (test/security/attacks/
 * vectors.ts, each postmortem an attacker could commit) and the browser's own classics (script, handlers,
 * `javascript:` and `data:` URLs, SVG, frames, `<base>`, `<meta refresh>`, forms, styles, remote images, ids that
 * would clobber the page's) typed into every text field of the form and into the body. For each, in the real
 * browser on the built site:
 * - no script runs: a handler or script that ran would set `window.__pwned`; run once under the site's CSP and once
 *   with the CSP bypassed, so the renderer and the preview's guard are proven on their own;
 * - no request leaves: nothing is asked of any host but the site (foreign requests are recorded and aborted);
 * - nothing escapes the preview: the page outside the preview's shadow root keeps its head, its ids and its
 *   elements, and the preview holds no script, frame, form, style, `<base>`, `<meta>` or handler;
 * - no CSP violation is reported: nothing even tried to run (the reports arrive after the preview has changed, so
 *   each test waits for all of them, and starts from none);
 * - the preview either shows the vector, rendered harmless, or refuses it ("Preview stopped") and keeps what it
 *   showed before: which one is fixed per vector, so a vector that never reached the preview cannot pass unseen.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attacks } from '../security/attacks/vectors.ts';
import { useBrowser } from './browser.ts';
import { settled, watchContext, type Watch } from './csp-reports.ts';
import { url } from './site.ts';

const PWN = 'window.__pwned=1';

/** Browser vectors: each would set `window.__pwned` or reach another host if it ever reached the DOM as markup. */
const BROWSER_VECTORS: Record<string, string> = {
  'script element': `<script>${PWN}</script>`,
  'script in capitals': `<SCRIPT>${PWN}</SCRIPT>`,
  'img onerror (HTML syntax)': `<img src=x onerror=${PWN}>`,
  'img onerror (JSX syntax)': `<img src="x" onerror="${PWN}" />`,
  'svg onload': `<svg onload="${PWN}"></svg>`,
  'allowed element with a handler': `<abbr title="t" onmouseover="${PWN}">x</abbr>`,
  'details ontoggle': `<details open ontoggle="${PWN}"><summary>s</summary>x</details>`,
  'javascript: link': `[x](javascript:${PWN})`,
  'javascript: link with entities': '[x](&#106;avascript&colon;window.__pwned=1)',
  'javascript: link with a tab': '[x](java&#x09;script:window.__pwned=1)',
  'javascript: in an allowed attribute': `<abbr title="javascript:${PWN}">x</abbr>`,
  'data: URL link': '[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)',
  'data: image': '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
  'remote image': '![x](https://attacker.invalid/pixel.png)',
  'protocol-relative image': '![x](//attacker.invalid/pixel.png)',
  'reference-style remote image': '![x][p]\n\n[p]: https://attacker.invalid/ref.png',
  'iframe srcdoc': `<iframe srcdoc="<script>${PWN}</script>"></iframe>`,
  'object data': '<object data="https://attacker.invalid/x.swf"></object>',
  'base href': '<base href="https://attacker.invalid/">',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=https://attacker.invalid/">',
  'form action': '<form action="https://attacker.invalid/"><button>go</button></form>',
  'style element': '<style>body{background:url(https://attacker.invalid/bg.png)}</style>',
  'style attribute': '<mark style="background:url(https://attacker.invalid/s.png)">x</mark>',
  'link prefetch': '<link rel="prefetch" href="https://attacker.invalid/p">',
  expression: `{${PWN}}`,
  'ESM export': `export const x = ${PWN}`,
  'raw HTML comment breaking out': '<!--><script>window.__pwned=1</script>-->',
  'id clobbering the form': '<abbr id="w-title" title="x">x</abbr> <abbr id="w-body">y</abbr>',
  'closing textarea and script': `</textarea><script>${PWN}</script>`,
  'YAML breaking out of a quoted value': `x"\nstatus: published\n<script>${PWN}</script>\n---\n<img src=x onerror=${PWN}>`,
  'Markdown autolink to javascript:': `<javascript:${PWN}>`,
  'HTML entity smuggled script': '&lt;script&gt;window.__pwned=1&lt;/script&gt;',
};

/** The postmortem texts of the review's attacks (their files that are not postmortems cannot be typed). */
function reviewVectors(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, attack] of Object.entries(attacks('/tmp/never-written-by-the-browser'))) {
    const main = Object.entries(attack.files).find(([path]) => path.endsWith('.mdx'));
    if (main && typeof main[1] === 'string') out[`review: ${name}`] = main[1];
  }
  return out;
}

const TEXT_FIELDS = [
  '#w-title',
  '#w-summary',
  '#w-services',
  '#w-authors',
  '#w-tags',
  '#w-impact-financial',
  '#w-review-facilitator',
  '#w-related',
  '#w-slug',
];

const session = useBrowser();

type Watched = { page: Page } & Watch;

async function watched(bypassCSP: boolean): Promise<Watched> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP });
  const watch = await watchContext(context, { origin: new URL(url()).origin, abort: true });
  const page = await context.newPage();
  await page.goto(url('write/'));
  await page.waitForFunction(() => !!document.querySelector<HTMLFormElement>('form[data-write]')?.dataset['checked'], null, {
    timeout: 60_000,
  });
  await page.click('[data-add="factors"]');
  await page.click('[data-add="actionItems"]');
  // The preview follows these two changes too: a vector's test must not see that replacement as its own.
  await caughtUp(page);
  return { page, ...watch };
}

/** Until the checker has answered for the last change (the page rebuilds the file on the next frame), and the preview has followed. */
async function caughtUp(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  await page.waitForFunction(
    () => {
      const form = document.querySelector<HTMLFormElement>('form[data-write]')!;
      const posted = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('write:input:')).length;
      return Number(form.dataset['checked']) === posted && form.dataset['previewed'] === form.dataset['checked'];
    },
    null,
    { timeout: 60_000 },
  );
}

/** What must not change outside the preview: the head, the ids, the number of each kind of element. */
function outside(page: Page): Promise<{ head: string; ids: string[]; counts: Record<string, number> }> {
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const tag of [
      'script',
      'iframe',
      'object',
      'embed',
      'base',
      'meta',
      'form',
      'style',
      'link',
      'img',
      'svg',
      'input',
      'textarea',
      'select',
    ])
      counts[tag] = document.querySelectorAll(tag).length;
    return { head: document.head.innerHTML, ids: [...document.querySelectorAll('[id]')].map((e) => e.id).sort(), counts };
  });
}

/** Problems inside the preview's shadow root: elements and attributes the renderer never makes. */
function insidePreview(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-write-preview]')!.shadowRoot!;
    const found: string[] = [];
    const article = root.querySelector('.prose')!;
    for (const el of article.querySelectorAll('*')) {
      if (/^(script|iframe|object|embed|base|meta|form|style|link|svg|math|frame|frameset|template)$/.test(el.localName))
        found.push(`<${el.localName}>`);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || a.name === 'style' || a.name === 'srcdoc') found.push(`${a.name} on <${el.localName}>`);
        if (/^(href|src|action|formaction|data|poster)$/.test(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value))
          found.push(`${a.name}=${a.value} on <${el.localName}>`);
      }
    }
    return found;
  });
}

/**
 * Puts `text` into every text field and the body at once, each as `fill` does (the value, then an `input` event),
 * in one call: the page rebuilds and checks the file once, for the final state (its updates run once per task).
 * Field by field, each a round trip, cost thirteen updates and checks per vector, and no vector reaches the preview
 * through an intermediate state (the body the form scaffolds takes no text field); real keystrokes are write.test.ts's.
 */
async function type(page: Page, text: string): Promise<void> {
  await page.evaluate(
    ([fields, value]) => {
      for (const selector of fields) {
        const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
        if (!field) throw new Error(`no field ${selector}`);
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
    },
    [[...TEXT_FIELDS, '#w-factors-0-description', '#w-actionItems-0-title', '#w-actionItems-0-owner', '#w-body'], text] as const,
  );
  await caughtUp(page);
}

/**
 * The vectors the preview refuses: the renderer refuses the element, attribute, URL or expression (or the text does
 * not parse), the page says "Preview stopped" and keeps the previous preview. Every other vector replaces the preview
 * with its own rendering, harmless.
 */
const STOPPED = new Set<string>([
  'script element',
  'script in capitals',
  'img onerror (HTML syntax)',
  'img onerror (JSX syntax)',
  'svg onload',
  'allowed element with a handler',
  'details ontoggle',
  'javascript: link',
  'javascript: link with entities',
  'javascript: link with a tab',
  'javascript: in an allowed attribute',
  'data: URL link',
  'data: image',
  'remote image',
  'protocol-relative image',
  'reference-style remote image',
  'iframe srcdoc',
  'object data',
  'base href',
  'meta refresh',
  'form action',
  'style element',
  'style attribute',
  'link prefetch',
  'expression',
  'raw HTML comment breaking out',
  'closing textarea and script',
  'YAML breaking out of a quoted value',
  'Markdown autolink to javascript:',
  'review: closing fence with a tab (`---<TAB>`)',
]);

/** `unchanged`: neither (no new content and no refusal said, or content replaced under a refusal). */
type PreviewState = { state: 'replaced' | 'stopped' | 'unchanged'; note: string };

/**
 * Starts recording whether the preview's content is replaced: the page replaces the article's children when the
 * renderer's output passes the guard, and leaves them (saying "Preview stopped: …") when it does not.
 */
function watchPreview(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __previewChanges?: MutationObserver; __previewReplaced?: boolean };
    w.__previewChanges?.disconnect();
    w.__previewReplaced = false;
    const article = document.querySelector('[data-write-preview]')!.shadowRoot!.querySelector('.prose')!;
    w.__previewChanges = new MutationObserver(() => (w.__previewReplaced = true));
    w.__previewChanges.observe(article, { childList: true });
  });
}

/** What the preview did since `watchPreview`, and the note above it. */
function previewState(page: Page): Promise<PreviewState> {
  return page.evaluate(() => {
    const w = window as unknown as { __previewChanges: MutationObserver; __previewReplaced: boolean };
    // The records the callback has not been handed yet count too.
    const replaced = w.__previewReplaced || w.__previewChanges.takeRecords().length > 0;
    w.__previewChanges.disconnect();
    const note = document.querySelector('[data-write-preview-note]')!.textContent ?? '';
    const stopped = note.startsWith('Preview stopped: ');
    return { state: replaced && note === '' ? 'replaced' : stopped && !replaced ? 'stopped' : 'unchanged', note };
  });
}

describe('writing page under attack', () => {
  const vectors = { ...BROWSER_VECTORS, ...reviewVectors() };

  it("has the review's vectors and the browser's", () => {
    expect(Object.keys(reviewVectors()).length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(vectors).length).toBeGreaterThanOrEqual(45);
    // A name here that is no vector would expect nothing of anything.
    for (const name of STOPPED) expect(Object.keys(vectors)).toContain(name);
  });

  for (const bypassCSP of [false, true]) {
    describe(bypassCSP ? 'with the CSP bypassed: the renderer and the preview guard alone' : "under the site's CSP", () => {
      let watch: Watched;
      let before: Awaited<ReturnType<typeof outside>>;
      beforeAll(async () => {
        watch = await watched(bypassCSP);
        before = await outside(watch.page);
      });
      afterAll(async () => {
        await watch?.page.context().close();
      });

      // First, before any test empties them: what loading the page asked of other hosts and reported.
      it('loads with nothing refused and nothing reported', async () => {
        await settled(watch.page, watch);
        expect({ foreign: watch.foreign, violations: watch.violations }).toEqual({ foreign: [], violations: [] });
      });

      /** Types `text` and waits for every request and report it led to: each test sees its own, and all of them. */
      async function typeAndSettle(page: Page, text: string): Promise<PreviewState> {
        watch.foreign.length = 0;
        watch.violations.length = 0;
        await watchPreview(page);
        await type(page, text);
        await settled(page, watch);
        return previewState(page);
      }

      for (const [name, text] of Object.entries(vectors)) {
        it(`${name}: typed into every field, runs nothing, leaves nothing, changes nothing outside the preview`, async () => {
          const { page } = watch;
          const preview = await typeAndSettle(page, text);
          expect(preview.state, preview.note).toBe(STOPPED.has(name) ? 'stopped' : 'replaced');
          expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
          expect(await insidePreview(page)).toEqual([]);
          const after = await outside(page);
          expect(after.head).toBe(before.head);
          expect(after.ids).toEqual(before.ids);
          expect(after.counts).toEqual(before.counts);
          expect(await page.evaluate(() => document.getElementById('w-title') instanceof HTMLInputElement)).toBe(true);
          expect(watch.foreign).toEqual([]);
          expect(watch.violations).toEqual([]);
        });
      }

      it('still previews what is harmless (the guard does not just refuse everything)', async () => {
        const { page } = watch;
        const preview = await typeAndSettle(
          page,
          '## Executive Summary\n\nA *fine* paragraph with a [link](https://example.com/x) and <abbr title="service level objective">SLO</abbr>.\n',
        );
        expect(preview).toEqual({ state: 'replaced', note: '' });
        expect(
          await page.evaluate(() => !!document.querySelector('[data-write-preview]')!.shadowRoot!.querySelector('.prose abbr[title]')),
        ).toBe(true);
        expect(watch.foreign).toEqual([]);
        expect(watch.violations).toEqual([]);
      });
    });
  }
});
