/**
 * Phase 5 of the import, `readActionItems`: the items of the Action Items
 * section, from tables with a recognisable title column, from lists (task
 * lists, numbered and bulleted, grouped under sub-headings that give their
 * type) and, in a section with neither, from paragraphs that commit to
 * something ("will", "should", "(fixed by …)").
 *
 * - One list item is one action item; what is nested under it (sub-bullets,
 *   paragraphs, images) is its description, never more items.
 * - State from the markers people write: checked task boxes, `DONE`,
 *   "(done)", "(Completed)", "_done in grafana_", ✅, strikethrough, "(fixed
 *   by …)", "(added …)" → done; "(in progress)", WIP → in-progress; "won't
 *   do", cancelled → wont-do; an unchecked box → open. No marker: no state.
 * - Owners only as whole words: `Owner: …`, `@handle`, "Daniel to
 *   investigate…"; never from inside a word ("Product Owners", "drills").
 * - Lists under a lessons heading ("What went wrong") in the section are
 *   lessons, not items.
 */
import type { Heading, List, ListItem, Paragraph, PhrasingContent, RootContent, Table, TableRow } from 'mdast';
import type { PostmortemConfig } from '../core/config.ts';
import { ACTION_ITEM_TYPES } from '../core/frontmatter-schema.ts';
import { bestSection } from '../core/section-names.ts';
import { toString, walk } from '../core/utils/mdast.ts';
import { isTrackerId } from '../core/utils/tracker.ts';
import { firstDay } from './dates.ts';

export type ItemState = 'open' | 'in-progress' | 'done' | 'wont-do';

export interface ImportedItem {
  title: string;
  description?: string;
  owner?: string;
  due?: string;
  status?: ItemState;
  /** The marker the state was read from, for the report. */
  statusFrom?: string;
  type?: string;
  link?: string;
  /** A ticket id that cannot be a link without a tracker. */
  ticket?: string;
  from: string;
}

