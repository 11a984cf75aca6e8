import { expectMessage, type Cases } from './harness.ts';

const invalid = expectMessage('frontmatter/invalid', 'error');

export default {
  // `Z`, `+05:30`, `-05:00` and the basic form `+0530` are all ISO 8601 offsets.
  'ok-offsets.mdx': [],
  // YAML's core schema keeps unquoted dates and date-times as strings.
  'ok-unquoted-dates.mdx': [],
  'ok-every-field.mdx': [],
  'not-ok-no-offset.mdx': [invalid(6, 12, '`2025-03-04T09:12:00`: Expected an offset')],
  'not-ok-invalid-calendar-dates.mdx': [
    invalid(7, 13, '`incident.detected` `2025-02-29T00:05:00Z`'),
    invalid(17, 10, '`actionItems[0].due` `2024-13-01`'),
  ],
  'not-ok-unknown-field.mdx': [invalid(2, 1, 'Missing required field `severity`'), invalid(3, 1, '`severty`; did you mean `severity`?')],
  'not-ok-nested-unknown-field.mdx': [
    invalid(6, 3, 'Missing required field `incident.started`'),
    invalid(6, 3, '`incident.strated`; did you mean `started`?'),
  ],
  'not-ok-action-item-status.mdx': [invalid(18, 13, '`actionItems[0].status` value `todo`')],
  'not-ok-missing-status.mdx': [invalid(2, 1, 'Missing required field `status`, expected one of `draft`')],
  'not-ok-severity.mdx': [invalid(3, 11, '`severity` `P5`')],
  // The incident's start written where its map of times belongs.
  'not-ok-incident-not-a-map.mdx': [
    invalid(5, 11, "`incident` value `2025-03-04T09:12:00Z`, expected a map of the incident's times: `started:` (an ISO 8601"),
  ],
  'not-ok-missing-resolved.mdx': [invalid(6, 3, '`incident.resolved`')],
  'not-ok-missing-frontmatter.mdx': [invalid(1, 1, '`---`')],
  'not-ok-empty-frontmatter.mdx': [invalid(1, 1, '`key: value`')],
  'not-ok-not-a-map.mdx': [invalid(1, 1, '`key: value`')],
  'not-ok-yaml-syntax.mdx': [invalid(2, 8, 'Nested mappings')],
  'not-ok-duplicate-keys.mdx': [invalid(5, 1, 'Map keys must be unique')],
  // As written in another template: a ticket field called `bug` (spelled like `due`, meant as `link`), no due date, a bare ticket id.
  'not-ok-converted-action-items.mdx': [
    invalid(15, 5, 'Missing required field `actionItems[0].due`, expected a date `YYYY-MM-DD`'),
    invalid(18, 5, '`actionItems[0].bug`; did you mean `link`?'),
    invalid(22, 11, '`OBS-121`: Expected an http(s) URL to the tracker ticket; to write ticket ids such as `OBS-120`, set `tracker.url`'),
  ],
  'not-ok-contributing-factor.mdx': [
    invalid(19, 7, '`kind` value `outage`, expected one of `incident`, `near-miss`'),
    invalid(22, 18, '`contributingFactors[0].description` `Short`: Expected a contributing-factor description of at least 8 characters'),
    invalid(23, 5, '`contributingFactors[0].owner`'),
    invalid(25, 9, '`review.date` `10 March`'),
  ],
  'not-ok-wrong-types.mdx': [invalid(10, 11, '`services` value `checkout-api`'), invalid(16, 11, '`actionItems[0].link` `tracker/OPS-12`')],
} satisfies Cases;
