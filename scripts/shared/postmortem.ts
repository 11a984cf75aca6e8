/** A short postmortem that passes every rule (on 2026-01-15), as a base for fixtures built at run time. */
export const TODAY = '2026-01-15';

const VALID = `---
title: "Checkout rates failed after cache rule change {n}"
severity: P2
status: published
incident:
  started: 2025-06-10T14:03:00Z
  resolved: 2025-06-10T15:20:00Z
services:
  - checkout-api
authors:
  - Platform SRE
actionItems:
  - title: "Canary CDN changes in one region first"
    owner: platform-sre
    due: 2025-07-18
    status: done
contributingFactors:
  - category: configuration
    description: "The cache rule's path pattern matched API paths, and no test covered them."
---

## Executive Summary

A cache rule matched API paths, and checkout showed no shipping rates for 38 minutes.

## Business Impact

About 4,800 merchants saw no rates during the window.

## Root Cause

The path pattern was broader than intended, and no test covered API paths.

## Timeline

- 14:03 the change is applied
- 14:06 an alert fires on 401 responses
- 15:20 the service is back to normal

## Lessons Learned

### What went well

The alert on 401 responses paged the on-call engineer within three minutes.

### What went wrong

Rollback of the CDN configuration took half an hour.

### Where we got lucky

The change went out at a quiet hour.

## Action Items
`;

/** The valid postmortem; `n` makes titles differ. Its file name must start with `2025-06-10`. */
export function validPostmortem(n: number | string = 1): string {
  return VALID.replace('{n}', String(n));
}

/** Where `withBlock` puts its text: the first line after the Root Cause paragraph (1-based). */
export const BLOCK_LINE = VALID.split('\n').indexOf('## Root Cause') + 5;

/** The valid postmortem with `block` as a paragraph of its own at `BLOCK_LINE` (in Root Cause). */
export function withBlock(block: string, n: number | string = 1): string {
  return validPostmortem(n).replace('no test covered API paths.\n', `no test covered API paths.\n\n${block}\n`);
}