const ITEM_STATUS: [RegExp, ItemState][] = [
  [/\b(?:won'?t\s*(?:do|fix)|wontfix|cancel+ed|rejected|dropped|not\s+planned|abandoned)\b/i, 'wont-do'],
  [/\b(?:in[\s-]*progress|started|ongoing|wip|doing|in\s+review|underway)\b/i, 'in-progress'],
  [/\b(?:done|complete|completed|closed|fixed|resolved|finished|shipped|implemented|merged|deployed)\b|✅|✔/i, 'done'],
  [/\b(?:open|todo|to\s*do|not\s+started|new|planned|backlog|pending|proposed)\b/i, 'open'],
];

export function mapItemStatus(text: string): ItemState | undefined {
  return ITEM_STATUS.find(([re]) => re.test(text))?.[1];
}

export function mapItemType(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if ((ACTION_ITEM_TYPES as readonly string[]).includes(t)) return t;
  if (/\b(?:prevent(?:ion|ive|ative)?|repair|fix|technical|code|configuration|infra(?:structure)?)\b/.test(t)) return 'prevent';
  if (/\b(?:detect(?:ion)?|monitor(?:ing)?|alert(?:ing)?|observability)\b/.test(t)) return 'detect';
  if (/\b(?:mitigat(?:e|ion)|recover(?:y)?)\b/.test(t)) return 'mitigate';
  if (/\b(?:process|procedure|documentation|training|policy|communication)\b/.test(t)) return 'process';
  return undefined;
}

type Column = 'title' | 'owner' | 'due' | 'status' | 'type' | 'link';

function column(header: string): Column | undefined {
  const h = header.trim().toLowerCase().replace(/[*_:]/g, '');
  if (/^(?:action(?:\s+items?)?|items?|tasks?|description|title|what|follow[\s-]?ups?|remediation|todo|to do)$/.test(h)) return 'title';
  if (/^(?:owners?|assignees?|assigned(?:\s+to)?|who|responsible|dri|team)$/.test(h)) return 'owner';
  if (/^(?:due(?:\s+date)?|deadline|target(?:\s+date)?|eta|by\s+when|when)$/.test(h)) return 'due';
  if (/^(?:status|state|done|progress)$/.test(h)) return 'status';
  if (/^(?:type|kind|category)$/.test(h)) return 'type';
  if (/^(?:bug|ticket|jira|issue|link|tracker|tracking|ref(?:erence)?|url|pr)$/.test(h)) return 'link';
  return undefined;
}

function firstUrl(node: RootContent | PhrasingContent | TableRow | ListItem | undefined): string | undefined {
  if (!node) return undefined;
  for (const n of walk(node)) {
    const url = n.type === 'link' ? (n as unknown as { url: string }).url : '';
    if (/^https?:\/\//i.test(url)) return url;
  }
  const bare = /https?:\/\/[^\s)>\]]+/.exec(toString(node));
  return bare?.[0];
}

function assignLink(item: ImportedItem, url: string | undefined, text: string, config: PostmortemConfig): void {
  if (url) {
    item.link = url;
    return;
  }
  const id = /\b[A-Z][A-Z0-9]+-\d+\b/.exec(text)?.[0];
  if (!id) return;
  if (isTrackerId(id, config.tracker)) item.link = id;
  else item.ticket = id;
}

function itemsFromTable(table: Table, config: PostmortemConfig, type: string | undefined): ImportedItem[] | undefined {
  const [header, ...rows] = table.children;
  if (!header) return undefined;
  const columns = header.children.map((c) => column(toString(c)));
  if (!columns.includes('title')) return undefined;
  const items: ImportedItem[] = [];
  for (const row of rows) {
    const get = (c: Column) => {
      const i = columns.indexOf(c);
      return i < 0 || !row.children[i] ? '' : toString(row.children[i]!).trim();
    };
    const title = get('title');
    if (!title) continue;
    const item: ImportedItem = { title, from: `source line ${row.position?.start.line ?? '?'} (table row)` };
    const owner = get('owner');
    if (owner) item.owner = owner.replace(/^@/, '');
    const due = firstDay(get('due'));
    if (due) item.due = due;
    const status = get('status') && mapItemStatus(get('status'));
    if (status) {
      item.status = status;
      item.statusFrom = `the status column (\`${get('status')}\`)`;
    }
    const t = (get('type') && mapItemType(get('type'))) || type;
    if (t) item.type = t;
    const li = columns.indexOf('link');
    assignLink(
      item,
      li >= 0 ? firstUrl(row.children[li]) : firstUrl(row.children[columns.indexOf('title')]),
      li >= 0 ? get('link') : title,
      config,
    );
    items.push(item);
  }
  return items;
}

/** Markers of state written in an item: returns the state and the item's text without the marker. */
function stateMarker(first: Paragraph, text: string): { state?: ItemState; marker?: string; text: string } {
  // Strikethrough over most of the item: done.
  const struck = first.children
    .filter((c) => c.type === 'delete')
    .map((c) => toString(c))
    .join('');
  if (struck && struck.length >= text.replace(/\s+/g, '').length * 0.5) return { state: 'done', marker: 'strikethrough', text };
  // A bold or emphasised marker: **DONE**, _done in grafana_, *(in progress)*.
  for (const c of first.children) {
    if (c.type !== 'strong' && c.type !== 'emphasis') continue;
    const t = toString(c).trim();
    if (/^\(?\s*(?:done|completed?|fixed|finished)\b/i.test(t) && t.length < 40)
      return { state: 'done', marker: `\`${t}\``, text: text.replace(t, '').trim() };
    if (/^\(?\s*(?:in[\s-]progress|wip|ongoing)\b/i.test(t) && t.length < 40)
      return { state: 'in-progress', marker: `\`${t}\``, text: text.replace(t, '').trim() };
    if (/^\(?\s*(?:won'?t do|cancel+ed|abandoned|dropped)\b/i.test(t) && t.length < 40)
      return { state: 'wont-do', marker: `\`${t}\``, text: text.replace(t, '').trim() };
  }
  const patterns: [RegExp, ItemState][] = [
    [/(?<!\s)\s*\(\s*(?:done|completed?|finished|fixed)\s*\)\s*\.?/i, 'done'],
    [/^\s*\[?(?:done|completed?)\]?\s*[:–—-]\s*/i, 'done'],
    [/(?<!\s)\s*[:–—-]\s*(?:done|completed?)(?:\s*\.)?\s*$/i, 'done'],
    [/(?<!\s)\s*(?:✅|✔️?|☑️?)\s*/, 'done'],
    [/(?<!\s)\s*\((?:fixed|added|done|completed|implemented|deployed|merged|created)\b[^()]*\)\s*\.?/i, 'done'],
    [/(?<!\s)\s*\(\s*(?:in[\s-]progress|wip|ongoing|started)\s*\)\s*\.?/i, 'in-progress'],
    [/(?<!\s)\s*\(\s*(?:won'?t do|wontfix|cancel+ed|abandoned|dropped|not planned)\s*\)\s*\.?/i, 'wont-do'],
    [/(?<!\s)\s*(?:❌|🚫)\s*/, 'wont-do'],
  ];
  for (const [re, state] of patterns) {
    const m = re.exec(text);
    // A parenthesis that says what was done stays in the title: it is what the reader needs to know.
    if (m)
      return {
        state,
        marker: `\`${m[0].trim()}\``,
        text: /\((?:fixed|added|implemented|deployed|merged|created)\b/i.test(m[0])
          ? text
          : text.replace(m[0], ' ').replace(/\s+/g, ' ').trim(),
      };
  }
  return { text };
}

/** Words that start a sentence and are no one's name ("Need to…", "Ability to…"). */
const NOT_NAMES = new Set([
  'need',
  'needs',
  'want',
  'wants',
  'how',
  'ability',
  'time',
  'plan',
  'plans',
  'try',
  'going',
  'ways',
  'way',
  'nothing',
  'something',
  'everything',
  'anything',
  'up',
  'due',
  'back',
  'add',
  'move',
  'switch',
  'migrate',
  'upgrade',
  'downgrade',
  'revert',
  'change',
  'set',
  'work',
  'continue',
  'remember',
  'script',
  'tooling',
  'process',
  'changes',
  'link',
  'links',
  'access',
  'documentation',
  'docs',
]);

function ownerIn(text: string, labelledOnly = false): { owner: string; text: string } | undefined {
  const labelled =
    /(?:^|[\s([,;–—-])(?:owner|owners|assignee|assigned to|owned by|dri)(?:\s*[:=]\s*|\s+(?=@))@?([\w][\w .'-]{0,40}?)\s*(?=[,;)\]]|\bdue\b|$)[)\]]?/i.exec(
      text,
    );
  if (labelled) return { owner: labelled[1]!.trim(), text: text.replace(labelled[0], ' ').replace(/\s+/g, ' ').trim() };
  if (labelledOnly) return undefined;
  // A handle that opens or closes the item ("@alice: …", "… (@alice)", "… - @alice"), not one in passing ("an @emergency role").
  const handle = /^@([A-Za-z0-9][\w.-]{0,38})\b(?![.\w]*@)|(?:[(–—,-]\s*|\s)@([A-Za-z0-9][\w.-]{0,38})\)?\s*\.?$/.exec(text);
  if (handle)
    return {
      owner: (handle[1] ?? handle[2])!,
      text:
        handle.index === 0
          ? text.slice(handle[0].length).replace(/^[\s:–—-]+/, '')
          : text.slice(0, handle.index).replace(/(?<![\s:–—,-])[\s:–—,-]+$/, ''),
    };
  const named = /^([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+to\s+[a-z]+\b/.exec(text);
  if (named && !NOT_NAMES.has(named[1]!.split(' ')[0]!.toLowerCase())) return { owner: named[1]!, text };
  return undefined;
}

function dueIn(text: string): { due: string; text: string } | undefined {
  const m =
    /[([,;–—-]?(?<!\s)\s*\b(?:due(?:\s+date)?|deadline|target|eta)\s*(?:[:=]\s*)?([^,;)\]\s](?:[^,;)\]]*?[^,;)\]\s])?)\s*(?=[,;)\]]|$)[)\]]?/i.exec(
      text,
    ) ?? /[([,;–—-]?(?<!\s)\s*\bby\s+(\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th)?,? \d{4})\s*[)\]]?/.exec(text);
  const due = m && firstDay(m[1]!);
  return due ? { due, text: text.replace(m![0], ' ').replace(/\s+/g, ' ').trim() } : undefined;
}

function itemFromListItem(li: ListItem, config: PostmortemConfig, type: string | undefined): ImportedItem | undefined {
  const first = li.children.find((c): c is Paragraph => c.type === 'paragraph');
  if (!first) return undefined;
  let text = toString(first).replace(/\s+/g, ' ').trim();
  const item: ImportedItem = {
    title: '',
    from: `source line ${li.position?.start.line ?? '?'} (${li.checked == null ? 'list item' : 'task list item'})`,
  };
  if (li.checked === true) {
    item.status = 'done';
    item.statusFrom = 'a checked task box';
  } else if (li.checked === false) {
    item.status = 'open';
    item.statusFrom = 'an unchecked task box';
  }
  const marker = stateMarker(first, text);
  if (marker.state && (item.status !== 'done' || marker.state === 'done')) {
    item.status = marker.state;
    item.statusFrom = `${item.statusFrom ? `${item.statusFrom} and ` : ''}the marker ${marker.marker}`;
  }
  text = marker.text;
  // "owner: x" first, then the due date, then a handle left at the end ("— @dba-team due 2024-09-10").
  const labelled = ownerIn(text, true);
  if (labelled) {
    item.owner = labelled.owner;
    text = labelled.text;
  }
  const due = dueIn(text);
  if (due) {
    item.due = due.due;
    text = due.text;
  }
  const owner = labelled ? undefined : ownerIn(text);
  if (owner) {
    item.owner = owner.owner;
    text = owner.text;
  }
  if (type) item.type = type;
  const id = /\b[A-Z][A-Z0-9]+-\d+\b/.exec(text)?.[0];
  assignLink(item, firstUrl(first), id ?? '', config);
  // A ticket id beside the title ("… PAY-311", "[SRCH-88] …") is the item's link, not its words.
  if (id && (item.link === id || item.ticket === id)) text = text.replace(new RegExp(`\\s*[\\[(]?${id}[\\])]?:?\\s*`), ' ').trim();
  item.title = text
    .replace(/(?<!\s)\s*[([]\s*[)\]]\s*/g, ' ')
    .replace(/^[\s:–—-]+|(?<![\s,;:–—-])[\s,;:–—-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const rest = li.children.filter((c) => c !== first);
  if (rest.length) {
    const description = rest
      .map((c) =>
        c.type === 'list'
          ? c.children.map((x) => `- ${toString(x).replace(/\s+/g, ' ').trim()}`).join('\n')
          : toString(c).replace(/\s+/g, ' ').trim(),
      )
      .filter(Boolean)
      .join('\n');
    if (description) item.description = description;
  }
  return item.title ? item : undefined;
}

const COMMITS =
  /\b(?:will|should|must|shall|need(?:s)? to|plan(?:s)? to|going to|we could|would be (?:useful|good|nice)|to do:|todo:|action:)\b|\((?:filed|fixed|added|done|completed|tracked|implemented)\b/i;

function itemFromParagraph(p: Paragraph, type: string | undefined, config: PostmortemConfig): ImportedItem | undefined {
  const text = toString(p).replace(/\s+/g, ' ').trim();
  if (!COMMITS.test(text) || text.length < 12) return undefined;
  const item: ImportedItem = { title: text, from: `source line ${p.position?.start.line ?? '?'} (paragraph)` };
  const marker = stateMarker(p, text);
  if (marker.state) {
    item.status = marker.state;
    item.statusFrom = `the marker ${marker.marker}`;
    item.title = marker.text;
  }
  const owner = ownerIn(item.title);
  if (owner) item.owner = owner.owner;
  if (type) item.type = type;
  assignLink(item, firstUrl(p), '', config);
  return item;
}

export interface ActionItemsInput {
  nodes: RootContent[];
  config: PostmortemConfig;
}

/** The action items of a section, and what stays in its body (everything that was not read as an item). */
export function readActionItems({ nodes, config }: ActionItemsInput): { items: ImportedItem[]; remaining: RootContent[] } {
  const items: ImportedItem[] = [];
  const remaining: RootContent[] = [];
  const itemTable = nodes.some((n) => n.type === 'table' && n.children[0]?.children.some((c) => column(toString(c)) === 'title'));
  // With a table of items, lists around it are notes (etcd's legend of types and priorities), not items.
  const hasStructure = itemTable || nodes.some((n) => n.type === 'list');
  let type: string | undefined;
  let lessonsHeading = false;
  for (const node of nodes) {
    if (node.type === 'heading') {
      const text = toString(node as Heading);
      const mapped = bestSection(text, config);
      lessonsHeading = !!mapped && config.lessonsSubsections.includes(mapped.title);
      type = mapItemType(text);
      // The group heading says what kind of items follow; it is not kept in the body unless they are not items.
      remaining.push(node);
      continue;
    }
    if (!lessonsHeading && node.type === 'table') {
      const found = itemsFromTable(node, config, type);
      if (found?.length) {
        items.push(...found);
        continue;
      }
    }
    if (!lessonsHeading && !itemTable && node.type === 'list') {
      const found = (node as List).children.map((li) => itemFromListItem(li, config, type));
      if (found.length && found.every((i) => i)) {
        items.push(...(found as ImportedItem[]));
        continue;
      }
    }
    if (!lessonsHeading && !hasStructure && node.type === 'paragraph') {
      const item = itemFromParagraph(node, type, config);
      if (item) {
        items.push(item);
        continue;
      }
    }
    remaining.push(node);
  }
  // Group headings left with nothing under them go too: their items are in the frontmatter now.
  const kept = remaining.filter(
    (n, i) =>
      !(
        n.type === 'heading' &&
        (i + 1 >= remaining.length || (remaining[i + 1]!.type === 'heading' && (remaining[i + 1] as Heading).depth <= (n as Heading).depth))
      ),
  );
  return { items, remaining: kept };
}
