/**
 * Builds a real copy of this site around fixture postmortems, in a temp
 * folder, with the project's own sources and node_modules.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'node_modules/.bin');

export interface FixtureSite {
  dir: string;
  write(path: string, text: string): void;
}

/** A site folder with the project's code and the given files (paths relative to the site root). */
export function createSite(files: Record<string, string> = {}, options: { samples?: boolean } = {}): FixtureSite {
  const dir = mkdtempSync(join(tmpdir(), 'pm-site-'));
  for (const entry of ['src', 'astro.config.mjs', 'postmortems.config.ts', 'tsconfig.json', 'package.json']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'postmortems'), { recursive: true });
  if (options.samples) cpSync(join(ROOT, 'postmortems'), join(dir, 'postmortems'), { recursive: true });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write };
}

export interface RunResult {
  code: number | null;
  output: string;
}

/** The environment for child tools: the project's Node 22 first on PATH, and none of vitest's own variables (Astro and Vite change behaviour under them). */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|VITE_|TEST$|NODE_ENV$|MODE$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, PATH: `${BIN}:${process.env['PATH']}`, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...extra };
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
