#!/usr/bin/env node
// The `postmortems` command (package.json `bin`). A committed entry point rather than dist/cli/bin.js itself:
// npm links a package's commands before its `prepare` script compiles dist/, so in a fresh clone of the
// engine's repository a link to a compiled file would be skipped and `npm run check` would find no command.
import '../dist/cli/bin.js';
