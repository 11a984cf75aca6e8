/**
 * A command's `run<Name>(argv, io)` in the test's own process, its output captured byte for byte as the real process
 * writes it (the same `displayBlock` guard, no terminal): for tests about what a command does, not about the
 * process boundary. Each command keeps at least one test through the real `postmortems` process (`CLI`).
 */
import { streamIo, type CliIo } from '../../packages/astro-postmortems/src/cli/common.ts';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runHere(
  run: (argv: string[], io: CliIo) => Promise<number>,
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  // A clean environment, as the real-process helpers give the child (no `GITHUB_ACTIONS` from the machine running the tests).
  const io = streamIo({
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    isTTY: false,
    errorIsTTY: false,
    writeOut: (t) => (stdout += t),
    writeErr: (t) => (stderr += t),
  });
  const code = await run(args, io);
  return { code, stdout, stderr };
}
