/** Worker thread for `checkRepository`: checks the files it claims from the shared counter and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkClaimed, type WorkerInput } from './repository.ts';

const input = workerData as WorkerInput;
parentPort!.postMessage(await checkClaimed(input.root, input.paths, input.allPaths, new Int32Array(input.counter), { config: input.config, today: input.today, render: input.render }));
