/**
 * `npm run import -- <file|dir>... [--out postmortems/] [--dry-run] [--format text|json]`
 *
 * Converts existing postmortems (Markdown, or HTML exported from Confluence or
 * Google Docs) into `YYYY-MM-DD-slug.mdx` files, then runs the real checker on
 * what was written and reports, per file, what came from where, what was
 * inferred and what a person must complete. Nothing is ever overwritten: when
 * any target exists (or its id is taken anywhere under `postmortems/`), nothing
 * at all is written, so a batch is never half imported; each file is created
 * with the exclusive `wx` flag in case one appears meanwhile.
 *
 * Exit status as `check`: 0 no errors, 1 errors (in the result, or a refusal),
 * 2 bad usage.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { countLevels, type LintMessage } from '../core/messages.ts';
import { idFromPath } from '../core/parse.ts';
import { checkRepository, findPostmortems, POSTMORTEMS_DIR } from '../core/repository.ts';
import { convert, HTML_EXTENSIONS, MARKDOWN_EXTENSIONS, type ImportReport } from '../import/convert.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { displayJson, displayLine } from '../core/terminal-text.ts';
import { messageLine } from '../core/format/index.ts';

const HELP = `Usage: npm run import -- [options] <file|dir>...

Converts existing postmortems into ${POSTMORTEMS_DIR}/YYYY-MM-DD-slug.mdx files:
Markdown (.md .markdown .txt) and HTML (.html .htm, e.g. Confluence and Google
Docs exports). Folders are searched for those files. Each result is checked
with the same rules as \`npm run check\`, and a report says what came from
where, what was inferred and which lines a person must complete.

Options:
  --out <dir>            where to write (default: ${POSTMORTEMS_DIR}/)
  --dry-run              convert and check, write nothing
  --format <text|json>   report format (default: text)
  -h, --help             show this help

Never overwrites: if any target file or id exists, nothing is written.
Exit status: 0 no errors, 1 errors or refused, 2 bad usage. Guide: README.md#bring-your-history`;

const SUPPORTED = [...MARKDOWN_EXTENSIONS, ...HTML_EXTENSIONS];

export interface ImportedFile {
  source: string;
  /** Repository-relative path of the result (written or, in a dry run, that would be written). */
  output: string | null;
  state: 'written' | 'dry-run' | 'refused' | 'failed';
  /** Why, when refused or failed. */
  reason?: string;
  report: ImportReport | null;
  check: { errors: number; warnings: number; messages: LintMessage[] } | null;
}

