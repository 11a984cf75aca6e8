/**
 * Worker thread for `checkRepository`: loads the check's modules as soon as it starts (check-workers.ts), then
 * waits for its input, checks the files it claims from the shared counter and posts the results back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { READY, type CheckWorkerData } from './check-workers.ts';
import { checkClaimed, type WorkerInput } from './repository.ts';

// Loaded while the main thread still loads its own modules and reads the configuration (a failure here is left to
// the check, which imports the module again and reports it).
for (const module of (workerData as CheckWorkerData | undefined)?.preload ?? [])
  await import(/* @vite-ignore */ module).catch(() => undefined);
parentPort!.postMessage(READY);
const input = await new Promise<WorkerInput>((resolve) => parentPort!.once('message', resolve));
parentPort!.postMessage(
  await checkClaimed(input.root, input.paths, input.allPaths, new Int32Array(input.counter), {
    config: input.config,
    today: input.today,
    render: input.render,
    limitMs: input.limitMs,
    slice: input.slice,
  }),
);
