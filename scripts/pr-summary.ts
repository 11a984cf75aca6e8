import { runPrSummary } from '../src/cli/pr-summary.ts';

process.exitCode = await runPrSummary(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  isTTY: false,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
