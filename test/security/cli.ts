/** The real `check` entry script in a child process, with a clean environment (no `GITHUB_ACTIONS` from the machine running the tests). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { LintMessage } from '../../packages/astro-postmortems/src/core/messages.ts';
import { PROJECT } from './mutations.ts';
import { CLI } from '../helpers/site.ts';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface JsonReport {
  files: number;
  errors: number;
  warnings: number;
  messages: LintMessage[];
}

/**
 * Runs `postmortems check …` in `cwd`; `uid`/`gid` run it as another user (the tests run as root in CI), `openFiles`
 * under that limit of open files (`ulimit -n` of `sh`, which reads no startup file): the hard limit as well as the soft
 * one, since Node raises its soft limit to the hard one when it starts.
 */
export function check(
  cwd: string,
  args: string[],
  { openFiles, ...options }: { uid?: number; gid?: number; openFiles?: number } = {},
): Promise<Run> {
  const env = { PATH: process.env['PATH'] ?? '' };
  const command = [join(PROJECT, 'node_modules/.bin/node'), CLI, 'check', ...args];
  const [file, ...argv] = openFiles === undefined ? command : ['sh', '-c', `ulimit -n ${openFiles} && exec "$@"`, 'sh', ...command];
  return new Promise((resolve, reject) => {
    execFile(file!, argv, { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      // A non-zero exit is a result here; only failing to start the process is an error.
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
