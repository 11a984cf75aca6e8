/**
 * A timeline entry is one line of prose. Text from a source is made into one:
 * control characters, bidirectional overrides (which can make a line read
 * differently from what it holds) and zero-width characters are dropped, every
 * run of white space (line breaks included) becomes one space, and a long
 * message is cut at a word with `…`, so the entry stays reviewable.
 */
import type { Inline } from './event.ts';
import { LIMITS } from './limits.ts';

// C0 and C1 controls, bidi embeddings/overrides/isolates, zero-width and invisible formatting characters.
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function cleanText(value: string): string {
  return value.replace(INVISIBLE, '').replace(/\s+/g, ' ');
}

/** Cleans every piece, trims the ends and cuts the whole to `max` visible characters; `truncated` when it cut. */
export function cleanInline(parts: readonly Inline[], max: number = LIMITS.entryChars): { parts: Inline[]; truncated: boolean } {
  const out: Inline[] = [];
  for (const p of parts) {
    if (p.type === 'text') {
      const value = cleanText(p.value);
      const prev = out.at(-1);
      if (prev?.type === 'text') prev.value += value;
      else if (value) out.push({ type: 'text', value });
    } else if (p.type === 'code') {
      const value = cleanText(p.value).trim();
      if (value) out.push({ type: 'code', value });
    } else if (p.type === 'link')
      out.push({ type: 'link', url: p.url.replace(INVISIBLE, '').trim(), label: cleanText(p.label).trim() || p.url });
    else out.push(p);
  }
  // Trim the ends and collapse spaces across pieces.
  const first = out[0];
  if (first?.type === 'text') first.value = first.value.trimStart();
  const last = out.at(-1);
  if (last?.type === 'text') last.value = last.value.trimEnd();
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1]!;
    const b = out[i]!;
    if (a.type === 'text' && b.type === 'text') {
      a.value += b.value;
      out.splice(i--, 1);
    }
  }
  const kept = out.filter((p) => p.type !== 'text' || p.value !== '');
  let budget = max;
  const cut: Inline[] = [];
  let truncated = false;
  for (const p of kept) {
    const length = p.type === 'text' || p.type === 'code' ? p.value.length : p.type === 'link' ? p.label.length : 12;
    if (length <= budget) {
      cut.push(p);
      budget -= length;
      continue;
    }
    truncated = true;
    if ((p.type === 'text' || p.type === 'code') && budget > 20) {
      const slice = p.value.slice(0, budget);
      const space = slice.lastIndexOf(' ');
      const kept = (space > budget / 2 ? slice.slice(0, space) : slice).trimEnd();
      cut.push(p.type === 'code' ? { type: 'code', value: kept } : { type: 'text', value: kept }, { type: 'text', value: '…' });
    } else cut.push({ type: 'text', value: cut.length ? ' …' : '…' });
    break;
  }
  return { parts: cut, truncated };
}
