/**
 * The writing page (`/write/`): a form for the frontmatter and a text box for the body make one file, written by the
 * same functions `postmortems new` writes with (`cli/scaffold.ts`); the rules `check` runs check it on every change,
 * in a worker (`write-worker.ts`), and the build's renderer previews it. The draft stays in this browser
 * (localStorage) until the author starts over. The file leaves only when the author opens the repository host's
 * new-file page (`lib/new-file-url.ts`), copies it or downloads it.
 */
// First: no schema may be created before zod is told not to try eval.
import './zod-without-eval.ts';
import type { PostmortemConfig } from '../../core/config.ts';
import type { LintMessage } from '../../core/messages.ts';
import { list } from '../../core/prompts.ts';
import { slugify } from '../../core/utils/text.ts';
import { isIsoDate, isIsoDateTimeWithOffset, localDate } from '../../core/utils/time.ts';
import { joinFile, scaffoldBody, scaffoldFrontmatter, type ScaffoldActionItem, type ScaffoldInput } from '../../cli/scaffold.ts';
import { newFileLink, newFileTemplate, type RepositoryLink } from '../new-file-url.ts';
import { fieldAt } from './frontmatter-fields.ts';
import { checkPreview } from './write-preview.ts';
import type { WorkerCheck, WorkerInit, WorkerMessage, WorkerOutOfTime, WorkerPreview, WorkerResult } from './write-worker.ts';
import { DEFAULT_FILE_TIME_LIMIT } from '../../core/file-problems.ts';

interface PageData {
  config: PostmortemConfig;
  postmortems: [string, string][];
}

/** What is kept in localStorage: every field as typed, the rows, the body, and whether the author took over the body and slug. */
interface Draft {
  version: 1;
  fields: Record<string, string>;
  factors: Record<string, string>[];
  actionItems: Record<string, string>[];
  body: string;
  /** The body as last scaffolded: while the body is still this, a change of kind or start scaffolds it again. */
  scaffolded: string;
  slugEdited: boolean;
}

const form = document.querySelector<HTMLFormElement>('form[data-write]');
if (form) void start(form);

