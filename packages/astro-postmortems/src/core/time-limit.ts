/**
 * A time limit on checking one file (reading, parsing, every rule): the last guard against text that makes the
 * parser, a rule or a pattern from the configuration slow in a way no test has found yet. Three such paths were
 * found in one round (a key-body pattern took 2 minutes on a 3 KB file); without a limit one pull request could hold
 * a CI runner until the job's timeout, and `astro dev` until it is killed.
 *
 * The work runs inside a `vm` script with a `timeout`: V8 stops the thread's JavaScript wherever it is (a
 * backtracking regular expression included) once the time is up. That stop skips `finally` blocks, so the modules
 * of the thread may be left half-way through changing their state (a regular expression's `lastIndex`, a cache
 * being filled): from then on the thread is **tainted** and must not check another file. `repository.ts` hands the
 * rest to a fresh worker thread.
 *
 * The limit is wall-clock time (V8 offers no other), so it is generous: a 64 KB file of the worst shapes known
 * costs under 1 s of CPU on an idle machine, twenty times less than the default.
 */
import { Script } from 'node:vm';

const WORK = Symbol.for('astro-postmortems.time-limited-work');
// Compiled once: the script only calls the function it finds under the symbol, so no text of a file is ever code.
const call = new Script(`globalThis[Symbol.for('astro-postmortems.time-limited-work')]()`, {
  filename: 'astro-postmortems:time-limit',
});

let tainted = false;

/** Whether a limited run was stopped in this thread: its modules' state can no longer be trusted to check files. */
export function threadTainted(): boolean {
  return tainted;
}

export type Limited<T> = { done: true; value: T } | { done: false };

/**
 * Runs synchronous `work` for at most `ms` milliseconds. Returns its value, or `{ done: false }` once the time was
 * up, in which case this thread is tainted (`threadTainted`). An error `work` throws is thrown as it is.
 */
export function withinTimeLimit<T>(work: () => T, ms: number): Limited<T> {
  const slot = globalThis as unknown as Record<symbol, (() => T) | undefined>;
  slot[WORK] = work;
  try {
    return { done: true, value: call.runInThisContext({ timeout: ms, breakOnSigint: false }) as T };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      tainted = true;
      return { done: false };
    }
    throw error;
  } finally {
    slot[WORK] = undefined;
  }
}
