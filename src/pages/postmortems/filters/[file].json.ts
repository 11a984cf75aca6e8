/** The postmortem list's filter files (see `lib/catalog.ts`): per facet value its ordinals, and the cards in chunks. */
import { filterFiles, getPostmortemCatalog } from '../../../lib/catalog.ts';
import { gaps } from '../../../lib/paging.ts';

export async function getStaticPaths() {
  return filterFiles(await getPostmortemCatalog(), gaps).map(([file, json]) => ({ params: { file }, props: { json } }));
}

export function GET({ props }: { props: { json: string } }): Response {
  return new Response(props.json, { headers: { 'Content-Type': 'application/json' } });
}
