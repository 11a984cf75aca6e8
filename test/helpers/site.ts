/**
 * Builds a real copy of this site around fixture postmortems (the copy itself
 * is `scripts/shared/site-copy.ts`, shared with the benchmark), and runs tools in it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BIN, toolEnv } from '../../scripts/shared/site-copy.ts';

export {
  BIN,
  CLI,
  createSite,
  ENGINE_DIR,
  SITE_ENTRIES,
  FIXTURE_CONFIG,
  FIXTURE_REPOSITORY,
  linkNodeModules,
  ROOT,
  toolEnv,
  type FixtureSite,
  type SiteOptions,
} from '../../scripts/shared/site-copy.ts';

export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command from node_modules/.bin with the project's Node 22 first on PATH. */
export function run(dir: string, bin: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(join(BIN, bin), args, {
      cwd: dir,
      env: toolEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

export function build(dir: string, env: Record<string, string> = {}): Promise<RunResult> {
  return run(dir, 'astro', ['build'], env);
}

/** A complete, valid postmortem; `patch` edits its text. */
export function validPostmortem(patch: (text: string) => string = (t) => t): string {
  return patch(`---
title: Checkout latency after cache flush
severity: P3
status: published
incident:
  started: 2024-03-02T10:00:00Z
  detected: 2024-03-02T10:05:00Z
  mitigated: 2024-03-02T10:30:00Z
  resolved: 2024-03-02T11:00:00Z
services: [checkout-api]
authors: [sre-team]
actionItems:
  - title: Warm the cache before flushing
    owner: platform-team
    due: 2099-01-01
---

## Executive Summary

A cache flush slowed checkout for an hour.

## Business Impact

Checkout p99 latency rose to 4 s for 60 minutes.

## Root Cause

1. Why was checkout slow? Because every request missed the cache.
2. Why? Because the whole cache was flushed at once.

## Timeline

- **10:00** Cache flushed.
- **10:05** Latency alert fired.

## Lessons Learned

### What went well

The latency alert paged on-call within five minutes.

### What went wrong

The flush had no staged rollout.

### Where we got lucky

Traffic was low.

## Action Items
`);
}
