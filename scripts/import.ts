import { runImport } from '../src/cli/import.ts';

process.exitCode = await runImport(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
