/**
 * What the writing page's checker needs besides its own code: the configuration the rules read (the GitHub
 * sync's owners and labels left out: no rule reads them) and every published postmortem's id and path, for the
 * rules that look across the repository (`related/unknown`, `id/duplicate`).
 */
import { getPostmortems } from '../../lib/postmortems.ts';
import { POSTMORTEMS_DIR } from '../../core/paths.ts';
import { siteConfig } from '../../site-config.ts';

export async function GET(): Promise<Response> {
  const { github: _github, ...config } = siteConfig;
  const postmortems = (await getPostmortems()).map((p) => [p.id, p.entry.filePath ?? `${POSTMORTEMS_DIR}/${p.id}.mdx`]);
  return new Response(JSON.stringify({ config, postmortems }), { headers: { 'Content-Type': 'application/json' } });
}
