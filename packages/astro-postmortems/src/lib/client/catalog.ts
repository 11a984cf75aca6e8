/**
 * Filters and sorting across every item of a paginated list, without a
 * reload, while each static page holds only its own rows
 * (docs/performance.md, "Page sizes").
 *
 * The form (`components/catalog-filters.astro`) is `hidden` until this runs;
 * without JavaScript the static pages and their pagination are the list.
 * Each option names a small JSON file of the ordinals (positions in the
 * list's canonical order) that have its value; a filter fetches only the
 * files of the values chosen, intersects them, and draws one page of the
 * matches from the chunk files that hold those ordinals. No filter and the
 * default sort: the static page is shown as built.
 *
 * The state lives in the address (`?severity=P1&sort=…&page=2`), so a
 * filtered view can be linked, reloaded and walked with Back and Forward.
 */
// Types only from the build's side (erased: nothing of it reaches the browser), labels from the wording both share.
import type { CardRecord as Card, RowRecord as Row } from '../catalog.ts';
import { itemCount } from '../format.ts';
import { lastAtMost } from '../../core/utils/sorted.ts';

type Control = HTMLSelectElement | HTMLInputElement;

const files = new Map<string, Promise<unknown>>();
function json<T>(src: string): Promise<T> {
  let p = files.get(src);
  if (!p) {
    p = fetch(src).then((r) => {
      if (!r.ok) throw new Error(`${src}: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => files.delete(src));
    files.set(src, p);
  }
  return p as Promise<T>;
}

/** A file of gaps (`lib/paging.ts`) as ascending ordinals. */
async function ordinals(src: string): Promise<number[]> {
  const gaps = await json<number[]>(src);
  let v = 0;
  return gaps.map((g, i) => (v = i ? v + g : g));
}

function intersect(lists: number[][]): number[] {
  const [first, ...rest] = [...lists].sort((a, b) => a.length - b.length);
  const sets = rest.map((l) => new Set(l));
  return first!.filter((o) => sets.every((s) => s.has(o)));
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Fills a clone of a server-rendered template (`components/card-part.astro` says how one is written): keeps the parts
 * the record has (`field`, `field:value`, `!field`) and drops the others, replaces each text placeholder with the
 * record's value (a list joined by `data-join`, less a `data-drop-prefix`), and puts the record's values in the
 * attributes that hold `{field}` (`{fact?text}`: the text where the record has the fact), dropping one left empty.
 * Adjacent texts are joined, as the parser joins the server's: exactly the markup and the DOM the server renders for
 * that record.
 */
function fill(root: Element, record: Record<string, unknown>): void {
  const has = (name: string): boolean => {
    if (name.startsWith('!')) return !has(name.slice(1));
    const [field, value] = name.split(':') as [string, string | undefined];
    return value === undefined ? !!record[field] : String(record[field]) === value;
  };
  for (let part = root.querySelector<HTMLTemplateElement>('template[data-part]'); part; part = root.querySelector('template[data-part]')) {
    if (has(part.dataset.part!)) part.replaceWith(part.content.cloneNode(true));
    else part.remove();
  }
  for (const text of root.querySelectorAll<HTMLTemplateElement>('template[data-fill]')) {
    const value = record[text.dataset.fill!];
    const shown = Array.isArray(value) ? value.join(text.dataset.join ?? '') : String(value ?? '');
    const drop = text.dataset.dropPrefix;
    text.replaceWith(drop && shown.startsWith(drop) ? shown.slice(drop.length) : shown);
  }
  for (const element of [root, ...root.querySelectorAll('[data-fill-attributes]')]) {
    const names = element.getAttribute('data-fill-attributes');
    if (names === null) continue;
    for (const name of names.split(' ')) {
      const value = element
        .getAttribute(name)!
        .replace(/\{(!?[\w:-]+)(?:\?([^}]*))?\}/g, (_, field: string, text?: string) =>
          text === undefined ? String(record[field] ?? '') : has(field) ? text : '',
        );
      if (value) element.setAttribute(name, value);
      else element.removeAttribute(name);
    }
    element.removeAttribute('data-fill-attributes');
  }
  root.normalize();
}

/** A clone of a server-rendered template (`<template data-…-template>`), filled with `record`. */
function cloneFilled(template: HTMLTemplateElement, record: object): HTMLElement {
  const element = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  fill(element, record as Record<string, unknown>);
  return element;
}

/** In the address, "any value" of a control whose default is a value (`?status=all`). */
const ANY = 'all';
const VIEW_KEY = 'postmortems-view';

/** The reader's last choice of view (cards or table), kept across visits where storage allows. */
function storedView(): string | null {
  try {
    return localStorage.getItem(VIEW_KEY);
  } catch {
    return null;
  }
}
function storeView(view: string): void {
  try {
    if (view === 'cards') localStorage.removeItem(VIEW_KEY);
    else localStorage.setItem(VIEW_KEY, view);
  } catch {
    /* private mode: the choice lasts for this page */
  }
}

function enhance(form: HTMLFormElement): void {
  const d = form.dataset;
  const shownIn = document.getElementById(d.target!);
  const builtIn = document.getElementById(d.static!);
  if (!shownIn || !builtIn) return;
  const target: HTMLElement = shownIn;
  const staticList: HTMLElement = builtIn;
  const total = Number(d.total);
  const pageSize = Number(d.pageSize);
  const chunkSize = Number(d.chunkSize);
  const staticPage = Number(d.page);
  const noun = d.noun ?? 'item';
  const count = form.querySelector<HTMLElement>('[data-filter-count]');
  const controls = [...form.querySelectorAll<Control>('select[name], input[name]:not([name="view"])')];
  const viewRadios = [...form.querySelectorAll<HTMLInputElement>('input[name="view"]')];
  const toggle = form.querySelector<HTMLButtonElement>('[data-filters-toggle]');
  const activeCount = form.querySelector<HTMLElement>('[data-filters-active]');
  const sort = form.querySelector<HTMLSelectElement>('select[name="sort"]');
  const filters = controls.filter((c) => c !== sort);
  const isRows = d.catalog === 'action-items';
  const cardTemplate = document.querySelector<HTMLTemplateElement>('template[data-card-template]');
  const tableTemplate = document.querySelector<HTMLTemplateElement>('template[data-table-template]');
  const rowTemplate = document.querySelector<HTMLTemplateElement>('template[data-row-template]');
  const groupTemplate = document.querySelector<HTMLTemplateElement>('template[data-owner-group-template]');
  const actionRowTemplate = document.querySelector<HTMLTemplateElement>('template[data-action-row-template]');
  if (isRows ? !(groupTemplate && actionRowTemplate) : !(cardTemplate && tableTemplate && rowTemplate)) return;
  let page = 1;
  let run = 0;

  const valueOf = (c: Control) => (c instanceof HTMLInputElement ? (c.checked ? c.value : '') : c.value);
  /** What a control holds when the address names nothing for it (`data-default`: action items open on the unfinished ones). */
  const defaultOf = (c: Control) => (c === sort ? sortDefault() : (c.dataset.default ?? ''));
  const view = () => viewRadios.find((r) => r.checked)?.value ?? 'cards';
  const sourceOf = (c: Control) => (c instanceof HTMLInputElement ? c.dataset.src : c.selectedOptions[0]?.dataset.src);
  const sortDefault = () => sort?.options[0]?.value ?? '';

  function fromAddress(): void {
    const params = new URLSearchParams(location.search);
    for (const c of controls) {
      const given = params.get(c.name);
      // `all` in the address is "any value" where the default is a value.
      const wanted = given === null ? defaultOf(c) : given === ANY ? '' : given;
      if (c instanceof HTMLInputElement) c.checked = wanted === c.value;
      else c.value = [...c.options].some((o) => o.value === wanted) ? wanted : defaultOf(c);
    }
    const wantedView = params.get('view') ?? storedView();
    for (const r of viewRadios) r.checked = r.value === (viewRadios.some((x) => x.value === wantedView) ? wantedView : 'cards');
    page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  }

  function address(n: number): string {
    const next = new URLSearchParams();
    for (const c of controls) {
      const v = valueOf(c);
      if (v !== defaultOf(c)) next.set(c.name, v === '' ? ANY : v);
    }
    if (viewRadios.length && view() !== 'cards') next.set('view', view());
    if (n > 1) next.set('page', String(n));
    const query = next.toString();
    return `${location.pathname}${query ? `?${query}` : ''}`;
  }

  // "Any value" where the default is a value (`?status=all`) filters too: the static pages hold the default's rows
  // and their links would drop the choice, so the list and its pages are drawn here.
  const filtering = () =>
    filters.some((c) => valueOf(c) !== '' || valueOf(c) !== defaultOf(c)) || (sort !== null && sort.value !== sortDefault());

  /** The fields fold behind the Filters button on a small screen; the button says how many differ from the defaults. */
  function showActive(): void {
    const n = filters.filter((c) => valueOf(c) !== defaultOf(c)).length + (sort && sort.value !== sortDefault() ? 1 : 0);
    if (activeCount) activeCount.textContent = n ? ` (${n})` : '';
  }

  interface Source {
    src: string;
    ordinals: number[];
  }

  /** The matching ordinals in the order chosen, and the value files read to find them. */
  async function matches(): Promise<{ list: number[]; sources: Source[] }> {
    const load = async (src: string): Promise<Source> => ({ src, ordinals: await ordinals(src) });
    const chosen = await Promise.all(filters.filter((c) => valueOf(c) !== '').map((c) => load(sourceOf(c)!)));
    let list = chosen.length ? intersect(chosen.map((s) => s.ordinals)) : Array.from({ length: total }, (_, i) => i);
    const by = sort?.selectedOptions[0]?.dataset.by;
    const sources = [...chosen];
    if (by === 'reverse') list = list.reverse();
    else if (by) {
      // Ordered by the values of another facet (severity), each value newest first.
      const options = [...form.querySelectorAll<HTMLOptionElement>(`select[name="${by}"] option[data-src]`)];
      const groups = await Promise.all(options.map((o) => load(o.dataset.src!)));
      const keep = new Set(list);
      list = groups.flatMap((g) => g.ordinals.filter((o) => keep.has(o)));
      sources.push(...groups);
    }
    return { list, sources };
  }

  const positions = new Map<string, Map<number, number>>();
  /**
   * The records of `shown`. Where the list has per-value chunks, each record is read from the smallest value
   * file that holds it (its matches sit side by side there); else, and for no value, from the chunk of all.
   */
  async function records(shown: number[], sources: Source[]): Promise<(Card | Row)[]> {
    const candidates = 'valueChunks' in d ? [...sources].sort((a, b) => a.ordinals.length - b.ordinals.length) : [];
    const where = shown.map((o) => {
      for (const c of candidates) {
        let map = positions.get(c.src);
        if (!map) positions.set(c.src, (map = new Map(c.ordinals.map((v, i) => [v, i]))));
        const at = map.get(o);
        if (at !== undefined) return { file: c.src.replace(/\.json$/, `-chunk-${Math.floor(at / chunkSize)}.json`), index: at % chunkSize };
      }
      return { file: d.chunk!.replace('{k}', String(Math.floor(o / chunkSize))), index: o % chunkSize };
    });
    const loaded = new Map(
      await Promise.all([...new Set(where.map((w) => w.file))].map(async (f) => [f, await json<(Card | Row)[]>(f)] as const)),
    );
    return where.map((w) => loaded.get(w.file)![w.index]!);
  }

  /** The dense view: one row per postmortem, the facts a reader compares across incidents in columns (`components/postmortem-table-template.astro`). */
  function cardTable(cards: Card[]): HTMLElement {
    const wrap = cloneFilled(tableTemplate!, { page });
    wrap.querySelector('tbody')!.append(...cards.map((c) => cloneFilled(rowTemplate!, c)));
    return wrap;
  }

  /**
   * Counts per owner over every match (not only the page shown), for the group headings, by where the owner's run of
   * ordinals starts (`ownerStart`).
   */
  async function ownerCounts(
    list: number[],
  ): Promise<{ counts: Map<number, { total: number; overdue: number }>; ownerStart: (o: number) => number }> {
    const overdueSrc = form.querySelector<HTMLInputElement>('input[name="overdue"]')?.dataset.src;
    const overdue = new Set(overdueSrc ? await ordinals(overdueSrc) : []);
    // Each owner's items are one run of ordinals; its option says where the run starts.
    const sortedStarts = [...form.querySelectorAll<HTMLOptionElement>('select[name="owner"] option[data-start]')]
      .map((o) => Number(o.dataset.start))
      .sort((a, b) => a - b);
    const ownerStart = (o: number) => sortedStarts[lastAtMost(sortedStarts, o)]!;
    const out = new Map<number, { total: number; overdue: number }>();
    for (const o of list) {
      const s = ownerStart(o);
      const c = out.get(s) ?? { total: 0, overdue: 0 };
      c.total++;
      if (overdue.has(o)) c.overdue++;
      out.set(s, c);
    }
    return { counts: out, ownerStart };
  }

  const hidden = (text: string) => {
    const s = el('span', undefined, text);
    s.setAttribute('aria-hidden', 'true');
    return s;
  };

  function pager(last: number): HTMLElement | null {
    if (last <= 1) return null;
    const nav = el('nav', 'pagination');
    nav.setAttribute('aria-label', 'Pagination');
    const ul = el('ul');
    const item = (n: number, text: string, rel?: string) => {
      const li = el('li');
      const a = el('a', undefined, text);
      if (!rel) a.prepend(el('span', 'visually-hidden', 'Page '));
      else
        a.replaceChildren(
          ...(rel === 'prev'
            ? [hidden('← '), 'Previous', el('span', 'visually-hidden', ' page')]
            : ['Next', el('span', 'visually-hidden', ' page'), hidden(' →')]),
        );
      a.href = address(n);
      if (rel) a.rel = rel;
      if (n === page && !rel) a.setAttribute('aria-current', 'page');
      a.addEventListener('click', (e) => {
        e.preventDefault();
        page = n;
        history.pushState(null, '', address(page));
        void apply(true);
      });
      li.append(a);
      return li;
    };
    const off = (text: string) => {
      const li = el('li');
      const s = el('span', 'pagination-off', text);
      s.setAttribute('aria-hidden', 'true');
      li.append(s);
      return li;
    };
    ul.append(page > 1 ? item(page - 1, '← Previous', 'prev') : off('← Previous'));
    let gap = false;
    for (let n = 1; n <= last; n++) {
      if (n === 1 || n === last || Math.abs(n - page) <= 2) {
        ul.append(item(n, String(n)));
        gap = false;
      } else if (!gap) {
        const li = el('li');
        const s = el('span', 'pagination-gap', '…');
        s.setAttribute('aria-hidden', 'true');
        li.append(s);
        ul.append(li);
        gap = true;
      }
    }
    ul.append(page < last ? item(page + 1, 'Next →', 'next') : off('Next →'));
    nav.append(ul);
    return nav;
  }

  async function apply(focus = false): Promise<void> {
    const mine = ++run;
    showActive();
    if (!filtering() && page === 1 && view() === 'cards') {
      target.hidden = true;
      target.replaceChildren();
      staticList.hidden = false;
      if (count) {
        const from = (staticPage - 1) * pageSize;
        const shown = staticList.querySelectorAll('[data-item]').length;
        count.textContent =
          shown === total
            ? `Showing all ${total.toLocaleString('en-US')} ${noun}s`
            : `Showing ${(from + 1).toLocaleString('en-US')}–${(from + shown).toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${noun}s`;
      }
      return;
    }
    target.setAttribute('aria-busy', 'true');
    try {
      const { list, sources } = await matches();
      const last = Math.max(1, Math.ceil(list.length / pageSize));
      page = Math.min(page, last);
      const shown = list.slice((page - 1) * pageSize, page * pageSize);
      const got = await records(shown, sources);
      const byOrdinal = new Map(shown.map((o, i) => [o, got[i]!]));
      const record = (o: number) => byOrdinal.get(o)!;
      const owners = isRows ? await ownerCounts(list) : undefined;
      if (mine !== run) return;

      const body: HTMLElement[] = [];
      if (!list.length) body.push(el('p', 'empty', `No ${noun} matches these filters.`));
      else if (!isRows && view() === 'table') body.push(cardTable(shown.map((o) => record(o) as Card)));
      else if (!isRows) {
        const ul = el('ul', 'pm-list');
        // The server's cards, cloned from the template `components/postmortem-card.astro` renders.
        ul.append(...shown.map((o) => cloneFilled(cardTemplate!, record(o))));
        body.push(ul);
      } else {
        // One group per run of the same owner, counted over every match, cloned from the server's templates
        // (`components/owner-group.astro`, `components/action-item-row.astro`).
        const { counts, ownerStart } = owners!;
        const before = list[(page - 1) * pageSize - 1];
        let at = 0;
        while (at < shown.length) {
          const from = at;
          const first = record(shown[at]!) as Row;
          const rows: Row[] = [];
          while (at < shown.length && (record(shown[at]!) as Row).ownerKey === first.ownerKey) rows.push(record(shown[at++]!) as Row);
          const start = ownerStart(shown[from]!);
          const c = counts.get(start)!;
          // As on the static pages: a group the previous page of these results began says so.
          const continued = from === 0 && before !== undefined && ownerStart(before) === start;
          const section = cloneFilled(groupTemplate!, {
            ownerKey: first.ownerKey,
            owner: first.owner,
            count: itemCount(c.total, c.overdue),
            ...(continued ? { continued: 1 } : {}),
          });
          section.querySelector('tbody')!.append(...rows.map((r) => cloneFilled(actionRowTemplate!, r)));
          body.push(section);
        }
      }
      const nav = pager(last);
      if (nav) body.push(nav);
      target.replaceChildren(...body);
      staticList.hidden = true;
      target.hidden = false;
      if (count) {
        const n = (v: number) => v.toLocaleString('en-US');
        const from = (page - 1) * pageSize;
        const range = `${n(from + 1)}–${n(from + shown.length)}`;
        if (list.length <= pageSize)
          count.textContent =
            list.length === total ? `Showing all ${n(total)} ${noun}s` : `Showing ${n(list.length)} of ${n(total)} ${noun}s`;
        else
          count.textContent =
            list.length === total
              ? `Showing ${range} of all ${n(total)} ${noun}s`
              : `Showing ${range} of ${n(list.length)} matching ${noun}s (${n(total)} in all)`;
      }
      if (focus) {
        target.tabIndex = -1;
        target.focus();
      }
    } catch (error) {
      if (mine !== run) return;
      if (count) count.textContent = `The filters could not load (${(error as Error).message}). The pages below list every ${noun}.`;
      target.hidden = true;
      staticList.hidden = false;
    } finally {
      if (mine === run) target.removeAttribute('aria-busy');
    }
  }

  const changed = (event?: Event) => {
    if (event?.target instanceof HTMLInputElement && event.target.name === 'view') storeView(view());
    page = 1;
    history.replaceState(null, '', address(1));
    void apply();
  };
  form.addEventListener('change', changed);
  toggle?.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    form.toggleAttribute('data-open', open);
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(() => changed()));
  addEventListener('popstate', () => {
    fromAddress();
    void apply();
  });
  fromAddress();
  form.hidden = false;
  void apply();
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-catalog]')) enhance(form);