async function start(form: HTMLFormElement): Promise<void> {
  const $ = <T extends Element>(selector: string) => form.ownerDocument.querySelector<T>(selector)!;
  const status = $<HTMLElement>('[data-write-status]');
  const problems = $<HTMLOListElement>('[data-write-problems]');
  const summary = $<HTMLElement>('[data-write-summary]');
  const report = $<HTMLElement>('[data-write-report]');
  const previewHost = $<HTMLElement>('[data-write-preview]');
  const previewNote = $<HTMLElement>('[data-write-preview-note]');
  const openLink = form.ownerDocument.querySelector<HTMLAnchorElement>('[data-write-open]');
  const openNote = form.ownerDocument.querySelector<HTMLElement>('[data-write-open-note]');
  const fileName = $<HTMLElement>('[data-write-file]');
  const fileText = $<HTMLTextAreaElement>('[data-write-text]');
  const body = form.elements.namedItem('body') as HTMLTextAreaElement;
  const slug = form.elements.namedItem('slug') as HTMLInputElement;
  const storageKey = `astro-postmortems:write:${form.dataset['base'] ?? '/'}`;
  const repository: RepositoryLink | undefined = form.dataset['repository']
    ? (JSON.parse(form.dataset['repository']) as RepositoryLink)
    : undefined;

  const say = (text: string) => (status.textContent = text);
  let data: PageData;
  try {
    const response = await fetch(form.dataset['data']!);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    data = (await response.json()) as PageData;
  } catch (error) {
    say(`The page could not load the site's configuration (${(error as Error).message}); reload to try again.`);
    return;
  }
  const { config } = data;

  // The preview lives in a shadow root: its ids, headings and styles cannot reach the page around it.
  const shadow = previewHost.attachShadow({ mode: 'open' });
  for (const sheet of form.ownerDocument.querySelectorAll('link[rel="stylesheet"], style')) shadow.append(sheet.cloneNode(true));
  const article = form.ownerDocument.createElement('div');
  article.className = 'prose';
  shadow.append(article);

  const rows = {
    factors: setUpRows(form, 'factors', () => schedule()),
    actionItems: setUpRows(form, 'actionItems', () => schedule()),
  };

  // The draft, or a fresh one: now, in this browser's offset, as `new` defaults to now.
  const saved = readDraft(storageKey);
  if (saved) {
    restoreFields(form, saved.fields);
    rows.factors.restore(saved.factors);
    rows.actionItems.restore(saved.actionItems);
  } else {
    const now = new Date();
    setValue(form, 'incident.started', localInput(now));
    setValue(form, 'offset', offsetOf(now));
  }
  let scaffolded = saved?.scaffolded ?? '';
  let slugEdited = saved?.slugEdited ?? false;
  body.value = saved?.body ?? '';
  if (!saved) {
    scaffolded = scaffoldBody(readInput(form, rows), config);
    body.value = scaffolded;
  }
  if (saved) say('Your draft from this browser is back. “Start over” clears it.');

  slug.addEventListener('input', () => (slugEdited = slug.value !== ''));

  // One script, two instances: the checker answers every keystroke; the previewer renders what the checker has
  // answered for, so a keystroke's rules never wait behind a preview (write-worker.ts).
  let seq = 0;
  let shown = 0;
  let previewed = 0;
  let current = { path: '', text: '' };
  /** The text each check was sent with, until its result arrives and the previewer gets it. */
  const sent = new Map<number, WorkerCheck>();
  const workers = { check: startWorker('check'), preview: startWorker('preview') };
  // The checker's time limit for one text, as `check`'s for one file (time-limit.ts): a text that makes a rule
  // run longer gets `file/time-limit` from a fresh checker, instead of a checker that never answers again.
  const limitMs = DEFAULT_FILE_TIME_LIMIT * 1000;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let outOfTime: WorkerOutOfTime | undefined;

  function startWorker(role: WorkerInit['role']): { worker: Worker; ready: boolean } {
    const state = { worker: new Worker(new URL('./write-worker.ts', import.meta.url), { type: 'module' }), ready: false };
    state.worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (role === 'check') {
        summary.textContent = 'The checker could not start in this browser. The file is still checked on the pull request.';
        form!.dataset['checker'] = 'failed';
      } else previewNote.textContent = 'The preview could not start in this browser.';
    });
    state.worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.type === 'ready') {
        state.ready = true;
        state.worker.postMessage({ type: 'init', role, config, postmortems: data.postmortems } satisfies WorkerInit);
        if (role === 'check') {
          if (outOfTime) {
            state.worker.postMessage(outOfTime);
            // A newer text sent to the stopped checker was never answered: this one checks it.
            if (seq > outOfTime.seq) posted = '';
            outOfTime = undefined;
          }
          post();
        } else if (shown) previewText(shown);
      } else if (message.type === 'checking') {
        clearTimeout(deadline);
        if (message.running) deadline = setTimeout(() => stopChecker(message.seq), limitMs);
      } else if (message.type === 'result') {
        clearTimeout(deadline);
        if (message.seq < shown) return;
        shown = message.seq;
        show(message);
        previewText(message.seq);
      } else if (message.type === 'preview' && message.seq >= previewed) {
        previewed = message.seq;
        showPreview(message);
      }
    });
    return state;
  }

  /**
   * Stops a checker that has spent the whole limit on text `n` (its state is not trusted again, as in `check`) and
   * starts a fresh one, which reports `file/time-limit` for that text and then checks the newest text, if newer;
   * the text that ran out is not previewed, and not sent again until it changes.
   */
  function stopChecker(n: number): void {
    void workers.check.worker.terminate();
    outOfTime = { type: 'out-of-time', seq: n, path: sent.get(n)?.path ?? current.path, limitMs };
    sent.delete(n);
    workers.check = startWorker('check');
  }

  /** Hands the text checked as `n` to the previewer (older texts are dropped: only the newest is worth drawing). */
  function previewText(n: number): void {
    const job = sent.get(n);
    for (const k of sent.keys()) if (k < n) sent.delete(k);
    if (job && workers.preview.ready) workers.preview.worker.postMessage(job);
  }

  /** Rebuilds the file from the form, saves the draft and sends the file to the checker. */
  function update(): void {
    const input = readInput(form, rows);
    if (!slugEdited) slug.value = slugify(input.title);
    // The body follows the form until the author writes in it.
    if (body.value === scaffolded) {
      scaffolded = scaffoldBody(input, config);
      body.value = scaffolded;
    }
    const name = `${isIsoDateTimeWithOffset(input.started) ? localDate(input.started) : 'YYYY-MM-DD'}-${slug.value || 'slug'}.mdx`;
    current = { path: `postmortems/${name}`, text: joinFile(scaffoldFrontmatter(input, Object.keys(config.factorCategories)), body.value) };
    // The checker first: the rest of this (the draft, the link) runs while it works.
    post();
    fileName.textContent = current.path;
    fileText.value = current.text;
    writeDraft(storageKey, {
      version: 1,
      fields: readFields(form),
      factors: rows.factors.values(),
      actionItems: rows.actionItems.values(),
      body: body.value,
      scaffolded,
      slugEdited,
    });
    if (repository && openLink && openNote) {
      const link = newFileLink(newFileTemplate(repository), repository, name, current.text);
      openLink.href = link.href;
      openLink.dataset['withContent'] = String(link.withContent);
      openNote.textContent = link.withContent
        ? 'Opens the new-file page with the name and the text filled in.'
        : link.reason === 'too-long'
          ? `The text (${current.text.length.toLocaleString('en-US')} characters) is too long for a link: it is copied to your clipboard, and the page opens with the name. Paste it into the editor there.`
          : 'The host does not take the text in a link: it is copied to your clipboard, and the page opens with the name. Paste it into the editor there.';
    }
  }

  let posted = '';
  function post(): void {
    // A change that leaves the file as it was (a field left after typing fires `change`) has nothing new to check.
    if (!workers.check.ready) return;
    const key = `${current.path}\n${current.text}`;
    if (posted === key) {
      lastInput = undefined;
      return;
    }
    posted = key;
    // From the keystroke (or change) that led here, to the messages shown: the figure the benchmark reports.
    performance.mark(`write:input:${++seq}`, { startTime: lastInput ?? performance.now() });
    lastInput = undefined;
    const job: WorkerCheck = { type: 'check', seq, path: current.path, text: current.text, today: new Date().toISOString().slice(0, 10) };
    sent.set(seq, job);
    workers.check.worker.postMessage(job);
  }

  function show(result: WorkerResult): void {
    const errors = result.messages.filter((m) => m.severity === 'error').length;
    const warnings = result.messages.length - errors;
    summary.textContent = result.messages.length
      ? `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`
      : 'No problems: check accepts this file.';
    form.dataset['errors'] = String(errors);
    report.textContent = result.report;
    problems.replaceChildren(...result.messages.map((m) => problemItem(m)));
    performance.mark(`write:shown:${result.seq}`);
    performance.measure(`write:update:${result.seq}`, `write:input:${result.seq}`, `write:shown:${result.seq}`);
    form.dataset['checkMs'] = result.checkMs.toFixed(1);
    form.dataset['checked'] = String(result.seq);
  }

  function showPreview(result: WorkerPreview): void {
    const preview = result.html === undefined ? undefined : checkPreview(result.html, config);
    if (preview?.ok) {
      // A code block wider than the preview scrolls: reachable by keyboard, as the site's highlighted blocks are.
      for (const pre of preview.fragment.querySelectorAll('pre')) pre.tabIndex = 0;
      article.replaceChildren(preview.fragment);
      previewNote.textContent = '';
    } else {
      previewNote.textContent = `Preview stopped: ${preview && !preview.ok ? preview.problem : result.problem}`;
    }
    form.dataset['previewed'] = String(result.seq);
  }

  function problemItem(m: LintMessage): HTMLLIElement {
    const item = form.ownerDocument.createElement('li');
    item.className = `write-problem write-problem-${m.severity}`;
    const go = form.ownerDocument.createElement('button');
    go.type = 'button';
    go.className = 'write-go';
    go.textContent = `Line ${m.line}, column ${m.column}`;
    go.addEventListener('click', () => goTo(m));
    const text = form.ownerDocument.createElement('span');
    text.textContent = ` ${m.severity}: ${m.message} `;
    const rule = form.ownerDocument.createElement('code');
    rule.textContent = m.rule;
    item.append(go, text, rule);
    return item;
  }

  /** Puts the cursor where a message points: the form field on that line of the frontmatter, or the place in the body. */
  function goTo(m: LintMessage): void {
    const frontmatter = current.text.slice(0, current.text.length - body.value.length);
    const frontmatterLines = frontmatter.split('\n').length - 1;
    if (m.line > frontmatterLines) {
      const lines = body.value.split('\n');
      const line = Math.min(m.line - frontmatterLines, lines.length);
      const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + m.column - 1;
      body.focus();
      body.setSelectionRange(offset, offset);
      return;
    }
    const field = fieldAt(frontmatter.split('\n'), m.line - 1);
    const target = field ? form.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`) : null;
    (target ?? form.querySelector<HTMLElement>('[data-field]'))?.focus();
  }

  // Without a configured repository the page has no new-file link (download and copy remain).
  openLink?.addEventListener('click', () => {
    if (openLink.dataset['withContent'] !== 'true')
      void copy(current.text, 'The file is on your clipboard: paste it into the editor on the page that opened.');
  });
  $('[data-write-copy]').addEventListener('click', () => void copy(current.text, 'Copied the file to your clipboard.'));
  $('[data-write-download]').addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([current.text], { type: 'text/markdown;charset=utf-8' }));
    const a = form.ownerDocument.createElement('a');
    a.href = url;
    a.download = current.path.slice(current.path.lastIndexOf('/') + 1);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(`Downloaded ${a.download}. Add it to the repository's postmortems/ folder.`);
  });
  $('[data-write-reset]').addEventListener('click', () => {
    if (!confirm('Start over? The draft kept in this browser is deleted.')) return;
    localStorage.removeItem(storageKey);
    form.reset();
    rows.factors.restore([]);
    rows.actionItems.restore([]);
    const now = new Date();
    setValue(form, 'incident.started', localInput(now));
    setValue(form, 'offset', offsetOf(now));
    slugEdited = false;
    scaffolded = scaffoldBody(readInput(form, rows), config);
    body.value = scaffolded;
    update();
    say('Started over.');
  });

  async function copy(text: string, done: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      say(done);
    } catch {
      say('The browser did not allow copying: use “Download .mdx”, or open “The file as it will be added” below and copy its text.');
    }
  }

  let queued = false;
  let lastInput: number | undefined;
  // Once per task, not per frame: waiting for the next frame would add up to a frame (more on a busy machine) to every
  // keystroke's messages, and a keystroke is its own task anyway.
  function schedule(event?: Event): void {
    if (event?.type === 'input' && lastInput === undefined) lastInput = event.timeStamp;
    if (!queued) {
      queued = true;
      queueMicrotask(() => ((queued = false), update()));
    }
  }
  form.addEventListener('input', (event) => schedule(event));
  form.addEventListener('change', () => schedule());
  form.addEventListener('submit', (event) => event.preventDefault());
  form.dataset['ready'] = 'true';
  update();
}

