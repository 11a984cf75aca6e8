/** `npm run bench -- --count N`: see scripts/bench/cli.ts and docs/performance.md. */
import { main } from './bench/cli.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
