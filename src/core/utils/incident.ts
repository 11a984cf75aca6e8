/** Figures derived from a postmortem's frontmatter, shared by pages, feeds and reports. */
import type { ActionItem, Frontmatter } from '../frontmatter-schema.ts';
import { instant } from './time.ts';

export interface IncidentDurations {
  /** started → detected */
  detect?: number;
  /** started → mitigated */
  mitigate?: number;
  /** started → resolved */
  resolve?: number;
}

export function durations(incident: Frontmatter['incident']): IncidentDurations {
  const start = instant(incident.started);
  const since = (t: string | undefined) => (t ? instant(t) - start : undefined);
  const out: IncidentDurations = {};
  const detect = since(incident.detected);
  const mitigate = since(incident.mitigated);
  const resolve = since(incident.resolved);
  if (detect !== undefined) out.detect = detect;
  if (mitigate !== undefined) out.mitigate = mitigate;
  if (resolve !== undefined) out.resolve = resolve;
  return out;
}

export function isOpen(item: Pick<ActionItem, 'status'>): boolean {
  return item.status === 'open' || item.status === 'in-progress';
}

export function isOverdue(item: Pick<ActionItem, 'status' | 'due'>, today: string): boolean {
  return isOpen(item) && item.due < today;
}

/**
 * The first paragraph of the Executive Summary as plain text, for lists and
 * feeds when `summary` is absent.
 */
export function summaryFromBody(body: string): string {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+executive\s+summary(?:\s*#+)?$/i.test(l.trim()));
  if (start === -1) return '';
  const para: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line)) break;
    if (!line.trim()) {
      if (para.length) break;
      continue;
    }
    para.push(line.trim());
  }
  return plainText(para.join(' '));
}

/** Strips the common inline Markdown so text reads cleanly in lists and meta tags. */
export function plainText(markdown: string): string {
  return markdown
    // Classes stop at the next opener too, so each pattern runs in linear time on hostile text (`[[[[…`).
    .replace(/!\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .replace(/(\*\*|__|\*|_|`|~~)/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
