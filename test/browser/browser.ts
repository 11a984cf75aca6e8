/** Launching Debian's Chromium with playwright-core: shared with the benchmark, in `scripts/shared/browser.ts`. */
export { CHROMIUM, launch } from '../../scripts/shared/browser.ts';
