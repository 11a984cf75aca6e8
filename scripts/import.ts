import { runImport } from '../src/cli/import.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runImport(process.argv.slice(2), processIo());
