/**
 * Runs before every test file of `npm test` (both layers): seeds every fast-check property with the run's one seed
 * (test/helpers/fast-check-seed.ts; printed once by the global setup), and removes the temporary folders helper
 * modules made for the file once it is done.
 */
import fc from 'fast-check';
import { afterAll } from 'vitest';
import { fastCheckSeed } from './helpers/fast-check-seed.ts';
import { removeTempDirs } from './helpers/temp-dirs.ts';

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: fastCheckSeed() });
afterAll(removeTempDirs);
