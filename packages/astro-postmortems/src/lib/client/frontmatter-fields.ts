/** Where a message about the frontmatter points in the writing page's form. */

/** The field a frontmatter line belongs to, as `data-field` names it: `title`, `incident.started`, `actionItems.2.owner`. */
export function fieldAt(lines: readonly string[], index: number): string | undefined {
  let parent: string | undefined;
  let item = -1;
  let found: string | undefined;
  for (let i = 0; i <= index && i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*#/.test(line) || line === '---') continue;
    const top = /^([A-Za-z]\w*):/.exec(line);
    if (top) {
      parent = top[1];
      item = -1;
      found = parent;
      continue;
    }
    const entry = /^ {2}- (?:([A-Za-z]\w*):)?/.exec(line);
    if (entry) {
      item++;
      found = entry[1] ? `${parent}.${item}.${entry[1]}` : parent;
      continue;
    }
    const nested = /^ {2,4}([A-Za-z]\w*):/.exec(line);
    if (nested) found = item >= 0 ? `${parent}.${item}.${nested[1]}` : `${parent}.${nested[1]}`;
  }
  return found;
}
