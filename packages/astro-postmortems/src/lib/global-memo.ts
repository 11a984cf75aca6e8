/**
 * A value kept on `globalThis` under a registered symbol, so it outlives a module's reloads: in `astro dev` an edited
 * postmortem makes Vite re-evaluate every module that reads the collection, and module-level caches would start empty
 * on each edit (recomputing what did not change for thousands of postmortems). In a build each module is evaluated
 * once, so this is the same as a module-level value.
 */
export function globalMemo<T>(name: string, create: () => T): T {
  const key = Symbol.for(`postmortem-repository:${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  return (slots[key] ??= create());
}
