#!/usr/bin/env node
// `npm create astro-postmortems <dir>`: the engine's own `postmortems create <dir>`, from the engine of the same
// version (an exact dependency), so the repository it writes depends on that version's range. All the work and
// every option (`--help`) are the engine's: this package only makes the command reachable through `npm create`.
import { main } from 'astro-postmortems/cli';

const write = (stream) => (text) => stream.write(`${text}\n`);
process.exitCode = await main(['create', ...process.argv.slice(2)], { stdout: write(process.stdout), stderr: write(process.stderr) });
