import { runActionItemsSync } from '../src/cli/action-items-sync.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runActionItemsSync(process.argv.slice(2), processIo());
