/**
 * A render step for the loader's tests (test/loader/): the engine's own (`render-step.ts`), after what the test asks
 * of it through `renderControl`: count the renders, change the file being checked (an editor saving during the
 * check), or fail as the tool itself fails (a cache it cannot write).
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RenderFunction } from '../../packages/astro-postmortems/src/core/repository.ts';
import { CacheError } from '../../packages/astro-postmortems/src/integration/cache-folder.ts';
import type { RenderedPostmortem, RenderStepOptions } from '../../packages/astro-postmortems/src/integration/render.ts';
import renderPostmortem from '../../packages/astro-postmortems/src/integration/render-step.ts';

export interface RenderControl {
  /** Renders so far. */
  renders: number;
  /** Appends a line to the file on each render. */
  rewrite: boolean;
  /** Throws a `CacheError` (a failure of the tool, not of the file). */
  fail: boolean;
}

// On globalThis: the loader loads this module by URL, which may be another instance than the test's import.
export const renderControl: RenderControl = ((globalThis as Record<symbol, RenderControl | undefined>)[Symbol.for('loader-test-render')] ??=
  { renders: 0, rewrite: false, fail: false });

export const LOADER_RENDER_MODULE = new URL(import.meta.url).href;

const render: RenderFunction<RenderedPostmortem | null, RenderStepOptions> = async (file, context) => {
  renderControl.renders++;
  if (renderControl.fail) throw new CacheError('the test made the article cache unwritable');
  if (renderControl.rewrite) appendFileSync(resolve(context.root, file.path), '\n');
  return renderPostmortem(file, context);
};

export default render;
