/**
 * `.github/CODEOWNERS` as `postmortems init` and `postmortems create` write it (and as this repository ships it), and
 * the one check of the owners a person types into either: postmortems/ to the people who run incident reviews,
 * everything else (the configuration, which `check` and the build run, the workflows, pages, dependencies) to the
 * site's owners. The last matching line wins, so the code lines come after the content line.
 */
import { CONFIG_FILE } from '../core/config.ts';
import { POSTMORTEMS_DIR } from '../core/repository.ts';
import { displayLine } from '../core/terminal-text.ts';

export const CODEOWNERS_FILE = '.github/CODEOWNERS';

export interface Codeowners {
  /** Who reviews `postmortems/` (content); without them, the line is a commented example and the engine owners review it. */
  content?: string | undefined;
  /** Who reviews everything else; without them, commented examples (`create` without owners: the organisation fills them in). */
  engine?: string | undefined;
}

/** Code beside the content, and the files that decide who reviews and what CI runs: never the content reviewers'. */
const CODE = [`/${CONFIG_FILE}`, '/.github/', '/src/', '/package.json', '/package-lock.json'];

export function renderCodeowners({ content, engine }: Codeowners): string {
  const line = (path: string, owners: string | undefined, example: string) =>
    owners ? `${path.padEnd(23)} ${owners}` : `# ${path.padEnd(21)} ${example}`;
  const admins = '@your-org/postmortems-admins';
  return `# Who must review changes (GitHub CODEOWNERS; the last matching pattern wins; turn on "Require review from Code
# Owners" in the branch protection of main). Yours to edit. Written by \`postmortems init\` or \`create\`.
# https://docs.github.com/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
#
# ${CONFIG_FILE} is code: \`check\`, the build and every deploy run it. It is reviewed with the rest of the
# code by the engine owners, never by content reviewers alone.

# Everything not listed below: the configuration, workflows, pages, dependencies.
${line('*', engine, admins)}
# Postmortems and the images beside them: content.
${line(`/${POSTMORTEMS_DIR}/`, content, '@your-org/incident-review')}
# Code that sits beside the content, and the files that decide who reviews and what CI runs.
${CODE.map((path) => line(path, engine, admins)).join('\n')}
`;
}

/**
 * Why `owners` cannot stand in a CODEOWNERS line, or undefined when it can: GitHub logins (`@octocat`), teams
 * (`@org/team`) or e-mail addresses, separated by spaces. Anything else would write another line (a line break
 * and `* @someone`) or a `#` comment that silently drops the owners after it.
 */
export function ownersProblem(owners: string): string | undefined {
  const wrong = owners
    .trim()
    .split(/ +/)
    .find(
      (owner) => !/^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?|[^\s@#]+@[^\s@#]+\.[^\s@#]+)$/.test(owner),
    );
  return wrong === undefined
    ? undefined
    : displayLine`${wrong} is not a GitHub login (@octocat), team (@org/team) or e-mail address; separate owners with spaces`;
}
