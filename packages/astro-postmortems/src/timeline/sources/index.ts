/**
 * Which reader a source needs, recognised from its content rather than its
 * name: a Slack export by its `channels.json`/`users.json` and day files, a
 * PagerDuty response by its `log_entries`, Opsgenie and Jira by their
 * records' fields, a CSV by its extension and header.
 */
import { relative, resolve } from 'node:path';
import { Budget, openSource } from '../archive.ts';
import { parseJson } from '../json.ts';
import { SourceError } from '../limits.ts';
import type { Zone } from '../zone.ts';
import { readCsv } from './csv.ts';
import { readOpsgenie } from './opsgenie.ts';
import { pagerDutyEntries, readPagerDuty } from './pagerduty.ts';
import { isSlackExport, readSlack, type SourceResult } from './slack.ts';

export type { SourceResult };

export interface ReadOptions {
  cwd: string;
  channel?: string | undefined;
  reactions?: readonly string[] | undefined;
  csvZone?: Zone | undefined;
}

export const SUPPORTED =
  'a Slack export (folder or .zip), PagerDuty log entries (.json), Opsgenie or Jira Service Management alert logs, incident timeline, issue changelog or comments (.json), or a CSV with time, who and what columns';

export async function readSources(inputs: readonly string[], options: ReadOptions): Promise<SourceResult[]> {
  const budget = new Budget();
  const results: SourceResult[] = [];
  for (const input of inputs) {
    const absolute = resolve(options.cwd, input);
    const label = relative(options.cwd, absolute).split('\\').join('/') || input;
    const archive = await openSource(absolute, label, budget);
    try {
      if (archive.kind !== 'file' && isSlackExport(archive)) {
        results.push(await readSlack(archive, { channel: options.channel, reactions: options.reactions }));
        continue;
      }
      if (archive.kind === 'zip')
        throw new SourceError(
          `${label}: a zip that is not a Slack export (no \`channels.json\` or \`users.json\` beside channel folders of day files); unzip it and give its files`,
        );
      const files = archive.files.filter((f) => !f.includes('/') && /\.(?:json|csv)$/i.test(f));
      if (!files.length) throw new SourceError(`${label}: nothing to read; expected ${SUPPORTED}`);
      for (const file of files) {
        const text = await archive.read(file);
        const name = archive.kind === 'file' ? label : file;
        if (/\.csv$/i.test(file)) {
          results.push(await readCsv(archive, name, text, options.csvZone));
          continue;
        }
        const data = parseJson(text, archive.kind === 'file' ? label : `${label}/${file}`);
        if (pagerDutyEntries(data)) {
          results.push(await readPagerDuty(archive, name, data));
          continue;
        }
        const ops = await readOpsgenie(archive, name, data);
        if (ops) {
          results.push(ops);
          continue;
        }
        const hint =
          Array.isArray(data) && data.some((m) => typeof m === 'object' && m !== null && 'ts' in m)
            ? '; it looks like one day of a Slack channel: give the whole export folder or zip instead'
            : '';
        throw new SourceError(
          `${archive.kind === 'file' ? label : `${label}/${file}`}: not a format this command reads${hint}; expected ${SUPPORTED}`,
        );
      }
    } finally {
      await archive.close();
    }
  }
  return results;
}
