import { defaultGitOrigin, runInit } from '../src/cli/init.ts';
import { terminalIo } from '../src/cli/common.ts';

process.exitCode = await runInit(process.argv.slice(2), {
  ...terminalIo(),
  gitOrigin: () => defaultGitOrigin(process.cwd()),
});
