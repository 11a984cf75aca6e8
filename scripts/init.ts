import { defaultGitOrigin, runInit } from '../src/cli/init.ts';

process.exitCode = await runInit(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  // Prompts need both ends on a terminal: piped input cannot answer them.
  isTTY: !!process.stdin.isTTY && !!process.stdout.isTTY,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  input: process.stdin,
  output: process.stdout,
  gitOrigin: () => defaultGitOrigin(process.cwd()),
});