interface Rows {
  values(): Record<string, string>[];
  restore(values: readonly Record<string, string>[]): void;
}

/** A list of repeated fieldsets (factors, action items) built from a `<template>`, each with a remove button. */
function setUpRows(form: HTMLFormElement, name: string, changed: () => void): Rows {
  const container = form.querySelector<HTMLElement>(`[data-rows="${name}"]`)!;
  const template = form.querySelector<HTMLTemplateElement>(`template[data-row="${name}"]`)!;
  const add = form.querySelector<HTMLButtonElement>(`[data-add="${name}"]`)!;
  const renumber = () => {
    [...container.children].forEach((row, i) => {
      row.querySelector('legend')!.textContent = `${row.getAttribute('data-label')} ${i + 1}`;
      for (const control of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-key]')) {
        const key = control.dataset['key']!;
        control.id = `w-${name}-${i}-${key}`;
        control.dataset['field'] = `${name === 'factors' ? 'contributingFactors' : name}.${i}.${key}`;
        const label = row.querySelector<HTMLLabelElement>(`label[data-for="${key}"]`);
        if (label) label.htmlFor = control.id;
      }
    });
  };
  const append = (values: Record<string, string> = {}) => {
    const row = (template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
    for (const control of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-key]')) {
      const value = values[control.dataset['key']!];
      if (value !== undefined) control.value = value;
    }
    row.querySelector('[data-remove]')!.addEventListener('click', () => {
      const next = (row.nextElementSibling ?? row.previousElementSibling) as HTMLElement | null;
      row.remove();
      renumber();
      (next?.querySelector<HTMLElement>('[data-key]') ?? add).focus();
      changed();
    });
    container.append(row);
    renumber();
    return row;
  };
  add.addEventListener('click', () => {
    append().querySelector<HTMLElement>('[data-key]')?.focus();
    changed();
  });
  return {
    values: () =>
      [...container.children].map((row) =>
        Object.fromEntries(
          [...row.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-key]')].map((c) => [c.dataset['key']!, c.value]),
        ),
      ),
    restore(values) {
      container.replaceChildren();
      values.forEach((v) => append(v));
    },
  };
}

