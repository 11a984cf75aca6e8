import { gitUserName, processIo } from '../src/cli/common.ts';
import { runTimeline } from '../src/cli/timeline.ts';

process.exitCode = await runTimeline(process.argv.slice(2), { ...processIo(), defaultAuthor: gitUserName });
