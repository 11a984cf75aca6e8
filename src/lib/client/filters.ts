/**
 * Client-side filtering and sorting of a server-rendered list, without a
 * reload. The page is complete without it: the form is `hidden` until this
 * runs, and every item is in the HTML.
 *
 * Markup contract:
 * - `form[data-filters]` with `data-target` (id of the list container) and
 *   `data-noun` ("postmortem"); its named `select`s and checkboxes filter,
 *   a `select[name="sort"]` sorts (option values `key:asc|desc`, one or more
 *   separated by spaces, read from `data-sort-<key>` numbers on items).
 * - items `[data-filter-item]` carry `data-<name>` attributes; a value matches
 *   when it is one of the space-separated words of the attribute.
 * - optional groups `[data-filter-group]` (hidden when empty) with a
 *   `[data-group-count]` kept up to date ("3 items, 1 overdue").
 * - `[data-filter-count]` in the form says how many are shown; `[data-filter-empty]`
 *   in the target shows when none is.
 */
import { itemCount } from '../format.ts';

type Control = HTMLSelectElement | HTMLInputElement;

function valueOf(control: Control): string {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') return control.checked ? control.value : '';
  return control.value;
}

function sortItems(items: HTMLElement[], spec: string): void {
  const keys = spec.split(' ').map((part) => {
    const [key, dir] = part.split(':');
    const attr = `sort${key!.charAt(0).toUpperCase()}${key!.slice(1)}`;
    return { attr, sign: dir === 'desc' ? -1 : 1 };
  });
  const sorted = [...items].sort((a, b) => {
    for (const { attr, sign } of keys) {
      const d = Number(a.dataset[attr]) - Number(b.dataset[attr]);
      if (d) return d * sign;
    }
    return 0;
  });
  // Re-append in order within each parent (items may sit in several groups).
  for (const item of sorted) item.parentElement!.append(item);
}

export function enhanceFilters(form: HTMLFormElement): void {
  const target = document.getElementById(form.dataset.target!);
  if (!target) return;
  const items = [...target.querySelectorAll<HTMLElement>('[data-filter-item]')];
  const groups = [...target.querySelectorAll<HTMLElement>('[data-filter-group]')];
  const empty = target.querySelector<HTMLElement>('[data-filter-empty]');
  const count = form.querySelector<HTMLElement>('[data-filter-count]');
  const noun = form.dataset.noun ?? 'item';
  const controls = [...form.querySelectorAll<Control>('select[name], input[name]')];
  const sort = controls.find((c) => c.name === 'sort');
  const filters = controls.filter((c) => c !== sort);
  const defaults = new Map(controls.map((c) => [c, c instanceof HTMLSelectElement ? (c.querySelector('option[selected]') as HTMLOptionElement | null)?.value ?? c.options[0]?.value ?? '' : '']));

  const params = new URLSearchParams(location.search);
  for (const control of controls) {
    const wanted = params.get(control.name);
    if (wanted === null) continue;
    if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = wanted === control.value;
    else if (control instanceof HTMLSelectElement && [...control.options].some((o) => o.value === wanted)) control.value = wanted;
  }

  function apply(): void {
    const active = filters.map((c) => [c.name, valueOf(c)] as const).filter(([, v]) => v !== '');
    let visible = 0;
    for (const item of items) {
      const show = active.every(([name, value]) => (item.dataset[name] ?? '').split(' ').includes(value));
      item.hidden = !show;
      if (show) visible++;
    }
    for (const group of groups) {
      const shown = [...group.querySelectorAll<HTMLElement>('[data-filter-item]')].filter((i) => !i.hidden);
      group.hidden = shown.length === 0;
      const label = group.querySelector<HTMLElement>('[data-group-count]');
      if (label) label.textContent = itemCount(shown.length, shown.filter((i) => i.dataset.overdue === 'yes').length);
    }
    if (sort) sortItems(items, sort.value);
    if (empty) empty.hidden = visible > 0;
    if (count) count.textContent = visible === items.length ? `Showing all ${items.length} ${noun}s` : `Showing ${visible} of ${items.length} ${noun}s`;

    const next = new URLSearchParams();
    for (const control of controls) {
      const value = valueOf(control);
      if (value !== defaults.get(control)) next.set(control.name, value);
    }
    const query = next.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }

  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(apply));
  form.hidden = false;
  apply();
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-filters]')) enhanceFilters(form);
