import { runActionItemsSync } from '../src/cli/action-items-sync.ts';

process.exitCode = await runActionItemsSync(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
