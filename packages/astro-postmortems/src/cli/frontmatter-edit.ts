/**
 * Writes `link:` into action items of a postmortem's frontmatter by editing
 * the YAML text in place: one line (or, in a flow map, one `, link: …`) is
 * inserted at each item's position and every other byte of the file stays as
 * it was — comments, quoting, key order, blank lines, line endings, a BOM.
 * Re-serialising the YAML (`doc.toString()`) would reformat the whole block,
 * turning a one-line change into a noisy diff that reviewers cannot trust.
 * Pure: text in, text out.
 */
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** The frontmatter block: `---` on the first line (after an optional BOM) up to the next line that is `---`. */
const FRONTMATTER = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

export class FrontmatterEditError extends Error {
  override name = 'FrontmatterEditError';
}

/** A URL written as a plain YAML scalar only when YAML reads it back unchanged; otherwise double-quoted. */
function scalar(url: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s#'"{}[\],&*!|>%@`]+$/.test(url) && !/: /.test(url) ? url : JSON.stringify(url);
}

/**
 * Returns `source` with `link: <url>` added to each action item named in `links` (index in `actionItems` → URL).
 * Throws `FrontmatterEditError` when the frontmatter cannot be read, an index is not an item, or an item already
 * has a link (the caller decided from a stale reading of the file).
 */
export function addActionItemLinks(source: string, links: ReadonlyMap<number, string>): string {
  const block = FRONTMATTER.exec(source);
  if (!block) throw new FrontmatterEditError('Unexpected file without a frontmatter block, expected `---` on the first line');
  const offset = block[1]!.length;
  const yaml = block[2] ?? '';
  const eol = /\r\n/.test(block[1]!) ? '\r\n' : '\n';
  const doc = parseDocument(yaml, { keepSourceTokens: true });
  if (doc.errors.length) throw new FrontmatterEditError(`Unexpected YAML error in the frontmatter (${doc.errors[0]!.message.split('\n')[0]}), expected valid YAML; run \`npm run check\``);
  const seq = doc.get('actionItems', true);
  if (!isSeq(seq)) throw new FrontmatterEditError('Unexpected frontmatter without an `actionItems` list');
  const inserts: { at: number; text: string }[] = [];
  for (const [index, url] of links) {
    const item = seq.items[index];
    if (!isMap(item)) throw new FrontmatterEditError(`Unexpected \`actionItems[${index}]\`, expected an action item map`);
    if (item.has('link')) throw new FrontmatterEditError(`Unexpected \`actionItems[${index}].link\` already set, expected an item without a link`);
    inserts.push(item.flow ? flowInsert(yaml, item, url) : blockInsert(yaml, item, url, eol));
  }
  // From the end, so earlier offsets stay valid.
  let out = yaml;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return source.slice(0, offset) + out + source.slice(offset + yaml.length);
}

/** After the line holding the item's last value (so a trailing `# comment` on it stays on it), at its keys' indent. */
function blockInsert(yaml: string, item: YAMLMap, url: string, eol: string): { at: number; text: string } {
  const first = item.items[0];
  const last = item.items[item.items.length - 1];
  const keyStart = (first?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? item.range![0];
  const indent = keyStart - (yaml.lastIndexOf('\n', keyStart - 1) + 1);
  const lastEnd = (last?.value as { range?: [number, number, number] } | null | undefined)?.range?.[1] ?? (last?.key as { range?: [number, number, number] } | undefined)?.range?.[1] ?? item.range![1];
  // A block scalar's range ends after its final line break: step back onto its last line.
  const from = yaml[lastEnd - 1] === '\n' ? lastEnd - 1 : lastEnd;
  const newline = yaml.indexOf('\n', from);
  const at = newline === -1 ? yaml.length : newline + 1;
  const prefix = newline === -1 ? eol : '';
  return { at, text: `${prefix}${' '.repeat(indent)}link: ${scalar(url)}${eol}` };
}

/** Before the closing `}` of a flow map: `{ title: X, owner: y }` → `{ title: X, owner: y, link: … }`. */
function flowInsert(yaml: string, item: YAMLMap, url: string): { at: number; text: string } {
  const close = yaml.lastIndexOf('}', item.range![1]);
  let at = close;
  while (at > 0 && /[ \t]/.test(yaml[at - 1]!)) at--;
  const trailingComma = yaml[at - 1] === ',';
  return { at, text: `${trailingComma ? ' ' : ', '}link: ${scalar(url)}` };
}
