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
/** The frontmatter's YAML text, where it starts in the file, its line ending, and its parsed document (with source ranges). */
function frontmatterYaml(source: string) {
  const block = FRONTMATTER.exec(source);
  if (!block) throw new FrontmatterEditError('Unexpected file without a frontmatter block, expected `---` on the first line');
  const yaml = block[2] ?? '';
  const doc = parseDocument(yaml, { keepSourceTokens: true });
  if (doc.errors.length)
    throw new FrontmatterEditError(
      `Unexpected YAML error in the frontmatter (${doc.errors[0]!.message.split('\n')[0]}), expected valid YAML; run \`npm run check\``,
    );
  return { offset: block[1]!.length, yaml, eol: /\r\n/.test(block[1]!) ? '\r\n' : '\n', doc };
}

export function addActionItemLinks(source: string, links: ReadonlyMap<number, string>): string {
  const { offset, yaml, eol, doc } = frontmatterYaml(source);
  const seq = doc.get('actionItems', true);
  if (!isSeq(seq)) throw new FrontmatterEditError('Unexpected frontmatter without an `actionItems` list');
  const inserts: { at: number; text: string }[] = [];
  for (const [index, url] of links) {
    const item = seq.items[index];
    if (!isMap(item)) throw new FrontmatterEditError(`Unexpected \`actionItems[${index}]\`, expected an action item map`);
    if (item.has('link'))
      throw new FrontmatterEditError(`Unexpected \`actionItems[${index}].link\` already set, expected an item without a link`);
    inserts.push(item.flow ? flowInsert(yaml, item, url) : blockInsert(yaml, item, `link: ${scalar(url)}`, eol));
  }
  // From the end, so earlier offsets stay valid.
  let out = yaml;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return source.slice(0, offset) + out + source.slice(offset + yaml.length);
}

/** `line` (`key: value`) after the line holding the map's last value (so a trailing `# comment` on it stays on it), at its keys' indent. */
function blockInsert(yaml: string, item: YAMLMap, line: string, eol: string): { at: number; text: string } {
  const first = item.items[0];
  const last = item.items[item.items.length - 1];
  const keyStart = (first?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? item.range![0];
  const indent = keyStart - (yaml.lastIndexOf('\n', keyStart - 1) + 1);
  const lastEnd =
    (last?.value as { range?: [number, number, number] } | null | undefined)?.range?.[1] ??
    (last?.key as { range?: [number, number, number] } | undefined)?.range?.[1] ??
    item.range![1];
  // A block scalar's range ends after its final line break: step back onto its last line.
  const from = yaml[lastEnd - 1] === '\n' ? lastEnd - 1 : lastEnd;
  const newline = yaml.indexOf('\n', from);
  const at = newline === -1 ? yaml.length : newline + 1;
  const prefix = newline === -1 ? eol : '';
  return { at, text: `${prefix}${' '.repeat(indent)}${line}${eol}` };
}

/** Before the closing `}` of a flow map: `{ title: X, owner: y }` → `{ title: X, owner: y, link: … }`. */
function flowInsert(yaml: string, item: YAMLMap, url: string): { at: number; text: string } {
  const close = yaml.lastIndexOf('}', item.range![1]);
  let at = close;
  while (at > 0 && /[ \t]/.test(yaml[at - 1]!)) at--;
  const trailingComma = yaml[at - 1] === ',';
  return { at, text: `${trailingComma ? ' ' : ', '}link: ${scalar(url)}` };
}

/**
 * Writes `incident.<field>: <value>` for fields the file does not have yet, each with a trailing YAML
 * comment (`# inferred from …`). A commented-out line for the field inside the `incident` map (as
 * `npm run new` writes them: `  # detected: …`) is replaced by the value; otherwise the line goes after the
 * map's last field. A field that has a value is never touched: `FrontmatterEditError` if one is asked for.
 */
export function addIncidentFields(source: string, fields: readonly { field: string; value: string; comment: string }[]): string {
  const { offset, yaml, eol, doc } = frontmatterYaml(source);
  const incident = doc.get('incident', true);
  if (!isMap(incident) || incident.flow)
    throw new FrontmatterEditError(
      'Unexpected frontmatter without an `incident:` block map, expected `incident:` with `started:` under it',
    );
  const inserts: { at: number; end: number; text: string }[] = [];
  // The map's lines run to the next line that starts a top-level key.
  const mapStart = incident.range![0];
  const nextTop = /^[^\s#]/m.exec(yaml.slice(incident.range![1]));
  const regionEnd = nextTop ? incident.range![1] + nextTop.index : yaml.length;
  for (const { field, value, comment } of fields) {
    if (incident.has(field))
      throw new FrontmatterEditError(`Unexpected \`incident.${field}\` already set, expected a field without a value`);
    const line = `${field}: ${value}  # ${comment.replace(/[\r\n]+/g, ' ')}`;
    const commented = new RegExp(`^([ \\t]+)#[ \\t]*${field}:[^\\n]*$`, 'm').exec(yaml.slice(mapStart, regionEnd));
    if (commented) {
      const at = mapStart + commented.index;
      const end = at + commented[0].replace(/\r$/, '').length;
      inserts.push({ at, end, text: `${commented[1]}${line}` });
    } else {
      const ins = blockInsert(yaml, incident, line, eol);
      inserts.push({ at: ins.at, end: ins.at, text: ins.text });
    }
  }
  let out = yaml;
  for (const { at, end, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(end);
  return source.slice(0, offset) + out + source.slice(offset + yaml.length);
}
