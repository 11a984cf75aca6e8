/**
 * `postmortems <command>`: every tool of the engine as one command, what an organisation's npm scripts and
 * workflows call. Each command is a function of its arguments and I/O (testable without a process); this file
 * only picks one.
 */
import { displayLine } from '../core/terminal-text.ts';
import { gitUserName, processIo, terminalIo, type CliIo } from './common.ts';
import { nodeRequirements, unsupportedNode } from './node-version.ts';

interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

// Each command's module is loaded only when it runs: `postmortems timeline` need not load Octokit or Astro.
export const COMMANDS: Record<string, Command> = {
  check: {
    summary: 'check postmortems against the format and its rules',
    run: async (argv) => (await import('./check.ts')).runCheck(argv, processIo()),
  },
  new: {
    summary: 'start a new postmortem from the template',
    run: async (argv) => (await import('./new.ts')).runNew(argv, { ...terminalIo(), defaultAuthor: gitUserName }),
  },
  import: {
    summary: 'import postmortems written elsewhere (Markdown, HTML)',
    run: async (argv) => (await import('./import.ts')).runImport(argv, processIo()),
  },
  timeline: {
    summary: "draw a postmortem's timeline from Slack, PagerDuty, Opsgenie/JSM or CSV",
    run: async (argv) => (await import('./timeline.ts')).runTimeline(argv, { ...processIo(), defaultAuthor: gitUserName }),
  },
  build: {
    summary: 'build the site into dist/, then its search index',
    run: async (argv) => (await import('./build.ts')).runBuild(argv, processIo()),
  },
  serve: {
    summary: 'serve the built site with its security headers',
    run: async (argv) => (await import('./serve.ts')).runServe(argv, processIo()),
  },
  init: {
    summary: "make a copy of the sample repository the organisation's own",
    run: async (argv) => {
      const { defaultGitOrigin, runInit } = await import('./init.ts');
      return runInit(argv, { ...terminalIo(), gitOrigin: () => defaultGitOrigin(process.cwd()) });
    },
  },
  report: {
    summary: 'the weekly report of overdue action items (Markdown)',
    run: async (argv) => (await import('./report-overdue.ts')).runReportOverdue(argv, processIo()),
  },
  sync: {
    summary: 'open and link GitHub issues for action items',
    run: async (argv) => (await import('./action-items-sync.ts')).runActionItemsSync(argv, processIo()),
  },
  'pr-summary': {
    summary: "a pull request's job summary from check --format json",
    run: async (argv) => (await import('./pr-summary.ts')).runPrSummary(argv, processIo(false)),
  },
  schema: {
    summary: 'write the JSON Schema of the frontmatter for editors',
    run: async (argv) => (await import('./schema.ts')).runSchema(argv, processIo()),
  },
  create: {
    summary: "create an organisation's postmortem repository (never overwrites)",
    run: async (argv) => (await import('./create.ts')).runCreate(argv, processIo()),
  },
  upgrade: {
    summary: 'migrate postmortems.config.ts to the installed version, keeping comments',
    run: async (argv) => (await import('./upgrade.ts')).runUpgrade(argv, processIo()),
  },
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
  const tooOld = unsupportedNode(process.versions.node, nodeRequirements(name === 'build'));
  if (tooOld !== undefined) {
    io.stderr(tooOld);
    return 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(displayLine`postmortems: Unexpected command \`${name}\`, expected one of ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  return command.run(rest);
}
