/** Worker thread for `checkRepository`: checks its share of the files and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkMany, type WorkerInput } from './repository.ts';

const input = workerData as WorkerInput;
parentPort!.postMessage(await checkMany(input.root, input.paths, input.allPaths, { config: input.config, today: input.today, render: input.render }));
