/**
 * Where the built site will be served: `SITE_URL` and `BASE_PATH` from the
 * environment win over `siteUrl` and `basePath` in `postmortems.config.ts`.
 * Without a site URL, canonical links, `og:url`, the feed and the sitemap
 * point to `http://localhost:4321/`: a deployment build (`DEPLOY=1`) fails
 * then, and a build in CI warns.
 */
import type { PostmortemConfigInput } from '../core/config.ts';
import { readEnvironment } from '../core/environment.ts';

export const LOCAL_SITE = 'http://localhost:4321';

export class DeploymentError extends Error {
  override name = 'DeploymentError';
}

export function deploymentSite(
  config: Pick<PostmortemConfigInput, 'siteUrl' | 'basePath'>,
  env: Record<string, string | undefined>,
  warn: (message: string) => void = (m) => console.warn(m),
): { site: string; base: string; local: boolean } {
  const url = readEnvironment('SITE_URL', env) || config.siteUrl;
  const base = readEnvironment('BASE_PATH', env) || config.basePath || '/';
  if (url) return { site: url, base, local: false };
  const message =
    'No site URL: canonical links, og:url, the RSS feed and the sitemap will point to http://localhost:4321/. ' +
    'Set SITE_URL (e.g. SITE_URL=https://postmortems.internal.example.com) or `siteUrl` in postmortems.config.ts; see "Deploying" in node_modules/astro-postmortems/README.md.';
  if (readEnvironment('DEPLOY', env) === '1') throw new DeploymentError(`DEPLOY=1: ${message}`);
  if (readEnvironment('CI', env)) warn(`[postmortems] warning: ${message}`);
  return { site: LOCAL_SITE, base, local: true };
}
