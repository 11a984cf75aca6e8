import { runSchema } from '../src/cli/schema.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runSchema(process.argv.slice(2), processIo());
