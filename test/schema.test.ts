import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// ajv comes with @astrojs/check (through the YAML language server that editors use for frontmatter).
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { frontmatterJsonSchema, serializeSchema, SCHEMA_FILE } from '../packages/astro-postmortems/src/cli/schema.ts';
import { frontmatterSchema } from '../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import { loadConfig } from '../packages/astro-postmortems/src/core/load-config.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { ENGINE_DIR } from './helpers/site.ts';
import { findPostmortems } from '../packages/astro-postmortems/src/core/repository.ts';

// The agreement test reads the test suite's own repository and configuration, never the checkout's content.
const fixtureRoot = fileURLToPath(new URL('fixtures/repository/', import.meta.url));
const fixtureConfig = await loadConfig(fixtureRoot);

describe('the JSON Schema of the frontmatter', () => {
  it('ships in the package (its `schema.json` export) as generated from the zod schema for the default configuration', async () => {
    const manifest = JSON.parse(await readFile(join(ENGINE_DIR, 'package.json'), 'utf8')) as { exports: Record<string, string> };
    expect(manifest.exports['./schema.json']).toBe(`./${SCHEMA_FILE}`);
    const shipped = await readFile(join(ENGINE_DIR, SCHEMA_FILE), 'utf8');
    expect(shipped).toBe(serializeSchema(frontmatterJsonSchema(resolveConfig({}))));
  });

  it('agrees with the zod schema on real and broken frontmatter', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
    const validate = ajv.compile(frontmatterJsonSchema(fixtureConfig));
    const zod = frontmatterSchema({ severities: fixtureConfig.severities });

    const samples: Record<string, unknown>[] = [];
    for (const path of (await findPostmortems(fixtureRoot, 'postmortems')).files) {
      const text = await readFile(new URL(`fixtures/repository/${path}`, import.meta.url), 'utf8');
      samples.push(parseYaml(text.split(/^---\s*$/m)[1]!, { schema: 'core' }) as Record<string, unknown>);
    }
    expect(samples.length).toBeGreaterThan(0);
    const base = samples[0]!;
    const incident = base['incident'] as Record<string, unknown>;
    const broken: Record<string, unknown>[] = [
      { ...base, severty: 'P1' },
      { ...base, severity: 'P9' },
      { ...base, status: 'done' },
      { ...base, title: 'Short' },
      { ...base, services: ['Checkout_API'] },
      { ...base, services: [] },
      { ...base, incident: { ...incident, started: '2026-11-20 14:05' } },
      { ...base, status: 'published', incident: { started: incident['started'] } },
      { ...base, actionItems: [{ title: 'X', owner: 'ops', due: '20 Nov' }] },
      { ...base, actionItems: [{ title: 'X', owner: 'ops', due: '2026-11-20', status: 'finished' }] },
      // §7 fields.
      { ...base, kind: 'outage' },
      { ...base, contributingFactors: [{ category: 'change', description: 'Short' }] },
      { ...base, contributingFactors: [{ category: 'change' }] },
      { ...base, contributingFactors: [{ category: 'change', description: 'The deploy had no canary stage.', owner: 'ops' }] },
      { ...base, review: { date: '10 March' } },
      { ...base, review: { facilitator: 'SRE', chair: 'SRE' } },
    ];
    const valid = [
      ...samples,
      { ...base, status: 'draft', incident: { started: incident['started'] } },
      { ...base, kind: 'near-miss', impact: undefined, review: { date: '2026-11-20', facilitator: 'Incident review group' } },
    ].map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
    for (const data of valid) {
      expect(zod.safeParse(data).success).toBe(true);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    }
    for (const data of broken) {
      expect(zod.safeParse(data).success).toBe(false);
      expect(validate(data)).toBe(false);
    }
  });
});
