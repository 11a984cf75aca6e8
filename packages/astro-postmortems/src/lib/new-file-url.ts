/**
 * The repository host's "new file" page, opened by the writing page (`/write/`) with the postmortem's file name and,
 * when it fits in a URL, its text: the path for people without git. The template comes from
 * `repository.newFileUrl` in postmortems.config.ts, or from the host of `repository.url`.
 *
 * Hosts, as documented or shown by their maintainers:
 * - GitHub: `/new/<branch>?filename=<path>&value=<text>` fills the name and the editor (isaacs/github#1527; the same
 *   form for GitHub Enterprise, so it is also the default for an unknown host);
 * - Gitea and Forgejo: `/_new/<branch>/<folder>?filename=<name>&value=<text>` (go-gitea/gitea#16556, "just like
 *   GitHub");
 * - GitLab: `/-/new/<branch>/<folder>?file_name=<name>` names the file; GitLab does not fill the editor from the URL
 *   (un-ts/changesets-gitlab#178), so the text always goes through the clipboard;
 * - Bitbucket: no page prefills a new file; the folder's source view opens and the text is on the clipboard.
 *
 * Length: GitHub answers `414 URI Too Long` past 8,192 bytes of URL (8,191 documented in github/docs#5136,
 * 2^13 measured in sourcegraph/jetbrains#504); `URL_LIMIT` keeps a margin under it. A longer text is copied to the
 * clipboard and the page opened with the name alone. Measured (test/write-page.test.ts): a fresh scaffold of the
 * default sections is 4,695 characters, 6,959 percent-encoded, and goes in the URL; the test suite's nine sample
 * postmortems are 3,718–9,921 characters, 5,326–13,973 encoded, and all but the near miss take the clipboard.
 */
import { POSTMORTEMS_DIR } from '../core/paths.ts';
import { withoutTrailingSlashes } from '../core/urls.ts';

export const NEW_FILE_TEMPLATES = {
  github: '{repository}/new/{branch}?filename={path}&value={content}',
  gitea: '{repository}/_new/{branch}/{folder}?filename={name}&value={content}',
  gitlab: '{repository}/-/new/{branch}/{folder}?file_name={name}',
  bitbucket: '{repository}/src/{branch}/{folder}/',
} as const;

/** The longest URL opened with the text in it: under GitHub's 8,192 bytes, with room for what a proxy adds. */
export const URL_LIMIT = 8_000;

export interface RepositoryLink {
  url: string;
  branch: string;
  newFileUrl?: string | undefined;
}

/** The configured template, or the one for the host of `repository.url`. */
export function newFileTemplate(repository: RepositoryLink): string {
  if (repository.newFileUrl) return repository.newFileUrl;
  let host = '';
  try {
    host = new URL(repository.url).hostname.toLowerCase();
  } catch {
    // An unparsable URL keeps GitHub's form; the link then goes nowhere useful, as the site's "Edit" links do.
  }
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return NEW_FILE_TEMPLATES.gitlab;
  if (host === 'codeberg.org' || host === 'gitea.com' || host.startsWith('gitea.') || host.startsWith('forgejo.'))
    return NEW_FILE_TEMPLATES.gitea;
  if (host === 'bitbucket.org') return NEW_FILE_TEMPLATES.bitbucket;
  return NEW_FILE_TEMPLATES.github;
}

export interface NewFileLink {
  /** The URL to open. */
  href: string;
  /** Whether the text is in the URL; otherwise it must be put on the clipboard. */
  withContent: boolean;
  /** Why the text is not in the URL, for the page to say. */
  reason?: 'too-long' | 'host';
}

/**
 * The new-file page for `name` holding `content`. A placeholder in a URL's path is percent-encoded segment by
 * segment (a branch may hold `/`), one in its query as a whole value; the `{content}` parameter is dropped when the
 * URL would pass `limit`, or is absent from the template.
 */
export function newFileLink(template: string, repository: RepositoryLink, name: string, content: string, limit = URL_LIMIT): NewFileLink {
  const values: Record<string, string> = { branch: repository.branch, folder: POSTMORTEMS_DIR, name, path: `${POSTMORTEMS_DIR}/${name}` };
  const fill = (text: string, inQuery: boolean) =>
    text.replace(/\{(branch|folder|name|path)\}/g, (_m, key: string) =>
      inQuery ? encodeURIComponent(values[key]!) : values[key]!.split('/').map(encodeURIComponent).join('/'),
    );
  const expanded = template.replace('{repository}', withoutTrailingSlashes(repository.url));
  const q = expanded.indexOf('?');
  const base = q === -1 ? fill(expanded, false) : `${fill(expanded.slice(0, q), false)}?${fill(expanded.slice(q + 1), true)}`;
  const withoutContent = base
    .replace(/([?&])[^=&#]*=\{content\}(&?)/, (_m, lead: string, tail: string) => (tail ? lead : ''))
    .replace(/[?&]$/, '');
  if (!base.includes('{content}')) return { href: withoutContent, withContent: false, reason: 'host' };
  const href = base.replace('{content}', encodeURIComponent(content));
  return href.length <= limit ? { href, withContent: true } : { href: withoutContent, withContent: false, reason: 'too-long' };
}
