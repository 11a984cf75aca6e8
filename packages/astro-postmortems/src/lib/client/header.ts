/**
 * What every page runs: the theme toggle and opening search with the header
 * link, `/` or Ctrl+K (⌘K). The search itself is a separate chunk, fetched
 * the first time search is opened.
 */

const root = document.documentElement;
const dark = matchMedia('(prefers-color-scheme: dark)');

function effectiveTheme(): 'light' | 'dark' {
  const chosen = root.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return dark.matches ? 'dark' : 'light';
}

function labelToggle(button: HTMLButtonElement): void {
  const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
  button.setAttribute('aria-label', `Switch to ${next} theme`);
  button.title = `Switch to ${next} theme`;
  button.dataset.current = effectiveTheme();
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
  button.hidden = false;
  labelToggle(button);
  dark.addEventListener('change', () => labelToggle(button));
  button.addEventListener('click', () => {
    const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
    const system = dark.matches ? 'dark' : 'light';
    // Choosing what the system already says means "follow the system" again.
    try {
      if (next === system) localStorage.removeItem('theme');
      else localStorage.setItem('theme', next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    if (next === system) delete root.dataset.theme;
    else root.dataset.theme = next;
    labelToggle(button);
  });
}

const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
const pagePanel = document.querySelector<HTMLElement>('[data-search-page] [data-search-panel]');

/** Where focus goes back when search closes: what had it, or the search button when nothing did (opened with `/`). */
let searchOpener: HTMLElement | null = null;

async function openSearch(): Promise<void> {
  const panel = pagePanel ?? dialog?.querySelector<HTMLElement>('[data-search-panel]');
  if (!panel) return;
  if (!pagePanel && dialog && !dialog.open) {
    const had = document.activeElement;
    searchOpener = had instanceof HTMLElement && had !== document.body && !dialog.contains(had) ? had : null;
    dialog.showModal();
  }
  panel.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
  const { mountSearch } = await import('./search.ts');
  await mountSearch(panel);
}

for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-search-open]')) {
  link.addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    void openSearch();
  });
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

document.addEventListener('keydown', (event) => {
  const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target);
  const modK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey;
  if (!slash && !modK) return;
  event.preventDefault();
  void openSearch();
});

dialog?.addEventListener('keydown', (event) => {
  // Escape closes search even from the search field (where it would only clear the text).
  if (event.key === 'Escape') {
    event.preventDefault();
    dialog.close();
  }
});

dialog?.addEventListener('close', () => {
  // The browser gives focus back to what had it before the dialog opened: the page itself when search was opened
  // with a key from nowhere in particular. Then the search button takes it, where a keyboard user expects it.
  const back = searchOpener?.isConnected
    ? searchOpener
    : [...document.querySelectorAll<HTMLElement>('[data-search-open]')].find((e) => e.checkVisibility());
  searchOpener = null;
  back?.focus();
});

dialog?.addEventListener('click', (event) => {
  // A click on the backdrop (the dialog box itself, outside its content) closes it.
  if (event.target === dialog) dialog.close();
});

if (pagePanel) void import('./search.ts').then(({ mountSearch }) => mountSearch(pagePanel));
