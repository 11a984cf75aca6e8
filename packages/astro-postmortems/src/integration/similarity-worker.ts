/** `astro dev`: "similar incidents" computed off the dev server's thread (`getSimilar` in site-data.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { similarFor, type SimilarityInput } from './similarity.ts';
import { readTerms } from '../integration/article-cache.ts';

parentPort!.postMessage([...similarFor(workerData as SimilarityInput, readTerms)]);
