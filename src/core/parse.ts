/**
 * The single parse of a postmortem: YAML frontmatter with source positions and
 * the MDX syntax tree. Every rule, the build and the editor preset work from
 * this result; nothing in the file is ever evaluated.
 */
import type { Root } from 'mdast';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { checkParseLimits } from './parse-limits.ts';
import { parseMdx, type MdxCode } from './parse-mdx.ts';
import { LineIndex, type Point } from './utils/lines.ts';

export interface ParsedFile {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  /** File name without `.mdx` and without folders. */
  id: string;
  /** Full text, BOM removed. */
  source: string;
  lines: LineIndex;
  frontmatter: ParsedFrontmatter;
  /** The MDX tree, or `null` when the body does not parse (see `syntaxError`). */
  tree: Root | null;
  /** `message`, when set, is the whole sentence to report (a parse limit rather than a syntax error). */
  syntaxError: { point: Point; reason: string; message?: string } | null;
  /** Where MDX would read JavaScript (`{…}`, `import`/`export`); never parsed, never run. */
  mdxCode: MdxCode[];
}

export interface ParsedFrontmatter {
  /** Whether the file opens with a `---` block. */
  present: boolean;
  /** The YAML as plain data (`undefined` when absent or unparseable). */
  data: unknown;
  /** YAML syntax problems, with positions in the file. */
  errors: { point: Point; reason: string }[];
  /** Where the frontmatter block starts (the opening `---`). */
  start: Point;
  /** Position in the file of the value at `path`, or of its closest existing parent. */
  locate(path: readonly PropertyKey[]): Point;
  /** Position of the key at `path` (for unknown-field messages). */
  locateKey(path: readonly PropertyKey[]): Point;
}

const FRONTMATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Length of the opening `---` frontmatter block (0 when there is none): where the body starts. */
export function frontmatterLength(source: string): number {
  return frontmatterBlock(source)?.length ?? 0;
}

/** The opening `---` block, if any: its YAML text and its length (where the body starts). */
export function frontmatterBlock(source: string): { yaml: string; length: number } | undefined {
  const match = FRONTMATTER.exec(source);
  return match ? { yaml: match[1] ?? '', length: match[0].length } : undefined;
}


/** Files are assumed to live under the repository root; `id` drops folders and `.mdx`. */
export function idFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.mdx$/i, '');
}

export function parsePostmortem(path: string, text: string): ParsedFile {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const block = frontmatterBlock(source);
  const fm = parseFrontmatter(block, source, lines);
  let tree: Root | null = null;
  let syntaxError: ParsedFile['syntaxError'] = null;
  let mdxCode: MdxCode[] = [];
  const body = block?.length ?? 0;
  // Shapes the parser is slow on are refused before parsing, so one file takes bounded time (see parse-limits.ts).
  const limit = checkParseLimits(source, body);
  if (limit) {
    syntaxError = { point: lines.point(limit.offset), reason: limit.message, message: limit.message };
  } else {
    ({ tree, syntaxError, code: mdxCode } = parseMdx(source, body, lines));
  }
  return { path, id: idFromPath(path), source, lines, frontmatter: fm, tree, syntaxError, mdxCode };
}

function parseFrontmatter(block: ReturnType<typeof frontmatterBlock>, source: string, lines: LineIndex): ParsedFrontmatter {
  const start: Point = { line: 1, column: 1 };
  if (!block) {
    return { present: false, data: undefined, errors: [], start, locate: () => start, locateKey: () => start };
  }
  const yamlText = block.yaml;
  const yamlOffset = source.indexOf('\n') + 1;
  const at = (offset: number | undefined): Point => lines.point(yamlOffset + Math.max(0, offset ?? 0));
  // The data from js-yaml (the parser Astro uses for frontmatter, ~8x faster here); the positioned Document from
  // `yaml` only when something must be reported: a syntax error, or a rule asking where a field is.
  const fast = fastYaml(yamlText);
  let document: Document | undefined;
  const doc = () =>
    // `logLevel: 'error'`: a YAML warning (such as a list used as a key) goes to stderr otherwise; the schema reports what is wrong.
    (document ??= parseDocument(yamlText, { lineCounter: new LineCounter(), uniqueKeys: true, prettyErrors: false, schema: 'core', logLevel: 'error' }));
  let data: unknown;
  let errors: ParsedFrontmatter['errors'] = [];
  if (fast.ok) {
    data = fast.data;
  } else {
    errors = doc().errors.map((err) => ({ point: at(err.pos[0]), reason: err.message.split('\n')[0]! }));
    if (errors.length === 0) {
      try {
        data = doc().toJS({ maxAliasCount: 50 });
      } catch (error) {
        errors.push({ point: at(0), reason: (error as Error).message });
      }
    }
  }
  const walk = (path: readonly PropertyKey[], wantKey: boolean): Point => {
    let node: unknown = doc().contents;
    let best = start;
    if (isNodeWithRange(node)) best = at(node.range[0]);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return best;
        if (wantKey && isNodeWithRange(pair.key)) best = at(pair.key.range[0]);
        else if (isNodeWithRange(pair.value)) best = at(pair.value.range[0]);
        else if (isNodeWithRange(pair.key)) best = at(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!isNodeWithRange(item)) return best;
        best = at(item.range[0]);
        node = item;
      } else {
        return best;
      }
    }
    return best;
  };
  return { present: true, data, errors, start, locate: (p) => walk(p, false), locateKey: (p) => walk(p, true) };
}

/**
 * YAML 1.2 core schema, as `yaml` reads it (no timestamps, no merge keys; a duplicate key is an error). Anchors and
 * aliases are left to `yaml`, which bounds their expansion: js-yaml shares aliased nodes, and a "billion laughs"
 * document would blow up in whatever walks the data next.
 */
function fastYaml(text: string): { ok: true; data: unknown } | { ok: false } {
  // Also left to `yaml`: complex keys (`? [a, b]`), which the two libraries turn into different strings, and numbers
  // written `.5`/`-.5`, which only `yaml` reads as numbers. Tags the core schema lacks make js-yaml throw.
  if (/(?:^|[\s[{,:?-])[&*][^\s]/.test(text) || /^[ \t-]*\?(?:[ \t]|$)/m.test(text) || /[\s:[,-][-+]?\.\d/.test(text)) return { ok: false };
  try {
    return { ok: true, data: loadYaml(text, { schema: CORE_SCHEMA }) ?? null };
  } catch {
    return { ok: false };
  }
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return !!node && typeof node === 'object' && Array.isArray((node as { range?: unknown }).range);
}

export type { Document };
