/**
 * Caches an attacker can plant. Astro reads its data store back from the project (`node_modules/.astro/`,
 * `.astro/`): a folder being git-ignored does not stop `git add -f`, and `npm install` leaves unknown folders in
 * `node_modules/` alone. The loader's own check cache and articles are outside the project (`cache-folder.ts`), and
 * the check cache is signed besides. Each test plants what an attacker would — an entry or a cache naming an article
 * of their own, HTML with a script, stored under its true hash so the page's own hash check passes — and the next
 * build publishes the real article, never theirs. (Links planted at these paths: `cache-links.test.ts`.)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectCacheDir } from '../../../packages/astro-postmortems/src/integration/cache-folder.ts';
import { build, createSite, validPostmortem } from '../../helpers/site.ts';

const xdg = mkdtempSync(join(tmpdir(), 'pm-xdg-'));
const dirs: string[] = [xdg];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PAYLOAD = '<p>Forged article</p><script>document.title="owned"</script>';
const env = { POSTMORTEMS_SEARCH: 'off', XDG_CACHE_HOME: xdg };

/**
 * One site, built once; each test plants in what the build before it left, then builds again (3 builds, not 2 a test:
 * what a test plants is replaced by the build it runs, so the next one starts from a site as a build leaves it).
 */
let built: Awaited<ReturnType<typeof builtSite>>;
async function builtSite() {
  const site = createSite({ 'postmortems/2024-03-02-target.mdx': validPostmortem() });
  dirs.push(site.dir);
  const first = await build(site.dir, env);
  expect(first.code, first.output).toBe(0);
  const cacheDir = join(site.dir, 'node_modules/.astro');
  const loaderCache = projectCacheDir(site.dir, { XDG_CACHE_HOME: xdg });
  const articles = join(loaderCache, 'articles');
  const real = readdirSync(articles).find((f) => f.endsWith('.html'))!;
  // The attacker's article, named by its own hash, as the page verifies.
  const forgedName = `${createHash('sha256').update(PAYLOAD).digest('hex')}.html`;
  writeFileSync(join(articles, forgedName), PAYLOAD);
  const page = () => readFileSync(join(site.dir, 'dist/postmortems/2024-03-02-target/index.html'), 'utf8');
  return { site, cacheDir, loaderCache, real: join(articles, real), forged: join(articles, forgedName), page };
}
beforeAll(async () => {
  built = await builtSite();
});

describe('planted caches never publish', () => {
  test('a data store entry pointing at another article (same digest) is replaced by the one the loader renders, even when the signed check cache is used', async () => {
    const { site, cacheDir, real, forged, page } = built;
    // Planted again: the build before may have pruned it as an article no postmortem uses.
    writeFileSync(forged, PAYLOAD);
    const storeFile = join(cacheDir, 'data-store.json');
    const store = readFileSync(storeFile, 'utf8');
    expect(store).toContain(JSON.stringify(real));
    writeFileSync(storeFile, store.replaceAll(JSON.stringify(real), JSON.stringify(forged)));

    const second = await build(site.dir, env);
    expect(second.code, second.output).toBe(0);
    // The signed check cache of this machine is used (so the unsigned one of the next test is refused for its
    // signature, not for want of a cache): the file is not checked again, and still the store's entry is not trusted.
    expect(second.output).toMatch(/Checked 0 postmortems; 1 unchanged since the last run reused\./);
    expect(page()).not.toContain('Forged article');
    expect(page()).toContain('A cache flush slowed checkout for an hour.');
  });

  test('a check cache not signed on this machine is ignored: every file is checked again', async () => {
    const { site, loaderCache, real, forged, page } = built;
    // Planted again: the build before may have pruned it as an article no postmortem uses.
    writeFileSync(forged, PAYLOAD);
    const cacheFile = join(loaderCache, 'checks.json');
    const text = readFileSync(cacheFile, 'utf8');
    const body = text.slice(text.indexOf('\n') + 1).replaceAll(JSON.stringify(real), JSON.stringify(forged));
    expect(body).toContain(JSON.stringify(forged));
    // What an attacker can compute without the machine's key: a hash of the body, in the signature's place.
    writeFileSync(cacheFile, `${createHash('sha256').update(body).digest('hex')}\n${body}`);

    const second = await build(site.dir, env);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('Checked 1 postmortem.');
    expect(page()).not.toContain('Forged article');
    expect(page()).toContain('A cache flush slowed checkout for an hour.');
  });
});
