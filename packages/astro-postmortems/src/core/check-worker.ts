/**
 * Worker thread for `checkRepository`: loads the check's modules as soon as it starts (check-workers.ts), then
 * waits for its input, checks the files it claims from the shared counter and posts the results back.
 */
import { parentPort } from 'node:worker_threads';
import { checkClaimed, type WorkerInput } from './repository.ts';

const input = await new Promise<WorkerInput>((resolve) => parentPort!.once('message', resolve));
parentPort!.postMessage(await checkClaimed(input.root, input.paths, input.allPaths, new Int32Array(input.counter), { config: input.config, today: input.today, render: input.render }));
