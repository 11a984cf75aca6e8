/**
 * What every command shares: its I/O, and loading the configuration with a usage error (exit 2) instead of a stack
 * trace. Light on purpose: the configuration's schema and the rules it names load only when a command loads the
 * configuration, so `check` can start its worker threads before it loads them (cli/check.ts).
 */
import type { PostmortemConfig } from '../core/config.ts';
import { execFileSync } from 'node:child_process';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { displayBlock, displayText, type BlockOptions } from '../core/terminal-text.ts';

type ParsedResults<T extends Parameters<typeof parseArgs>[0]> = ReturnType<typeof parseArgs<NonNullable<T>>>;

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /**
   * Lines to standard output. Every value in `text` that the command did not write itself is already shown with
   * `displayText` or `displayLine` (core/terminal-text.ts); the process's own I/O guards the whole text once more.
   */
  stdout(text: string, options?: BlockOptions): void;
  stderr(text: string): void;
}

/** The resolved configuration, or `undefined` after telling the user what is wrong with `postmortems.config.ts`. */
export async function loadCliConfig(command: string, io: CliIo): Promise<PostmortemConfig | undefined> {
  const [{ ConfigError, describeConfigError }, { loadConfig }] = await Promise.all([
    import('../core/config.ts'),
    import('../core/load-config.ts'),
  ]);
  try {
    return await loadConfig(io.cwd);
  } catch (error) {
    io.stderr(
      error instanceof ConfigError
        ? describeConfigError(error)
        : `${command}: could not load postmortems.config.ts: ${displayText((error as Error).message)}`,
    );
    return undefined;
  }
}

/**
 * `parseArgs` in strict mode, or `undefined` after printing the usage error (the caller exits 2): an unknown flag or
 * a missing value is the user's mistake, told in one line with where to look, never a stack trace.
 */
export function parseCommandLine<const O extends ParseArgsOptionsConfig, const P extends boolean = false>(
  command: string,
  argv: readonly string[],
  io: CliIo,
  spec: { options: O; allowPositionals?: P; usage?: string },
): ParsedResults<{ args: string[]; options: O; allowPositionals: P; strict: true }> | undefined {
  try {
    return parseArgs({ args: [...argv], options: spec.options, allowPositionals: (spec.allowPositionals ?? false) as P, strict: true });
  } catch (error) {
    io.stderr(`${command}: ${displayText((error as Error).message)}\n${spec.usage ?? `Run \`npm run ${command} -- --help\` for usage.`}`);
    return undefined;
  }
}

/**
 * `parseCommandLine` for a command with `-h, --help` (its `help` option): prints `help` and gives exit status 0 when
 * asked, 2 after a usage error, or the parsed arguments to go on with.
 */
export function parseCommand<const O extends ParseArgsOptionsConfig & { help: { type: 'boolean' } }, const P extends boolean = false>(
  command: string,
  argv: readonly string[],
  io: CliIo,
  spec: { options: O; allowPositionals?: P; usage?: string; help: string },
): ParsedResults<{ args: string[]; options: O; allowPositionals: P; strict: true }> | number {
  const parsed = parseCommandLine(command, argv, io, spec);
  if (!parsed) return 2;
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(spec.help);
    return 0;
  }
  return parsed;
}

/**
 * The process's own I/O: lines to stdout and stderr, each text through `displayBlock`, the last guard against a
 * value some message forgot to show (a raw line break, escape sequence or workflow command); `isTTY` as the
 * command needs it.
 */
export function processIo(isTTY = !!process.stdout.isTTY): CliIo {
  return streamIo({
    cwd: process.cwd(),
    env: process.env,
    isTTY,
    errorIsTTY: !!process.stderr.isTTY,
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
}

/** `processIo` over any two writers: what a command prints, byte for byte as the process would write it. */
export function streamIo(to: {
  cwd: string;
  env: CliIo['env'];
  isTTY: boolean;
  errorIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
}): CliIo {
  return {
    cwd: to.cwd,
    env: to.env,
    isTTY: to.isTTY,
    stdout: (text, options) => to.writeOut(`${displayBlock(text, { colour: to.isTTY, ...options })}\n`),
    stderr: (text) => to.writeErr(`${displayBlock(text, { colour: to.errorIsTTY })}\n`),
  };
}

/** For commands that prompt: both ends must be a terminal (piped input cannot answer), and the prompts read and write them. */
export function terminalIo() {
  return { ...processIo(!!process.stdin.isTTY && !!process.stdout.isTTY), input: process.stdin, output: process.stdout };
}

/** `git config user.name`, the default author of a new postmortem; `undefined` without git or a name. */
export function gitUserName(): string | undefined {
  try {
    return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}
