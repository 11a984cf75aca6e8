/** The CPU profile summary of `npm run bench:tests` (scripts/bench/profiles.ts), on a real profile Node writes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeProfiles } from '../../scripts/bench/profiles.ts';

const dir = mkdtempSync(join(tmpdir(), 'pm-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('summarizeProfiles', () => {
  it('finds the function that used the time, by self time, and with its callees when asked', () => {
    const script = join(dir, 'burn.mjs');
    // `spin` does the work, `burnCpu` only calls it: its own time is small, its time with its callees is all of it.
    writeFileSync(
      script,
      'function spin(n) { let x = 0; for (let i = 0; i < n; i++) x += Math.sqrt(i); return x; }\n' +
        'function burnCpu() { let t = 0; for (let k = 0; k < 40; k++) t += spin(1e6); return t; }\n' +
        'console.log(burnCpu() > 0);\n',
    );
    // No inlining, so the optimiser cannot fold spin into burnCpu and move its samples there.
    execFileSync(process.execPath, ['--max-inlined-bytecode-size=0', '--cpu-prof', '--cpu-prof-dir', join(dir, 'profiles'), script]);
    const summary = summarizeProfiles(join(dir, 'profiles'), /^burnCpu /);
    expect(summary.profiles).toHaveLength(1);
    const [top] = summary.self;
    expect(top![0]).toMatch(/^spin .*burn\.mjs:1$/);
    const spin = summary.self.find(([fn]) => fn.startsWith('spin '))![1];
    expect(spin).toBeGreaterThan(0);
    expect(summary.inclusive.map(([fn]) => fn)).toEqual([expect.stringMatching(/^burnCpu .*burn\.mjs:2$/)]);
    // With its callees, burnCpu holds at least spin's time; the profile's total holds both.
    expect(summary.inclusive[0]![1]).toBeGreaterThanOrEqual(spin);
    expect(summary.profiles[0]![1]).toBeGreaterThanOrEqual(summary.inclusive[0]![1]);
  });
});
