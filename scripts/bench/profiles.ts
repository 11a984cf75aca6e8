/**
 * Reads V8 CPU profiles (`.cpuprofile`, from `node --cpu-prof` or `node:inspector`) and says where their time went:
 * per profile, and per function across all of them, by self time (the function's own samples) and, for the
 * functions a pattern names, by inclusive time (its samples and those of everything it called). Idle time and the
 * inspector's own calls are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds sampled in each profile (its file name without `.cpuprofile`), largest first. */
  profiles: [name: string, ms: number][];
  /** Milliseconds of self time per function (`name file:line`), largest first. */
  self: [fn: string, ms: number][];
  /** Milliseconds of inclusive time of the functions `inclusive` matched, largest first. */
  inclusive: [fn: string, ms: number][];
}

const IDLE = new Set(['(idle)']);

/** `name file:line`, the file shortened to what follows the last `node_modules/` or the project's folder. */
function label({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const file = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(packages|scripts|test)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

const sorted = (map: Map<string, number>): [string, number][] =>
  [...map].map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]);

/** Summarises every `.cpuprofile` in `dir`; `inclusive` picks the functions (by their label) to total with their callees. */
export function summarizeProfiles(dir: string, inclusive?: RegExp): ProfileSummary {
  const perProfile = new Map<string, number>();
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
    let sampled = 0;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id)!;
      const us = profile.timeDeltas[i] ?? 0;
      if (IDLE.has(node.callFrame.functionName) || node.callFrame.url.startsWith('node:inspector')) return;
      sampled += us;
      const own = label(node.callFrame);
      self.set(own, (self.get(own) ?? 0) + us);
      if (!inclusive) return;
      // Each function once per sample, however deep its recursion.
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const fn = label(byId.get(at)!.callFrame);
        if (seen.has(fn) || !inclusive.test(fn)) continue;
        seen.add(fn);
        total.set(fn, (total.get(fn) ?? 0) + us);
      }
    });
    perProfile.set(name.replace(/\.cpuprofile$/, ''), sampled);
  }
  return { profiles: sorted(perProfile), self: sorted(self), inclusive: sorted(total) };
}
