/** The filter files of `/postmortems/` (see `lib/catalog.ts`): per facet value its ordinals, and the records in chunks. */
import { filterFileJson, filterFiles, getPostmortemCatalog, type FilterFileSpec } from '../../../lib/catalog.ts';

export async function getStaticPaths() {
  return filterFiles(await getPostmortemCatalog()).map(({ file, spec }) => ({ params: { file }, props: { spec } }));
}

export async function GET({ props }: { props: { spec: FilterFileSpec } }): Promise<Response> {
  return new Response(filterFileJson(await getPostmortemCatalog(), props.spec), { headers: { 'Content-Type': 'application/json' } });
}
