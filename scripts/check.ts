import { runCheck } from '../src/cli/check.ts';

process.exitCode = await runCheck(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
