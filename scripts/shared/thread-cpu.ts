/**
 * CPU milliseconds this thread has used since `since` (a value this returned), the measure of every CPU-time guard in
 * the tests. The process's (`process.cpuUsage`) also counts its other threads: worker threads another test file of the
 * same vitest worker left finishing, V8's compiler and collector helpers. A guard on it can fail on a neighbour's work
 * (the highlighting guard failed once in a full run on a loaded machine, and passed alone). The benchmarks the guards'
 * headroom is set against (`scripts/reliability.ts`) run alone and count the process: an upper bound of the thread's.
 */
export function threadCpuMs(since = 0): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000 - since;
}
