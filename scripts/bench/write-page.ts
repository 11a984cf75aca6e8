/**
 * `npm run bench:write`: how soon the writing page's messages follow a keystroke on a 30 KB postmortem (issue 24's
 * target: 150 ms), measured in the browser by the page's own performance marks (`write:update:<n>`, from the
 * input event to the messages shown), on a built copy of the site served by `astro preview`.
 *
 * The body is real prose: the test suite's sample postmortems' bodies, the first whole and the others as appendix
 * sections, to 30 KB. A person types a sentence at the end, one key every `--interval` ms (default 200); each
 * keystroke's figure is kept, with the worker's own time for the parse and the rules (`data-check-ms`). Also
 * printed: the load average, since a figure taken on a loaded machine is not the page's.
 *
 * Options: `--keys N` (default 40), `--interval MS`, `--blame` (the body also holds issue 22's blaming sentences, so
 * blameless/blame's language library is fetched and its tagger runs on every keystroke, the page's worst case).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from '../shared/browser.ts';
import { BIN, createSite, FIXTURE_REPOSITORY, toolEnv } from '../shared/site-copy.ts';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '40' },
    interval: { type: 'string', default: '200' },
    blame: { type: 'boolean', default: false },
  },
});
const keys = Number(values.keys);
const interval = Number(values.interval);

function body30k(): string {
  const dir = join(FIXTURE_REPOSITORY, 'postmortems');
  const bodies = readdirSync(dir)
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return text.slice(text.indexOf('\n---', 3) + 5);
    });
  let body = bodies[0]!;
  if (values.blame)
    body += `\n## Appendix 0\n\nBob's mistake caused the outage. The engineer failed to follow the runbook. John should have checked the config.\n`;
  for (let k = 1; body.length < 30_000; k++) body += `\n## Appendix ${k}\n\n${bodies[k % bodies.length]!.replace(/^## /gm, '### ')}`;
  return body;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const site = createSite({}, { samples: true });
const env = { ...toolEnv({ POSTMORTEMS_SEARCH: 'off' }) };
try {
  process.stdout.write('building the site…\n');
  const built = await new Promise<number | null>((resolve) =>
    spawn(join(BIN, 'astro'), ['build'], { cwd: site.dir, env, stdio: 'ignore' }).on('close', resolve),
  );
  if (built !== 0) throw new Error('astro build failed');
  const port = await freePort();
  const preview = spawn(join(BIN, 'astro'), ['preview', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: site.dir,
    env,
    stdio: 'ignore',
  });
  try {
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`${origin}/`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const browser = await launch();
    const page = await browser.newPage();
    await page.goto(`${origin}/write/`);
    await page.waitForFunction(() => !!document.querySelector<HTMLFormElement>('form[data-write]')?.dataset['checked'], null, {
      timeout: 120_000,
    });
    await page.fill('#w-title', 'Degraded storage on postgres-primary led to a slow failover');
    await page.fill('#w-services', 'postgres-primary, checkout-api');
    await page.fill('#w-authors', 'Database Reliability');
    await page.fill('#w-body', body30k());
    const settle = () =>
      page.waitForFunction(
        () => {
          const form = document.querySelector<HTMLFormElement>('form[data-write]')!;
          return (
            Number(form.dataset['checked']) === performance.getEntriesByType('mark').filter((m) => m.name.startsWith('write:input:')).length
          );
        },
        null,
        { timeout: 180_000 },
      );
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    await settle();
    const size = (await page.inputValue('[data-write-text]')).length;
    await page.evaluate(() => performance.clearMeasures());
    await page.click('#w-body');
    await page.keyboard.press('Control+End');
    const sentence = ' The replica lag was visible in the dashboard but no alert watched it.'.repeat(3).slice(0, keys);
    const checkMs: number[] = [];
    const before = loadavg()[0]!;
    for (const ch of sentence) {
      await page.keyboard.type(ch);
      await new Promise((r) => setTimeout(r, interval));
      checkMs.push(Number(await page.evaluate(() => document.querySelector<HTMLFormElement>('form[data-write]')!.dataset['checkMs'])));
    }
    await settle();
    const updates = (
      await page.evaluate(() =>
        performance
          .getEntriesByType('measure')
          .filter((m) => m.name.startsWith('write:update:'))
          .map((m) => m.duration),
      )
    ).sort((a, b) => a - b);
    const checks = checkMs.filter(Number.isFinite).sort((a, b) => a - b);
    const row = (name: string, xs: number[]) =>
      `${name.padEnd(34)} median ${percentile(xs, 0.5).toFixed(0).padStart(4)} ms   p90 ${percentile(xs, 0.9).toFixed(0).padStart(4)} ms   max ${xs.at(-1)!.toFixed(0).padStart(4)} ms`;
    process.stdout.write(
      [
        `writing page, ${size.toLocaleString('en-US')}-character file${values.blame ? ' with blaming sentences (the tagger runs)' : ''}, ${sentence.length} keystrokes ${interval} ms apart (${updates.length} updates shown)`,
        row('keystroke → messages shown', updates),
        row('parse + rules in the worker', checks),
        `load average ${before.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores; target: 150 ms`,
        '',
      ].join('\n'),
    );
    await browser.close();
  } finally {
    preview.kill();
  }
} finally {
  rmSync(site.dir, { recursive: true, force: true });
}
