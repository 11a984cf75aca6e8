import { join } from 'node:path';
import { runBuild } from '../src/cli/build.ts';

process.exitCode = await runBuild(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  astro: join(import.meta.dirname, '../node_modules/.bin/astro'),
});
