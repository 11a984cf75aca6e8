/**
 * The one seed of every fast-check property in the suites: the day's date (the same for every run that day, so a
 * failure seen in CI replays locally the same day), or FC_SEED. fast-check prints the seed and path of a failing
 * run; `FC_SEED=<seed> npx vitest run <file>` replays it.
 */
export function fastCheckSeed(env: NodeJS.ProcessEnv = process.env, now = new Date()): number {
  const given = env['FC_SEED'];
  if (given !== undefined) {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed))
      throw new Error(`FC_SEED=${JSON.stringify(given)} is not an integer; unset it or give the seed a failure printed`);
    return seed;
  }
  return Number(now.toISOString().slice(0, 10).replaceAll('-', ''));
}
