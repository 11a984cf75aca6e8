/** Action item links are named after their ticket (lib/tracker-label.ts), as people say them. */
import { describe, expect, it } from 'vitest';
import { trackerLabel } from '../packages/astro-postmortems/src/lib/tracker-label.ts';

describe('tracker labels', () => {
  it('keep an id as written and find the id in a tracker address', () => {
    expect(trackerLabel('OBS-120')).toBe('OBS-120');
    expect(trackerLabel('https://tracker.example.com/OPS-2871')).toBe('OPS-2871');
    expect(trackerLabel('https://acme.atlassian.net/browse/PAY-77')).toBe('PAY-77');
    expect(trackerLabel('https://acme.atlassian.net/jira/software/projects/PAY/boards/3?selectedIssue=PAY-12')).toBe('PAY-12');
    expect(trackerLabel('https://linear.app/acme/issue/ENG-431/fix-the-pool')).toBe('ENG-431');
  });

  it('name forge issues and pull requests as repository#number', () => {
    expect(trackerLabel('https://github.com/acme/payments/issues/412')).toBe('payments#412');
    expect(trackerLabel('https://github.com/acme/payments/pull/9')).toBe('payments#9');
    expect(trackerLabel('https://gitlab.com/acme/infra/-/issues/31')).toBe('infra#31');
  });

  it('fall back to the host and the last segment, never to a bare "Ticket"', () => {
    expect(trackerLabel('https://wiki.example.com/runbooks/queue-failover')).toBe('wiki.example.com/…/queue-failover');
    expect(trackerLabel('https://example.com/')).toBe('example.com');
    expect(trackerLabel('https://example.com/a/very-long-document-name-that-goes-on-and-on').length).toBeLessThanOrEqual(40);
  });
});
