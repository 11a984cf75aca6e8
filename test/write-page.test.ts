/**
 * The parts of the writing page that are not the browser: the host's new-file URL (templates, encoding, GitHub's
 * length limit), the form's model from the schema, the map from a frontmatter line to its form field, the parser's
 * WebAssembly memory limits, and the one set of prompts `new` and the page share.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinFile, scaffold, scaffoldBody, scaffoldFrontmatter } from '../packages/astro-postmortems/src/cli/scaffold.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { lintFile } from '../packages/astro-postmortems/src/core/lint.ts';
import { parsePostmortem } from '../packages/astro-postmortems/src/core/parse.ts';
import { PROMPTS, validateTitle } from '../packages/astro-postmortems/src/core/prompts.ts';
import { importedMemoryLimits } from '../packages/astro-postmortems/src/lib/client/wasm-limits.ts';
import { fieldAt } from '../packages/astro-postmortems/src/lib/client/frontmatter-fields.ts';
import { newFileLink, newFileTemplate, NEW_FILE_TEMPLATES, URL_LIMIT } from '../packages/astro-postmortems/src/lib/new-file-url.ts';
import { FORM_FIELDS, writeFormModel } from '../packages/astro-postmortems/src/lib/write-form.ts';
import { ENGINE_DIR, FIXTURE_REPOSITORY } from './helpers/site.ts';

const config = resolveConfig({});
const github = { url: 'https://github.com/acme/postmortems', branch: 'main' };
const input = {
  title: 'Checkout API returned errors after a config push',
  severity: 'P2',
  services: ['checkout-api'],
  authors: ['Dana Okafor'],
  started: '2026-11-20T14:05:00-05:00',
};

describe("the host's new-file page", () => {
  it('GitHub: the path and the text in the query, each percent-encoded as a whole value', () => {
    const link = newFileLink(NEW_FILE_TEMPLATES.github, github, '2026-11-20-x.mdx', 'a & b\n# c?d=e');
    expect(link).toEqual({
      href: 'https://github.com/acme/postmortems/new/main?filename=postmortems%2F2026-11-20-x.mdx&value=a%20%26%20b%0A%23%20c%3Fd%3De',
      withContent: true,
    });
    expect(new URL(link.href).searchParams.get('value')).toBe('a & b\n# c?d=e');
  });

  it('a branch with a slash stays a path; the repository URL keeps no trailing slash', () => {
    const link = newFileLink(NEW_FILE_TEMPLATES.github, { url: 'https://github.com/acme/postmortems/', branch: 'team/main' }, 'x.mdx', 't');
    expect(link.href).toBe('https://github.com/acme/postmortems/new/team/main?filename=postmortems%2Fx.mdx&value=t');
  });

  it('past the limit, the text is left out and the name kept', () => {
    const long = 'x'.repeat(URL_LIMIT);
    expect(newFileLink(NEW_FILE_TEMPLATES.github, github, 'x.mdx', long)).toEqual({
      href: 'https://github.com/acme/postmortems/new/main?filename=postmortems%2Fx.mdx',
      withContent: false,
      reason: 'too-long',
    });
    // The limit counts the whole URL, after encoding.
    const fits = 'y'.repeat(URL_LIMIT - 'https://github.com/acme/postmortems/new/main?filename=postmortems%2Fx.mdx&value='.length);
    expect(newFileLink(NEW_FILE_TEMPLATES.github, github, 'x.mdx', fits).withContent).toBe(true);
    expect(newFileLink(NEW_FILE_TEMPLATES.github, github, 'x.mdx', `${fits}y`).withContent).toBe(false);
  });

  it("a fresh scaffold fits in GitHub's URL; a written postmortem takes the clipboard (the figures new-file-url.ts states)", () => {
    const text = scaffold(input, config);
    expect([text.length, encodeURIComponent(text).length]).toEqual([4_695, 6_959]);
    expect(newFileLink(newFileTemplate(github), github, '2026-11-20-x.mdx', text).withContent).toBe(true);
    const samples = readdirSync(join(FIXTURE_REPOSITORY, 'postmortems'))
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => readFileSync(join(FIXTURE_REPOSITORY, 'postmortems', f), 'utf8'));
    const encoded = samples.map((s) => encodeURIComponent(s).length).sort((a, b) => a - b);
    expect([encoded[0], encoded.at(-1)]).toEqual([5_326, 13_973]);
    expect(samples.filter((s) => newFileLink(newFileTemplate(github), github, 'x.mdx', s).withContent)).toHaveLength(1);
  });

  it('the template follows the host, and the configured one wins', () => {
    expect(newFileTemplate(github)).toBe(NEW_FILE_TEMPLATES.github);
    expect(newFileTemplate({ url: 'https://github.acme.internal/sre/postmortems', branch: 'main' })).toBe(NEW_FILE_TEMPLATES.github);
    expect(newFileTemplate({ url: 'https://gitlab.com/acme/postmortems', branch: 'main' })).toBe(NEW_FILE_TEMPLATES.gitlab);
    expect(newFileTemplate({ url: 'https://codeberg.org/acme/postmortems', branch: 'main' })).toBe(NEW_FILE_TEMPLATES.gitea);
    expect(newFileTemplate({ url: 'https://bitbucket.org/acme/postmortems', branch: 'main' })).toBe(NEW_FILE_TEMPLATES.bitbucket);
    expect(
      newFileTemplate({
        url: 'https://git.acme.internal/x',
        branch: 'main',
        newFileUrl: '{repository}/-/new/{branch}/{folder}?file_name={name}',
      }),
    ).toBe('{repository}/-/new/{branch}/{folder}?file_name={name}');
  });

  it('Gitea fills name and text; GitLab and Bitbucket take the name (or the folder) and the text from the clipboard', () => {
    const gitea = { url: 'https://codeberg.org/acme/postmortems', branch: 'main' };
    expect(newFileLink(newFileTemplate(gitea), gitea, 'x.mdx', 'hi').href).toBe(
      'https://codeberg.org/acme/postmortems/_new/main/postmortems?filename=x.mdx&value=hi',
    );
    const gitlab = { url: 'https://gitlab.com/acme/postmortems', branch: 'main' };
    expect(newFileLink(newFileTemplate(gitlab), gitlab, 'x.mdx', 'hi')).toEqual({
      href: 'https://gitlab.com/acme/postmortems/-/new/main/postmortems?file_name=x.mdx',
      withContent: false,
      reason: 'host',
    });
    const bitbucket = { url: 'https://bitbucket.org/acme/postmortems', branch: 'main' };
    expect(newFileLink(newFileTemplate(bitbucket), bitbucket, 'x.mdx', 'hi')).toEqual({
      href: 'https://bitbucket.org/acme/postmortems/src/main/postmortems/',
      withContent: false,
      reason: 'host',
    });
  });

  it('a content parameter in the middle of the query is dropped cleanly', () => {
    expect(newFileLink('{repository}/new/{branch}?value={content}&filename={path}', github, 'x.mdx', 'x'.repeat(9000)).href).toBe(
      'https://github.com/acme/postmortems/new/main?filename=postmortems%2Fx.mdx',
    );
  });

  it('the configuration checks a template', () => {
    expect(() => resolveConfig({ repository: { url: 'https://x.example/r', newFileUrl: 'javascript:alert(1)//{name}' } })).toThrow(
      /starting with `\{repository\}` or `https:\/\/`/,
    );
    expect(() => resolveConfig({ repository: { url: 'https://x.example/r', newFileUrl: '{repository}/new' } })).toThrow(
      /`\{name\}` or `\{path\}`/,
    );
  });
});

describe('the form, from the one schema', () => {
  it("every field has the schema's description as its help", () => {
    const { help } = writeFormModel(config);
    for (const field of FORM_FIELDS) expect(help[field], field).not.toBe('');
    expect(help['incident.resolved']).toMatch(/Required unless `status: draft`/);
    expect(help.title).toBe(PROMPTS.title.help);
  });

  it('choices come from the configuration', () => {
    const model = writeFormModel(resolveConfig({ severities: ['SEV1', 'SEV2'], factorCategories: { vendor: 'A supplier failed.' } }));
    expect(model.severities).toEqual(['SEV1', 'SEV2']);
    expect(model.categories).toEqual([['vendor', 'A supplier failed.']]);
  });
});

describe('one template, one set of prompts', () => {
  it('the page joins the frontmatter and the body as new writes the file', () => {
    expect(joinFile(scaffoldFrontmatter(input, Object.keys(config.factorCategories)), scaffoldBody(input, config))).toBe(
      scaffold(input, config),
    );
  });

  it('what the form may add is written live, and the file passes check', () => {
    const full = {
      ...input,
      status: 'published' as const,
      resolved: '2026-11-20T15:00:00-05:00',
      tags: ['config-change'],
      impact: { usersAffected: 1200, sloBreached: true },
      review: { date: '2026-11-25', facilitator: 'Incident review group' },
      actionItems: [
        { title: 'Validate the pool size range in CI', owner: 'checkout-team', due: '2099-01-01', type: 'prevent', status: 'open' },
      ],
      factors: [
        { category: 'configuration', description: 'The pool size had no range check, so a value ten times too small passed review.' },
      ],
    };
    const text = scaffold(full, config);
    expect(text).toContain('  resolved: 2026-11-20T15:00:00-05:00\n');
    expect(text).toContain('  # detected: 2026-11-20T00:00:00-05:00   # when an alert or a person first noticed\n');
    expect(text).toContain('actionItems:\n  - title: "Validate the pool size range in CI"\n');
    const messages = lintFile(parsePostmortem('postmortems/2026-11-20-checkout-api-errors.mdx', text), {
      config,
      repository: { ids: new Map() },
      today: '2026-11-24',
    }).messages;
    // Published with the guidance still in it: only the guidance is refused, every field the form wrote is valid.
    expect(new Set(messages.filter((m) => m.severity === 'error').map((m) => m.rule))).toEqual(new Set(['content/placeholder']));
  });

  it('new asks with the shared prompts and validators', () => {
    const source = readFileSync(join(ENGINE_DIR, 'src/cli/new.ts'), 'utf8');
    for (const key of ['title', 'severity', 'services', 'started', 'authors', 'slug', 'factors', 'factorDescription'] as const)
      expect(source, key).toContain(`PROMPTS.${key}.label`);
    expect(source).not.toMatch(/message: '[A-Z]/);
    expect(validateTitle('short')).toMatch(/expected 8–140 characters/);
  });
});

describe("the page's helpers", () => {
  it('a frontmatter line names its form field', () => {
    const lines = scaffold(
      {
        ...input,
        actionItems: [
          { title: 'A', owner: 'b', due: '2026-12-01' },
          { title: 'C', owner: 'd', due: 'soon' },
        ],
        factors: [{ category: 'change', description: 'The deploy had no canary.' }],
      },
      config,
    ).split('\n');
    const at = (text: string) =>
      fieldAt(
        lines,
        lines.findIndex((l) => l.includes(text)),
      );
    expect(at('title: "Checkout')).toBe('title');
    expect(at('  started:')).toBe('incident.started');
    expect(at('  - checkout-api')).toBe('services');
    expect(at('due: soon')).toBe('actionItems.1.due');
    expect(at('owner: "b"')).toBe('actionItems.0.owner');
    expect(at('description: "The deploy')).toBe('contributingFactors.0.description');
  });

  it("the parser's WebAssembly declares the memory the loader creates", () => {
    const wasm = readFileSync(join(ENGINE_DIR, 'vendor/satteri/satteri_napi.wasm32-wasi.wasm'));
    const limits = importedMemoryLimits(new Uint8Array(wasm));
    expect(limits.initial).toBeGreaterThan(16);
    expect(limits.initial).toBeLessThan(4000);
    expect(limits.maximum === undefined || limits.maximum >= limits.initial).toBe(true);
    expect(() => new WebAssembly.Memory({ initial: limits.initial, maximum: limits.maximum ?? 65536, shared: true })).not.toThrow();
  });
});
