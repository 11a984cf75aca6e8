/**
 * A failure of the tool or of the machine it runs on (a cache that cannot be written, a disk that is full), never a
 * problem in the file being checked. The check reports content problems as messages on the author's file; an error
 * of this kind is not one of them: it stops the run and names what to fix on the machine.
 */

// A registered symbol, so that the mark holds across copies of this module (the engine is loaded both by Node and
// through Vite's module runner).
const BRAND = Symbol.for('astro-postmortems.tool-error');

export class ToolError extends Error {
  override name = 'ToolError';
  readonly [BRAND] = true;
}

export function isToolError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
