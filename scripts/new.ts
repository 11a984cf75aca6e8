import { execFileSync } from 'node:child_process';
import { runNew } from '../src/cli/new.ts';
import { terminalIo } from '../src/cli/common.ts';

process.exitCode = await runNew(process.argv.slice(2), {
  ...terminalIo(),
  defaultAuthor: () => {
    try {
      return execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  },
});
