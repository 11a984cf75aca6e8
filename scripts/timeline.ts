import { execFileSync } from 'node:child_process';
import { processIo } from '../src/cli/common.ts';
import { runTimeline } from '../src/cli/timeline.ts';

const gitAuthor = () => {
  try {
    return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
};

process.exitCode = await runTimeline(process.argv.slice(2), { ...processIo(), defaultAuthor: gitAuthor });
