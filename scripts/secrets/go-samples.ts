/**
 * Reads gitleaks' rule generators (`cmd/generate/config/rules/*.go`) as data: for each rule function, the
 * values its `tps` and `fps` variables hold when it calls `utils.Validate`. It evaluates the small part of Go
 * those files use to build them (string literals, `+`, `[]string{…}` and `map[string]string{…}` literals,
 * `append`, `fmt.Sprintf`, `strings.Repeat`/`ToUpper`/`ToLower`, gitleaks' `utils.*` pattern helpers,
 * `utils.GenerateSampleSecret(s)` with the templates read from `utils/generate.go`, and `secrets.NewSecret`,
 * which draws a random string matching a pattern, here with `randexp` and a fixed seed, one generator per rule
 * function, so the result is the same on every run). Anything else makes the one value that uses it unknown, and that sample is left
 * out and counted: nothing is guessed.
 */
import RandExp from 'randexp';

type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | typeof UNKNOWN;
const UNKNOWN = Symbol('unknown');

interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct' | 'newline';
  text: string;
  value?: string;
}

function unquote(body: string): string {
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.))/gs, (_m, x, u, U, o, c: string) => {
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (u) return String.fromCharCode(parseInt(u, 16));
    if (U) return String.fromCodePoint(parseInt(U, 16));
    if (o) return String.fromCharCode(parseInt(o, 8));
    return ({ a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' } as Record<string, string>)[c] ?? c;
  });
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /(\/\/[^\n]*)|(\/\*[\s\S]*?\*\/)|(\n)|([ \t\r]+)|(`[^`]*`)|("(?:[^"\\\n]|\\.)*")|('(?:[^'\\\n]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(\d[\d.xXa-fA-F_]*)|(\.\.\.|:=|==|!=|<=|>=|&&|\|\||[-+*/%&|^<>=!:;,.(){}[\]])/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    if (m[1] || m[2] || m[4]) continue;
    if (m[3]) tokens.push({ kind: 'newline', text: '\n' });
    else if (m[5]) tokens.push({ kind: 'string', text: m[5], value: m[5].slice(1, -1).replaceAll('\r', '') });
    else if (m[6]) tokens.push({ kind: 'string', text: m[6], value: unquote(m[6].slice(1, -1)) });
    else if (m[7]) tokens.push({ kind: 'string', text: m[7], value: unquote(m[7].slice(1, -1)) });
    else if (m[8]) tokens.push({ kind: 'ident', text: m[8] });
    else if (m[9]) tokens.push({ kind: 'number', text: m[9] });
    else tokens.push({ kind: 'punct', text: m[10]! });
  }
  return tokens;
}

/** Deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Go (RE2) pattern as randexp reads it: `(?i)` becomes a flag, `\z` and `\A` anchors, `(?P<` named groups. */
function randexpFor(pattern: string, next: () => number): RandExp {
  let flags = '';
  let source = pattern;
  if (source.startsWith('(?i)')) {
    flags = 'i';
    source = source.slice(4);
  }
  source = source
    .replaceAll('(?P<', '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^')
    .replace(/\(\?[ims-]+:/g, '(?:');
  const gen = new RandExp(new RegExp(source, flags));
  // gitleaks draws with reggen's limit of 1: `x+` is one or two, `x{17,}` 17 or 18.
  gen.max = 1;
  gen.randInt = (from: number, to: number) => from + Math.floor(next() * (1 + to - from));
  return gen;
}

class Evaluator {
  private pos = 0;
  private depth = 0;
  private readonly tokens: Token[];
  private readonly scope: Map<string, Value>;
  private readonly globals: Map<string, () => Value>;
  private readonly helpers: Helpers;
  constructor(tokens: Token[], scope: Map<string, Value>, globals: Map<string, () => Value>, helpers: Helpers) {
    this.tokens = tokens;
    this.scope = scope;
    this.globals = globals;
    this.helpers = helpers;
  }

  private peek(): Token | undefined {
    if (this.depth > 0) while (this.tokens[this.pos]?.kind === 'newline') this.pos++;
    return this.tokens[this.pos];
  }
  private take(): Token {
    const t = this.peek();
    if (!t) throw new Error('unexpected end');
    this.pos++;
    return t;
  }
  private expect(text: string): void {
    const t = this.take();
    if (t.text !== text) throw new Error(`expected ${text}, got ${t.text}`);
  }
  private skipNewlines(): void {
    while (this.tokens[this.pos]?.kind === 'newline') this.pos++;
  }

  /** Runs the statements of a function body (from `{` to its `}`), recording assignments. */
  runBody(): void {
    this.expect('{');
    for (;;) {
      this.skipNewlines();
      const t = this.tokens[this.pos];
      if (!t) return;
      if (t.text === '}') {
        this.pos++;
        return;
      }
      const start = this.pos;
      try {
        this.statement();
      } catch {
        this.pos = start;
        this.skipStatement();
      }
    }
  }

  /** Skips to the end of the current statement: the next newline outside brackets, or past a block. */
  private skipStatement(): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.tokens[this.pos]!;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0) return;
        depth--;
      } else if (t.kind === 'newline' && depth === 0) {
        this.pos++;
        return;
      }
      this.pos++;
    }
  }

  statement(): void {
    const t = this.tokens[this.pos]!;
    if (t.kind === 'ident' && ['for', 'if', 'switch', 'return', 'go', 'defer'].includes(t.text)) throw new Error('skipped');
    if (t.text === 'var' && this.tokens[this.pos + 1]?.text === '(') {
      // `var ( a = x \n b = y )`
      this.pos += 2;
      for (;;) {
        this.skipNewlines();
        if (this.tokens[this.pos]?.text === ')') {
          this.pos++;
          return;
        }
        const name = this.take().text;
        this.expect('=');
        this.scope.set(name, this.expression());
      }
    }
    if (t.text === 'var') {
      this.pos++;
      const name = this.take().text;
      // `var name Type = value` or `var name = value`.
      while (this.peek() && this.peek()!.text !== '=' && this.peek()!.kind !== 'newline') this.pos++;
      this.expect('=');
      this.scope.set(name, this.expression());
      return;
    }
    const name = this.take();
    if (name.kind !== 'ident') throw new Error('not an assignment');
    const op = this.take().text;
    if (op !== ':=' && op !== '=') throw new Error('not an assignment');
    this.scope.set(name.text, this.expression());
    const end = this.tokens[this.pos];
    if (end && end.kind !== 'newline' && end.text !== '}' && end.text !== ';') throw new Error('trailing tokens');
  }

  expression(): Value {
    let left = this.unary();
    while (this.peek()?.text === '+') {
      this.pos++;
      this.skipNewlines();
      const right = this.unary();
      left = typeof left === 'string' && typeof right === 'string' ? left + right : UNKNOWN;
    }
    return left;
  }

  private unary(): Value {
    let value = this.primary();
    // Selectors and calls: `a.b`, `f(x)`, `xs[i]`.
    for (;;) {
      const t = this.peek();
      if (t?.text === '(') value = this.call(value);
      else if (t?.text === '[') {
        this.pos++;
        this.depth++;
        const index = this.expression();
        this.expect(']');
        this.depth--;
        value = Array.isArray(value) && typeof index === 'number' ? (value[index] ?? UNKNOWN) : UNKNOWN;
      } else return value;
    }
  }

  /** A name, possibly qualified (`utils.Hex`), stands for itself until it is called or looked up. */
  private primary(): Value {
    const t = this.take();
    if (t.kind === 'string') return t.value!;
    if (t.kind === 'number') return Number(t.text.replaceAll('_', ''));
    if (t.text === '(') {
      this.depth++;
      const v = this.expression();
      this.expect(')');
      this.depth--;
      return v;
    }
    if (t.text === '[' || t.text === 'map' || t.text === '&' || t.text === '*') return this.compositeLiteral(t);
    if (t.kind === 'ident') {
      let name = t.text;
      while (this.peek()?.text === '.' && this.tokens[this.pos + 1]?.kind === 'ident') {
        this.pos++;
        name += '.' + this.take().text;
      }
      if (this.peek()?.text === '{' && /^[A-Z]|\./.test(name)) return this.braces();
      if (name === 'nil') return null;
      if (name === 'true' || name === 'false') return name === 'true';
      return { __name: name } as unknown as Value;
    }
    throw new Error(`unexpected ${t.text}`);
  }

  /** `[]string{…}`, `map[string]string{…}`, `[]*config.Allowlist{…}`: the type is read past, the braces evaluated. */
  private compositeLiteral(first: Token): Value {
    let bracket = first.text === '[' ? 1 : 0;
    while (bracket > 0 || this.peek()?.text !== '{') {
      const t = this.take();
      if (t.text === '[') bracket++;
      else if (t.text === ']') bracket--;
    }
    return this.braces();
  }

  /** `{a, b}` is a list, `{k: v}` an object (Go map and struct literals alike). */
  private braces(): Value {
    this.expect('{');
    this.depth++;
    const list: Value[] = [];
    const object: Record<string, Value> = {};
    let keyed = false;
    while (this.peek()?.text !== '}') {
      const start = this.pos;
      let value: Value;
      try {
        value = this.peek()?.text === '{' ? this.braces() : this.expression();
      } catch {
        this.pos = start;
        this.skipElement();
        value = UNKNOWN;
      }
      if (this.peek()?.text === ':') {
        this.pos++;
        keyed = true;
        const key = typeof value === 'string' ? value : isName(value) ? value.__name : String(list.length);
        const vstart = this.pos;
        try {
          object[key] = this.peek()?.text === '{' ? this.braces() : this.expression();
        } catch {
          this.pos = vstart;
          this.skipElement();
          object[key] = UNKNOWN;
        }
      } else list.push(value);
      if (this.peek()?.text === ',') this.pos++;
    }
    this.expect('}');
    this.depth--;
    return keyed ? object : list;
  }

  private skipElement(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (depth === 0 && (t.text === ',' || t.text === '}' || t.text === ':')) return;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      this.pos++;
    }
  }

  private call(callee: Value): Value {
    this.expect('(');
    this.depth++;
    const args: Value[] = [];
    let spread = false;
    while (this.peek()?.text !== ')') {
      args.push(this.expression());
      if (this.peek()?.text === '...') {
        this.pos++;
        spread = true;
      }
      if (this.peek()?.text === ',') this.pos++;
    }
    this.expect(')');
    this.depth--;
    const values = args.map((a) => this.resolve(a));
    return this.helpers.call(isName(callee) ? callee.__name : '', values, spread);
  }

  /** A bare name's value: a local, then a package-level variable. */
  resolve(v: Value): Value {
    if (!isName(v)) return v;
    const name = v.__name;
    if (this.scope.has(name)) return this.scope.get(name)!;
    const global = this.globals.get(name);
    return global ? global() : UNKNOWN;
  }
}

function isName(v: Value): v is Value & { __name: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>)['__name'] === 'string';
}

const strings = (v: Value): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

class Helpers {
  private readonly templates: string[];
  private next: () => number;
  constructor(templates: string[], next: () => number) {
    this.templates = templates;
    this.next = next;
  }

  /** Draws from now on from a generator of its own. */
  reseed(next: () => number): void {
    this.next = next;
  }

  call(name: string, args: Value[], spread: boolean): Value {
    const s = (i: number) => (typeof args[i] === 'string' ? (args[i] as string) : undefined);
    const classes: Record<string, (n: string) => string> = {
      'utils.Numeric': (n) => `[0-9]{${n}}`,
      'utils.Hex': (n) => `[a-f0-9]{${n}}`,
      'utils.AlphaNumeric': (n) => `[a-z0-9]{${n}}`,
      'utils.AlphaNumericExtendedShort': (n) => `[a-z0-9_-]{${n}}`,
      'utils.AlphaNumericExtended': (n) => `[a-z0-9=_\\-]{${n}}`,
      'utils.AlphaNumericExtendedLong': (n) => `[a-z0-9\\/=_\\+\\-]{${n}}`,
    };
    if (classes[name]) return s(0) === undefined ? UNKNOWN : classes[name](s(0)!);
    switch (name) {
      case 'utils.Hex8_4_4_4_12':
        return '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
      case 'secrets.NewSecret':
        return s(0) === undefined ? UNKNOWN : randexpFor(s(0)!, this.next).gen();
      case 'utils.GenerateSampleSecret':
        return s(0) === undefined || s(1) === undefined ? UNKNOWN : `${s(0)}_api_token = "${s(1)}"`;
      case 'utils.GenerateSampleSecrets': {
        const [id, secret] = [s(0), s(1)];
        if (id === undefined || secret === undefined) return UNKNOWN;
        return this.templates.map((t) => t.replaceAll('{i}', id).replaceAll('{I}', id.toUpperCase()).replaceAll('{s}', secret));
      }
      case 'fmt.Sprintf': {
        const format = s(0);
        if (format === undefined) return UNKNOWN;
        let i = 1;
        let ok = true;
        const out = format.replace(/%([sdvq%])/g, (_m, verb: string) => {
          if (verb === '%') return '%';
          const a = args[i++];
          if (typeof a === 'string') return verb === 'q' ? JSON.stringify(a) : a;
          if (typeof a === 'number') return String(a);
          ok = false;
          return '';
        });
        return ok ? out : UNKNOWN;
      }
      case 'strings.Repeat':
        return s(0) !== undefined && typeof args[1] === 'number' ? s(0)!.repeat(args[1]) : UNKNOWN;
      case 'strings.ToUpper':
        return s(0)?.toUpperCase() ?? UNKNOWN;
      case 'strings.ToLower':
        return s(0)?.toLowerCase() ?? UNKNOWN;
      case 'strings.Join':
        return strings(args[0]!) && s(1) !== undefined ? strings(args[0]!)!.join(s(1)!) : UNKNOWN;
      case 'append': {
        const base = Array.isArray(args[0]) ? [...(args[0] as Value[])] : args[0] === null ? [] : undefined;
        if (!base) return UNKNOWN;
        const rest = args.slice(1);
        if (spread) {
          const last = rest.pop();
          return Array.isArray(last) ? [...base, ...rest, ...last] : UNKNOWN;
        }
        return [...base, ...rest];
      }
      default:
        return UNKNOWN;
    }
  }
}

/** Top-level `func Name(…) … {` bodies and `var name = …` declarations of a Go file. */
function topLevel(tokens: Token[]): { funcs: { name: string; body: number }[]; vars: { name: string; at: number }[] } {
  const funcs: { name: string; body: number }[] = [];
  const vars: { name: string; at: number }[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
    else if (t.text === '}' || t.text === ')' || t.text === ']') depth--;
    else if (depth === 0 && t.text === 'func' && tokens[i + 1]?.kind === 'ident') {
      let j = i + 2;
      let d = 0;
      while (j < tokens.length && !(d === 0 && tokens[j]!.text === '{')) {
        if (tokens[j]!.text === '(') d++;
        if (tokens[j]!.text === ')') d--;
        j++;
      }
      funcs.push({ name: tokens[i + 1]!.text, body: j });
    } else if (depth === 0 && t.text === 'var' && tokens[i + 1]?.kind === 'ident') vars.push({ name: tokens[i + 1]!.text, at: i });
  }
  return { funcs, vars };
}

export interface RuleSamples {
  /** The Go function that defines the rule. */
  function: string;
  tps: string[];
  fps: string[];
  /** Samples whose value could not be evaluated here (left out, not guessed). */
  unknown: number;
}

/** The templates `utils.GenerateSampleSecrets` fills in, read from `utils/generate.go` in source order. */
export function readTemplates(generateGo: string): string[] {
  const tokens = tokenize(generateGo);
  const { funcs } = topLevel(tokens);
  const fn = funcs.find((f) => f.name === 'GenerateSampleSecrets');
  if (!fn) throw new Error('GenerateSampleSecrets not found in utils/generate.go');
  const scope = new Map<string, Value>();
  new Evaluator(tokens.slice(fn.body), scope, new Map(), new Helpers([], seeded(1))).runBody();
  const samples = scope.get('samples');
  if (!samples || typeof samples !== 'object' || Array.isArray(samples)) throw new Error('samples map not found in GenerateSampleSecrets');
  const values = Object.values(samples as Record<string, Value>);
  if (!values.every((v) => typeof v === 'string')) throw new Error('a sample template is not a string');
  return values as string[];
}

/** FNV-1a of a string: the seed of one rule function's draws. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Rule id → its true and false positives, for every rule function in `files` (file name → Go source). Each
 * function draws its random samples from a generator seeded by `seed` and its name, so a rule's samples do not
 * change when another rule is added or removed upstream.
 */
export function readSamples(files: Record<string, string>, templates: string[], seed = 20_240_611): Map<string, RuleSamples> {
  const helpers = new Helpers(templates, seeded(seed));
  const parsed = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, src]) => ({ file, tokens: tokenize(src) }));
  const globals = new Map<string, () => Value>();
  for (const { tokens } of parsed) {
    for (const v of topLevel(tokens).vars) {
      let cached: Value | undefined;
      globals.set(v.name, () => {
        if (cached !== undefined) return cached;
        const scope = new Map<string, Value>();
        try {
          const ev = new Evaluator(tokens.slice(v.at), scope, globals, helpers);
          ev.statement();
        } catch {
          /* left unknown */
        }
        cached = scope.get(v.name) ?? UNKNOWN;
        return cached;
      });
    }
  }
  const out = new Map<string, RuleSamples>();
  for (const { tokens } of parsed) {
    for (const fn of topLevel(tokens).funcs) {
      helpers.reseed(seeded(hash(`${seed}:${fn.name}`)));
      const scope = new Map<string, Value>();
      const ev = new Evaluator(tokens.slice(fn.body), scope, globals, helpers);
      ev.runBody();
      const rule = scope.get('r');
      const id = rule && typeof rule === 'object' && !Array.isArray(rule) ? (rule as Record<string, Value>)['RuleID'] : undefined;
      if (typeof id !== 'string') continue;
      const collect = (v: Value | undefined): { values: string[]; unknown: number } => {
        const list = v === undefined || v === null ? [] : Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v) : [v];
        const values = list.filter((x): x is string => typeof x === 'string');
        return { values, unknown: list.length - values.length + (v === UNKNOWN ? 1 : 0) };
      };
      const tps = collect(scope.get('tps'));
      const fps = collect(scope.get('fps'));
      out.set(id, { function: fn.name, tps: tps.values, fps: fps.values, unknown: tps.unknown + fps.unknown });
    }
  }
  return out;
}