const control = (form: HTMLFormElement, name: string) =>
  form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | RadioNodeList | null;

function value(form: HTMLFormElement, name: string): string {
  const c = control(form, name);
  return c ? c.value.trim() : '';
}

function setValue(form: HTMLFormElement, name: string, v: string): void {
  const c = control(form, name);
  if (c) c.value = v;
}

/** Every named control but the body, as typed. */
function readFields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const element of form.elements) {
    const c = element as HTMLInputElement;
    if (!c.name || c.name === 'body' || c.closest('[data-rows]')) continue;
    if (c.type === 'radio' && !c.checked) continue;
    out[c.name] = c.value;
  }
  return out;
}

function restoreFields(form: HTMLFormElement, fields: Record<string, string>): void {
  for (const [name, v] of Object.entries(fields)) if (typeof v === 'string') setValue(form, name, v);
}

/** `YYYY-MM-DDTHH:MM` in this browser's time, what `<input type="datetime-local">` holds. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** This browser's UTC offset at `date`, as the form's offset choices write it (`Z`, `+05:30`). */
function offsetOf(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  if (minutes === 0) return 'Z';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A `datetime-local` value and the chosen offset as ISO 8601; anything else is passed on as typed, for the rules to report. */
function isoTime(local: string, offset: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(local)) return local;
  return `${local.length === 16 ? `${local}:00` : local}${offset || 'Z'}`;
}

