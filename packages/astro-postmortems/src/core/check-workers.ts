/**
 * The worker threads of a repository check (`checkPaths`). Light on purpose (no rule, parser or schema): `check`
 * starts its workers with this module before it loads its own, so that each thread loads its modules (~0.3 s of CPU,
 * most of a small check) while the others do, instead of the workers starting only once the main thread has loaded
 * everything, read the configuration and listed the files.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CheckedFile, WorkerInput } from './repository.ts';
import type { LintMessage } from './messages.ts';
import { engineModule } from './utils/module-url.ts';

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 150;

/** Worker threads to use besides the main thread for `count` files: one per extra core (at most 3), for large runs only. */
export function defaultWorkers(count: number): number {
  if (count < PARALLEL_THRESHOLD) return 0;
  return Math.min(3, Math.max(0, availableParallelism() - 1));
}

export type ClaimedResults = [number, CheckedFile | LintMessage][];

/** A worker thread that loads the check's modules as soon as it starts and checks once it is given its input. */
export interface CheckWorker {
  worker: Worker;
  /** Hands the worker its input (once); resolves with what it checked. */
  run(input: WorkerInput): Promise<ClaimedResults>;
}

/**
 * Starts a worker thread; it waits for its input (`run`). Until then it does not keep the process alive, so a
 * command that stops early (a configuration error, too few files) leaves no thread behind; `terminate()` stops it
 * at once.
 */
export function startCheckWorker(preload: readonly string[] = []): CheckWorker {
  const worker = new Worker(engineModule('./check-worker.ts', import.meta.url), { workerData: { preload: [...preload] } satisfies CheckWorkerData });
  worker.unref();
  return {
    worker,
    run(input) {
      worker.ref();
      const results = new Promise<ClaimedResults>((resolvePromise, reject) => {
        worker.once('message', resolvePromise);
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`check worker stopped with exit code ${code}`));
        });
      });
      // The shared counter (a SharedArrayBuffer) is shared by `postMessage`, not copied.
      worker.postMessage(input);
      return results;
    },
  };
}

/**
 * Workers started ahead of a check of about `expected` files (as many as `defaultWorkers` gives for that many);
 * `preload`: modules (`file:` URLs) each loads while it waits for its input, such as the render step's.
 */
export function startCheckWorkers(expected: number, preload: readonly string[] = []): CheckWorker[] {
  return Array.from({ length: defaultWorkers(expected) }, () => startCheckWorker(preload));
}

/** What a check worker is started with. */
export interface CheckWorkerData {
  preload: string[];
}
