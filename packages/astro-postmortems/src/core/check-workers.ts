/**
 * The worker threads of a repository check (`checkPaths`). Light on purpose (no rule, parser or schema): `check`
 * starts its workers with this module before it loads its own, so that each thread loads its modules (~0.3 s of CPU,
 * most of a small check) while the others do, instead of the workers starting only once the main thread has loaded
 * everything, read the configuration and listed the files.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ClaimedResults, WorkerInput } from './repository.ts';
import { engineModule } from './utils/module-url.ts';

/** Below this many files, starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 150;

/** Worker threads to use besides the main thread for `count` files: one per extra core (at most 3), for large runs only. */
export function defaultWorkers(count: number): number {
  if (count < PARALLEL_THRESHOLD) return 0;
  return Math.min(3, Math.max(0, availableParallelism() - 1));
}

/** A worker thread that loads the check's modules as soon as it starts and checks once it is given its input. */
export interface CheckWorker {
  worker: Worker;
  /** Hands the worker its input (once); resolves with what it checked. */
  run(input: WorkerInput): Promise<ClaimedResults>;
  /** Stops a worker that was not given input, once it has loaded its modules. */
  stop(): Promise<void>;
}

/** The message a worker posts once its modules are loaded, before it waits for its input. */
export const READY = 'check-worker-ready';

/**
 * Starts a worker thread; it loads its modules, says so (`READY`) and waits for its input (`run`). A worker not
 * given input must be stopped with `stop()`, which waits until it has loaded its modules: V8 (Node 22) aborts the
 * whole process when a thread is torn down while a module with top-level `await` is still being evaluated there.
 */
export function startCheckWorker(preload: readonly string[] = []): CheckWorker {
  const worker = new Worker(engineModule('./check-worker.ts', import.meta.url), {
    workerData: { preload: [...preload] } satisfies CheckWorkerData,
  });
  // Settled when the worker is ready, or has failed or stopped before it was.
  const ready = new Promise<void>((resolvePromise) => {
    const settle = () => {
      worker.off('message', onMessage);
      resolvePromise();
    };
    const onMessage = (message: unknown) => {
      if (message === READY) settle();
    };
    worker.on('message', onMessage);
    worker.once('error', settle);
    worker.once('exit', settle);
  });
  return {
    worker,
    run(input) {
      const results = new Promise<ClaimedResults>((resolvePromise, reject) => {
        worker.on('message', (message: unknown) => {
          if (message !== READY) resolvePromise(message as ClaimedResults);
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`check worker stopped with exit code ${code}`));
        });
      });
      // The shared counter (a SharedArrayBuffer) is shared by `postMessage`, not copied.
      worker.postMessage(input);
      return results;
    },
    async stop() {
      await ready;
      await worker.terminate();
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
