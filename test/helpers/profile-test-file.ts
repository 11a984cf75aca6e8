/**
 * A setup file for `npm run bench:tests` only (vitest.config.ts adds it when `TEST_PROFILE_DIR` is set): profiles
 * each test file inside its worker with `node:inspector`, imports included, and writes one CPU profile per file.
 * `vitest --cpu-prof` cannot do this: vitest ends its workers without letting Node write their profiles. With
 * `isolate: false` the session outlives a file, so it starts once per worker and is stopped and started again
 * after each file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { afterAll, expect } from 'vitest';

const dir = process.env['TEST_PROFILE_DIR'];
const slot = globalThis as { __testProfiler?: { session: Session; files: number } };

if (dir) {
  if (!slot.__testProfiler) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    slot.__testProfiler = { session, files: 0 };
  }
  afterAll(async () => {
    const profiler = slot.__testProfiler!;
    const { profile } = await profiler.session.post('Profiler.stop');
    const file = (expect.getState().testPath ?? 'unknown').replace(/^.*?\/test\//, '').replaceAll('/', '__');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${file}.${process.pid}.${profiler.files++}.cpuprofile`), JSON.stringify(profile));
    await profiler.session.post('Profiler.start');
  });
}
