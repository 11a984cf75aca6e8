/**
 * Worker thread of `test/build/cache-concurrency.test.ts`: writes articles and counted words into one cache folder
 * as the render step does in each of the loader's worker threads, and posts back the files it wrote and every error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeArticle, writeTerms } from '../../packages/astro-postmortems/src/integration/article-cache.ts';

const { folder, texts, rounds } = workerData as { folder: string; texts: string[]; rounds: number };
const written = new Set<string>();
const errors: string[] = [];
for (let round = 0; round < rounds; round++) {
  for (const text of texts) {
    try {
      written.add(writeArticle(folder, text));
      written.add(writeTerms(folder, text));
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
}
parentPort!.postMessage({ written: [...written], errors });
