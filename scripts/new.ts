import { execFileSync } from 'node:child_process';
import { runNew } from '../src/cli/new.ts';

process.exitCode = await runNew(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  // Prompts need both ends on a terminal: piped input cannot answer them.
  isTTY: !!process.stdin.isTTY && !!process.stdout.isTTY,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  input: process.stdin,
  output: process.stdout,
  defaultAuthor: () => {
    try {
      return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  },
});
