import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { frontmatterSchema } from '../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import { linkHref } from '../packages/astro-postmortems/src/core/utils/tracker.ts';

const item = (link: string) => ({
  title: 'Checkout API errors after a pool change',
  severity: 'P2',
  status: 'draft',
  incident: { started: '2025-03-04T09:12:00Z' },
  services: ['checkout-api'],
  authors: ['Platform SRE'],
  actionItems: [{ title: 'Alert on pool use', owner: 'platform-sre', due: '2026-06-30', link }],
});

describe('tracker ids in actionItems[].link', () => {
  const config = resolveConfig({ tracker: { url: 'https://jira.example.com/browse/{id}' } });
  const withTracker = frontmatterSchema({ severities: config.severities, tracker: config.tracker });
  const without = frontmatterSchema({ severities: config.severities });

  it('accepts an id matching the pattern only when a tracker is configured', () => {
    expect(withTracker.safeParse(item('OBS-120')).success).toBe(true);
    expect(withTracker.safeParse(item('https://jira.example.com/browse/OBS-120')).success).toBe(true);
    expect(withTracker.safeParse(item('obs 120')).success).toBe(false);
    const refused = without.safeParse(item('OBS-120'));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('set `tracker.url` in postmortems.config.ts');
  });

  it('links an id with the template, a URL as written', () => {
    expect(linkHref('OBS-120', config.tracker)).toBe('https://jira.example.com/browse/OBS-120');
    expect(linkHref('https://x.example/1', config.tracker)).toBe('https://x.example/1');
    expect(linkHref('OBS-120', undefined)).toBeUndefined();
  });

  it('refuses a template without {id}, and honours a custom id pattern', () => {
    expect(() => resolveConfig({ tracker: { url: 'https://jira.example.com/browse/' } })).toThrow('{id}');
    const gh = resolveConfig({ tracker: { url: 'https://github.com/acme/ops/issues/{id}', idPattern: '\\d+' } });
    expect(linkHref('42', gh.tracker)).toBe('https://github.com/acme/ops/issues/42');
  });
});
