import { runFormatDoc } from '../src/cli/format-doc.ts';

process.exitCode = await runFormatDoc(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  isTTY: false,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
