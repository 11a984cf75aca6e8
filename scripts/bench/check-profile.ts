/**
 * Where `check`'s time goes per file, in one thread: reading aside, the parse, each rule (by id), the schema and the
 * render step, over the benchmark's generated postmortems, each pass timed by the thread's CPU time. The first pass
 * includes V8's warm-up; the later ones are the steady cost a large repository pays per file.
 *
 *   node scripts/bench/check-profile.ts [--count 1000] [--passes 3]
 */
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { lintFile } from '../../packages/astro-postmortems/src/core/lint.ts';
import { parsePostmortem } from '../../packages/astro-postmortems/src/core/parse.ts';
import { indexRepository } from '../../packages/astro-postmortems/src/core/repository.ts';
import { rules } from '../../packages/astro-postmortems/src/core/rules/index.ts';
import renderPostmortem from '../../packages/astro-postmortems/src/integration/render-step.ts';
import { generatePostmortems } from './generate.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, passes: { type: 'string', default: '3' } } });
const count = Number(values.count);
const passes = Number(values.passes);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const files = generatePostmortems(count);
const config = resolveConfig({});
const repository = indexRepository(files.map((f) => f.path));
const perRule = new Map<string, number>();
for (const rule of rules) {
  const check = rule.check.bind(rule);
  (rule as { check: typeof rule.check }).check = (ctx) => {
    const t = cpu();
    try {
      check(ctx);
    } finally {
      perRule.set(rule.id, (perRule.get(rule.id) ?? 0) + cpu() - t);
    }
  };
}

for (let pass = 1; pass <= passes; pass++) {
  perRule.clear();
  let parse = 0;
  let lint = 0;
  let render = 0;
  const begun = cpu();
  for (const f of files) {
    let t = cpu();
    const file = parsePostmortem(f.path, f.text);
    parse += cpu() - t;
    t = cpu();
    const result = lintFile(file, { config, repository, root: '/nonexistent', today: '2026-12-01' });
    lint += cpu() - t;
    if (result.messages.some((m) => m.severity === 'error')) throw new Error(`${f.path}: ${JSON.stringify(result.messages[0])}`);
    t = cpu();
    await renderPostmortem(file, { root: '/nonexistent', config, options: { site: 'http://localhost:4321', base: '/' } });
    render += cpu() - t;
  }
  const total = cpu() - begun;
  const ms = (x: number) => (x / count).toFixed(3).padStart(7);
  const ruleSum = [...perRule.values()].reduce((a, b) => a + b, 0);
  console.log(
    `pass ${pass}: ${ms(total)} ms/file  parse ${ms(parse)}  lint ${ms(lint)} (rules ${ms(ruleSum)}, schema etc. ${ms(lint - ruleSum)})  render ${ms(render)}`,
  );
  for (const [id, t] of [...perRule].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${ms(t)} ${id}`);
}
