/**
 * Builds a real copy of this site around fixture postmortems, in a temp
 * folder, with the project's own sources and packages but its own caches.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'node_modules/.bin');

export interface FixtureSite {
  dir: string;
  write(path: string, text: string): void;
}

/** The test suite's own repository: its postmortems and its configuration (never the checkout's). */
export const FIXTURE_REPOSITORY = join(ROOT, 'test/fixtures/repository');
export const FIXTURE_CONFIG = join(FIXTURE_REPOSITORY, 'postmortems.config.ts');

/** The engine: what a temporary site copies from the checkout. Content (`postmortems/`, the configuration) is never copied. */
export const ENGINE_ENTRIES = ['src', 'public', 'docs', 'astro.config.mjs', 'tsconfig.json', 'package.json'];

/**
 * Gives `dir` its own `node_modules` folder whose entries link to the
 * project's packages, leaving out the caches (`.astro`, `.vite`, `.cache`):
 * Astro's data store and Vite's dependency cache then live inside `dir`, so a
 * temporary site never reads or writes the checkout's caches.
 */
export function linkNodeModules(dir: string): void {
  const target = join(dir, 'node_modules');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite' || entry === '.cache' || entry === '.package-lock.json') continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(target, entry));
  }
}

export interface SiteOptions {
  /** Copy the test suite's sample postmortems (`test/fixtures/repository/postmortems`). */
  samples?: boolean;
  /** Text of the site's `postmortems.config.ts`; the test suite's own configuration by default. */
  config?: string;
}

/**
 * A site folder in a temp directory with the project's engine, the test
 * suite's configuration and the given files (paths relative to the site
 * root). It has its own `node_modules` of links (see `linkNodeModules`), so
 * its caches, `dist/` and `postmortems/` are its own.
 */
export function createSite(files: Record<string, string> = {}, options: SiteOptions = {}): FixtureSite {
  const dir = mkdtempSync(join(tmpdir(), 'pm-site-'));
  for (const entry of ENGINE_ENTRIES) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  writeFileSync(join(dir, 'postmortems.config.ts'), options.config ?? readFileSync(FIXTURE_CONFIG, 'utf8'));
  linkNodeModules(dir);
  mkdirSync(join(dir, 'postmortems'), { recursive: true });
  if (options.samples) cpSync(join(FIXTURE_REPOSITORY, 'postmortems'), join(dir, 'postmortems'), { recursive: true });
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
