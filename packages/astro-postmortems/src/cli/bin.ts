#!/usr/bin/env node
// The `postmortems` binary (package.json `bin`); the commands are in main.ts.
import { processIo } from './common.ts';
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), processIo());