async function collect(cwd: string, inputs: readonly string[]): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = [];
  const skipped: string[] = [];
  const visit = async (abs: string) => {
    const s = await stat(abs);
    if (s.isDirectory()) {
      for (const name of (await readdir(abs)).sort()) if (!name.startsWith('.')) await visit(join(abs, name));
    } else if (SUPPORTED.includes(extname(abs).toLowerCase())) files.push(abs);
    else skipped.push(relative(cwd, abs));
  };
  for (const input of inputs) await visit(resolve(cwd, input));
  return { files, skipped };
}

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('import', argv, io, {
    help: HELP,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(displayLine`import: unknown format \`${format}\`, expected \`text\` or \`json\``);
    return 2;
  }
  if (!positionals.length) {
    io.stderr(`import: expected at least one file or folder to import\n\n${HELP}`);
    return 2;
  }
  const missing = [];
  for (const p of positionals) if (!(await stat(resolve(io.cwd, p)).catch(() => undefined))) missing.push(p);
  if (missing.length) {
    io.stderr(missing.map((p) => displayLine`import: path \`${p}\` does not exist`).join('\n'));
    return 2;
  }
  const config = await loadCliConfig('import', io);
  if (!config) return 2;
  const outDir = toPosix(relative(io.cwd, resolve(io.cwd, values.out ?? POSTMORTEMS_DIR))) || '.';
  const dryRun = values['dry-run'];

  const { files, skipped } = await collect(io.cwd, positionals);
  if (!files.length) {
    io.stderr(displayLine`import: no ${SUPPORTED.join(' ')} files in ${positionals.map((p) => `\`${p}\``).join(', ')}`);
    return 2;
  }

  // Convert everything first: a clash anywhere means nothing is written.
  const results: (ImportedFile & { text?: string })[] = [];
  for (const abs of files) {
    const source = toPosix(relative(io.cwd, abs));
    try {
      // Never refused: a source without a day is written as `YYYY-MM-DD-slug.mdx` and the report says what to decide.
      const conversion = convert({ path: source, text: await readFile(abs, 'utf8'), config });
      results.push({
        source,
        output: `${outDir === '.' ? '' : `${outDir}/`}${conversion.fileName}`,
        state: dryRun ? 'dry-run' : 'written',
        report: conversion.report,
        check: null,
        text: conversion.text,
      });
    } catch (error) {
      results.push({
        source,
        output: null,
        state: 'failed',
        reason: `could not convert it: ${(error as Error).message}`,
        report: null,
        check: null,
      });
    }
  }

  const existing = await findPostmortems(io.cwd, outDir);
  const repoIds =
    outDir === POSTMORTEMS_DIR || outDir.startsWith(`${POSTMORTEMS_DIR}/`) ? await findPostmortems(io.cwd, POSTMORTEMS_DIR) : existing;
  const seen = new Map<string, string>();
  for (const r of results) {
    if (!r.output) continue;
    const id = idFromPath(r.output);
    const clash = [...existing.files, ...repoIds.files].find((f) => idFromPath(f) === id);
    const twin = seen.get(id);
    if (clash || twin) {
      r.state = 'refused';
      r.reason = clash
        ? `\`${clash}\` already exists${clash === r.output ? '' : ' with the same id (ids are unique across sub-folders)'}`
        : `\`${twin}\` converts to the same file name`;
    }
    seen.set(id, r.source);
  }
  const refused = results.filter((r) => r.state === 'refused');
  if (refused.length && !dryRun) {
    for (const r of results) if (r.state === 'written') r.state = 'refused';
    for (const r of results)
      if (r.state === 'refused' && !r.reason) r.reason = 'another file of this import clashes, so nothing was written';
  }

  // Write (exclusive create), or in a dry run stage the files in a temporary repository, then check them there.
  const toCheck = results.filter((r) => r.state === 'written' || r.state === 'dry-run');
  let checkRoot = io.cwd;
  if (dryRun && toCheck.length) {
    checkRoot = await mkdtemp(join(tmpdir(), 'postmortem-import-'));
  }
  try {
    for (const r of toCheck) {
      const target = join(checkRoot, r.output!);
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, r.text!, { encoding: 'utf8', flag: 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        r.state = 'refused';
        r.reason =
          code === 'EEXIST' || code === 'EISDIR'
            ? `\`${r.output}\` already exists`
            : `could not write \`${r.output}\` (${code ?? (error as Error).message})`;
      }
    }
    const checked = toCheck.filter((r) => r.state !== 'refused');
    if (checked.length) {
      const result = await checkRepository({ root: checkRoot, config, only: checked.map((r) => r.output!) });
      for (const r of checked) {
        const messages = result.messages.filter((m) => m.file === r.output);
        r.check = { ...countLevels(messages), messages };
      }
    }
  } finally {
    if (checkRoot !== io.cwd) await rm(checkRoot, { recursive: true, force: true });
  }

  const clean = results.map(({ text: _text, ...r }) => r);
  const errors = clean.reduce((n, r) => n + (r.check?.errors ?? 0), 0);
  const warnings = clean.reduce((n, r) => n + (r.check?.warnings ?? 0), 0);
  const failed = clean.filter((r) => r.state === 'refused' || r.state === 'failed').length;
  if (format === 'json') io.stdout(displayJson({ dryRun, files: clean, skipped, errors, warnings, refused: failed }, 2));
  else io.stdout(formatText(clean, skipped, dryRun, { errors, warnings, failed }));
  return errors > 0 || failed > 0 ? 1 : 0;
}

function formatText(
  files: readonly ImportedFile[],
  skipped: readonly string[],
  dryRun: boolean,
  totals: { errors: number; warnings: number; failed: number },
): string {
  const out: string[] = [];
  for (const f of files) {
    const verb =
      f.state === 'written'
        ? 'wrote'
        : f.state === 'dry-run'
          ? 'would write (dry run)'
          : f.state === 'refused'
            ? 'REFUSED, nothing written'
            : 'FAILED';
    out.push(displayLine`${f.source} → ${f.output ?? '(no file)'}: ${verb}${f.reason ? `: ${f.reason}` : ''}`);
    const r = f.report;
    if (r) {
      if (r.sections.length) out.push('  sections:', ...r.sections.map((s) => displayLine`    line ${s.line} "${s.from}" → ${s.to}`));
      if (r.found.length) out.push('  from the source:', ...r.found.map((p) => displayLine`    ${p.field}: ${p.value}  (${p.from})`));
      if (r.inferred.length)
        out.push('  inferred, please confirm:', ...r.inferred.map((p) => displayLine`    ${p.field}: ${p.value}  (${p.from})`));
      if (r.complete.length)
        out.push(
          displayLine`  to complete in ${f.output ?? 'the file'}:`,
          ...r.complete.map((c) => displayLine`    line ${c.line}: ${c.what}`),
        );
      if (r.notes.length) out.push('  notes:', ...r.notes.map((n) => displayLine`    ${n}`));
    }
    if (f.check) {
      out.push(
        `  check: ${f.check.errors} error${f.check.errors === 1 ? '' : 's'}, ${f.check.warnings} warning${f.check.warnings === 1 ? '' : 's'}`,
      );
      for (const m of f.check.messages) out.push(`    ${messageLine(m, { level: m.severity })}`);
    }
    out.push('');
  }
  if (skipped.length) out.push(displayLine`skipped (not ${SUPPORTED.join(' ')}): ${skipped.join(', ')}`, '');
  out.push(
    `${files.length} file${files.length === 1 ? '' : 's'}${dryRun ? ' (dry run: nothing written)' : ''}; ${totals.errors} error${totals.errors === 1 ? '' : 's'}, ${totals.warnings} warning${totals.warnings === 1 ? '' : 's'}${totals.failed ? `; ${totals.failed} refused or failed` : ''}`,
  );
  return out.join('\n');
}
