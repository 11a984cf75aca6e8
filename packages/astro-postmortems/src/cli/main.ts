/**
 * `postmortems <command>`: every tool of the engine as one command, what an organisation's npm scripts and
 * workflows call. Each command is a function of its arguments and I/O (testable without a process); this file
 * only picks one.
 */
import { execFileSync } from 'node:child_process';
import { runActionItemsSync } from './action-items-sync.ts';
import { runBuild } from './build.ts';
import { runCheck } from './check.ts';
import { processIo, terminalIo, type CliIo } from './common.ts';
import { runImport } from './import.ts';
import { defaultGitOrigin, runInit } from './init.ts';
import { runNew } from './new.ts';
import { runPrSummary } from './pr-summary.ts';
import { runReportOverdue } from './report-overdue.ts';
import { runSchema } from './schema.ts';
import { runServe } from './serve.ts';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

function gitUserName(): string | undefined {
  try {
    return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export const COMMANDS: Record<string, Command> = {
  check: { summary: 'check postmortems against the format and its rules', run: (argv) => runCheck(argv, processIo()) },
  new: { summary: 'start a new postmortem from the template', run: (argv) => runNew(argv, { ...terminalIo(), defaultAuthor: gitUserName }) },
  import: { summary: 'import postmortems written elsewhere (Markdown, HTML)', run: (argv) => runImport(argv, processIo()) },
  build: { summary: 'build the site into dist/, then its search index', run: (argv) => runBuild(argv, processIo()) },
  serve: { summary: 'serve the built site with its security headers', run: (argv) => runServe(argv, processIo()) },
  init: { summary: "make a copy of the sample repository the organisation's own", run: (argv) => runInit(argv, { ...terminalIo(), gitOrigin: () => defaultGitOrigin(process.cwd()) }) },
  report: { summary: 'the weekly report of overdue action items (Markdown)', run: (argv) => runReportOverdue(argv, processIo()) },
  sync: { summary: 'open and link GitHub issues for action items', run: (argv) => runActionItemsSync(argv, processIo()) },
  'pr-summary': { summary: "a pull request's job summary from check --format json", run: (argv) => runPrSummary(argv, processIo(false)) },
  schema: { summary: 'write the JSON Schema of the frontmatter for editors', run: (argv) => runSchema(argv, processIo()) },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: postmortems <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `postmortems <command> --help` for its options.',
  ].join('\n');
}

export async function main(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    io.stdout(version);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`postmortems: Unexpected command \`${name.replace(/[^\x20-\x7e]/g, '?')}\`, expected one of ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  return command.run(rest);
}
