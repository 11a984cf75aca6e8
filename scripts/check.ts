import { runCheck } from '../src/cli/check.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runCheck(process.argv.slice(2), processIo());
