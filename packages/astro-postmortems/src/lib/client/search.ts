/**
 * The search panel: Pagefind's JS API behind our own markup (input, filter
 * selects, results with title, date, severity and excerpt). Loaded only when
 * search is opened, so pages do not pay for it up front.
 */
import { STATUS_LABEL } from '../format.ts';
import { sentenceExcerpt, type ExcerptSource } from './excerpt.ts';

interface PagefindResultData extends ExcerptSource {
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  id: string;
  data: () => Promise<PagefindResultData>;
}
interface Pagefind {
  options: (o: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  mergeIndex: (url: string) => Promise<void>;
  filters: () => Promise<Record<string, Record<string, number>>>;
  search: (term: string | null, o?: { filters?: Record<string, string> }) => Promise<{ results: PagefindResult[] } | null>;
}

const PAGE_SIZE = 10;
/** Each filter: its key, its label, and its "any" option, short enough to show whole in a narrow select. */
const FILTERS: [key: string, label: string, any: string][] = [
  ['severity', 'Severity', 'Any severity'],
  ['status', 'Status', 'Any status'],
  ['kind', 'Kind', 'Any kind'],
  ['service', 'Service', 'Any service'],
  ['factor', 'Contributing factor', 'Any factor'],
  ['tag', 'Tag', 'Any tag'],
  ['year', 'Year', 'Any year'],
];

let loading: Promise<Pagefind> | undefined;

function loadPagefind(bundle: string, base: string): Promise<Pagefind> {
  loading ??= (import(/* @vite-ignore */ `${bundle}pagefind.js`) as Promise<Pagefind>).then(async (pagefind) => {
    await pagefind.options({ baseUrl: base });
    await pagefind.init();
    // A large site's index is written in shards (src/integration/pagefind): search them all as one.
    const shards = (await fetch(`${bundle}shards.json`).then(
      (r) => (r.ok ? r.json() : []),
      () => [],
    )) as string[];
    for (const shard of shards) await pagefind.mergeIndex(`${base}${shard}`);
    return pagefind;
  });
  return loading;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Wires one `[data-search-panel]`; safe to call twice. */
export async function mountSearch(panel: HTMLElement): Promise<void> {
  if (panel.dataset.mounted) return;
  panel.dataset.mounted = 'true';
  const input = panel.querySelector<HTMLInputElement>('input[type="search"]')!;
  const filtersBox = panel.querySelector<HTMLElement>('[data-search-filters]')!;
  const status = panel.querySelector<HTMLElement>('[data-search-status]')!;
  const list = panel.querySelector<HTMLOListElement>('[data-search-results]')!;
  const more = panel.querySelector<HTMLButtonElement>('[data-search-more]')!;
  const severities = (panel.dataset.severities ?? '').split(' ');
  const syncUrl = panel.dataset.syncUrl === 'true';
  // Only the search page takes its query and filters from the address (other pages use it for their own filters).
  const params = new URLSearchParams(syncUrl ? location.search : '');
  panel.querySelector('form')!.addEventListener('submit', (e) => e.preventDefault());

  if (panel.dataset.empty === 'true') {
    status.textContent = 'Nothing to search yet: no postmortem has been published.';
    return;
  }
  let pagefind: Pagefind;
  try {
    status.textContent = 'Loading the search index…';
    pagefind = await loadPagefind(panel.dataset.bundle!, panel.dataset.base!);
  } catch {
    status.textContent = 'The search index is missing: it is built with the site by `npm run build` (not by `npm run dev`).';
    return;
  }

  // Values and counts written with the site: Pagefind's own `filters()` would fetch every filter index first.
  type Counts = Record<string, Record<string, number>>;
  const available: Counts = await fetch(`${panel.dataset.base!}search-filters.json`)
    .then((r) => (r.ok ? (r.json() as Promise<Counts>) : {}))
    .catch(() => ({}));
  const selects = new Map<string, HTMLSelectElement>();
  for (const [key, label, any] of FILTERS) {
    const values = Object.keys(available[key] ?? {});
    if (!values.length) continue;
    if (key === 'severity') values.sort((a, b) => severities.indexOf(a) - severities.indexOf(b));
    else if (key === 'year') values.sort((a, b) => (a < b ? 1 : -1));
    else values.sort();
    const id = `${panel.id}-${key}`;
    const select = el('select', { id, name: key });
    select.append(el('option', { value: '' }, any));
    for (const v of values) select.append(el('option', { value: v }, `${v} (${available[key]![v]})`));
    const wanted = params.get(key);
    if (wanted && values.includes(wanted)) select.value = wanted;
    select.addEventListener('change', () => void run());
    selects.set(key, select);
    filtersBox.append(el('div', { className: 'field' }, el('label', { htmlFor: id }, label), select));
  }

  let results: PagefindResult[] = [];
  let shown = 0;
  let generation = 0;

  async function showMore(): Promise<void> {
    const mine = generation;
    const page = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
    if (mine !== generation) return;
    for (const data of page) list.append(renderResult(data));
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  function renderResult(data: PagefindResultData): HTMLLIElement {
    const severity = data.meta.severity ?? '';
    const rank = severities.indexOf(severity);
    const meta = el('div', { className: 'meta-line' });
    if (severity) meta.append(el('span', { className: `badge sev sev-${rank}` }, severity));
    if (data.meta.date) meta.append(el('time', { dateTime: data.meta.date }, data.meta.date));
    if (data.meta.status && data.meta.status !== 'published')
      meta.append(el('span', { className: `badge status status-${data.meta.status}` }, STATUS_LABEL[data.meta.status] ?? data.meta.status));
    // Built from text nodes: nothing of the page's text is parsed as HTML.
    const { words, section, leading, trailing } = sentenceExcerpt(data);
    const excerpt = el('p', { className: 'search-excerpt' });
    if (section) excerpt.append(el('a', { href: section.url, className: 'search-section' }, section.title), ': ');
    if (leading) excerpt.append('… ');
    words.forEach((w, i) => excerpt.append(...(i ? [' '] : []), w.mark ? el('mark', {}, w.text) : w.text));
    if (trailing) excerpt.append(' …');
    return el(
      'li',
      { className: 'search-result' },
      el('a', { href: data.url, className: 'search-result-title' }, data.meta.title ?? data.url),
      meta,
      excerpt,
    );
  }

  async function run(): Promise<void> {
    const mine = ++generation;
    const term = input.value.trim();
    const filters: Record<string, string> = {};
    for (const [key, select] of selects) if (select.value) filters[key] = select.value;
    if (syncUrl) {
      const next = new URLSearchParams();
      if (term) next.set('q', term);
      for (const [k, v] of Object.entries(filters)) next.set(k, v);
      const query = next.toString();
      history.replaceState(null, '', query ? `?${query}` : location.pathname);
    }
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = '';
      return;
    }
    const response = await pagefind.search(term || null, { filters });
    if (mine !== generation) return;
    results = response?.results ?? [];
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (mine !== generation) return;
    // Announced once the first results are on screen.
    status.textContent =
      results.length === 0 ? 'No postmortem matches.' : `${results.length} postmortem${results.length === 1 ? '' : 's'} found.`;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 150);
  });
  more.addEventListener('click', () => void showMore());
  const q = params.get('q');
  if (q && !input.value) input.value = q;
  status.textContent = '';
  await run();
}
