import { runPrSummary } from '../src/cli/pr-summary.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runPrSummary(process.argv.slice(2), processIo(false));