/** The form as the scaffold's input. */
function readInput(form: HTMLFormElement, rows: { factors: Rows; actionItems: Rows }): ScaffoldInput {
  const v = (name: string) => value(form, name);
  const offset = v('offset');
  const time = (name: string) => (v(name) ? isoTime(v(name), offset) : undefined);
  const yesNo = (name: string) => (v(name) === 'yes' ? true : v(name) === 'no' ? false : undefined);
  const users = v('impact.usersAffected');
  const input: ScaffoldInput = {
    title: v('title'),
    severity: v('severity'),
    kind: v('kind') === 'near-miss' ? 'near-miss' : 'incident',
    status: (v('status') || 'draft') as ScaffoldInput['status'] & string,
    services: list([v('services')]),
    authors: list([v('authors')]),
    started: isoTime(v('incident.started'), offset),
    tags: list([v('tags')]),
    related: list([v('related')]),
    factors: rows.factors
      .values()
      .filter((f) => f['category'] || f['description'])
      .map((f) => ({ category: f['category'] ?? '', description: (f['description'] ?? '').trim() })),
    actionItems: rows.actionItems
      .values()
      .filter((a) => Object.values(a).some((x) => x.trim() && !['open'].includes(x)))
      .map((a): ScaffoldActionItem => ({
        title: (a['title'] ?? '').trim(),
        owner: (a['owner'] ?? '').trim(),
        due: a['due'] ?? '',
        ...(a['type'] ? { type: a['type'] } : {}),
        ...(a['status'] ? { status: a['status'] } : {}),
        ...(a['link']?.trim() ? { link: a['link'].trim() } : {}),
      })),
  };
  const optional: { [K in keyof ScaffoldInput]?: ScaffoldInput[K] | undefined } = {
    summary: v('summary') || undefined,
    detected: time('incident.detected'),
    mitigated: time('incident.mitigated'),
    resolved: time('incident.resolved'),
    impact: {
      ...(users !== '' && /^\d+$/.test(users) ? { usersAffected: Number(users) } : {}),
      ...(v('impact.financial') ? { financial: v('impact.financial') } : {}),
      ...(yesNo('impact.sloBreached') !== undefined ? { sloBreached: yesNo('impact.sloBreached')! } : {}),
      ...(yesNo('impact.dataLoss') !== undefined ? { dataLoss: yesNo('impact.dataLoss')! } : {}),
    },
    review: {
      ...(v('review.date') && isIsoDate(v('review.date')) ? { date: v('review.date') } : {}),
      ...(v('review.facilitator') ? { facilitator: v('review.facilitator') } : {}),
    },
  };
  for (const [key, val] of Object.entries(optional)) if (val !== undefined) (input as unknown as Record<string, unknown>)[key] = val;
  return input;
}

function readDraft(key: string): Draft | undefined {
  try {
    const text = localStorage.getItem(key);
    const draft = text ? (JSON.parse(text) as Draft) : undefined;
    return draft?.version === 1 && typeof draft.body === 'string' && draft.fields && typeof draft.fields === 'object'
      ? { ...draft, factors: draft.factors ?? [], actionItems: draft.actionItems ?? [] }
      : undefined;
  } catch {
    return undefined;
  }
}

function writeDraft(key: string, draft: Draft): void {
  try {
    localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or refused (private mode): the page still works; the draft is not kept.
  }
}
