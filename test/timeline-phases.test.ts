import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { annotateTimeline, placeInArticle, prepareFactorsBlock } from '../packages/astro-postmortems/src/integration/article-places.ts';
import { renderBody } from '../packages/astro-postmortems/src/integration/render.ts';
import { configSchema } from '../packages/astro-postmortems/src/core/config.ts';
import { parsePostmortem } from '../packages/astro-postmortems/src/core/parse.ts';
import { phaseFigure } from '../packages/astro-postmortems/src/lib/timeline-figure.ts';
import { milestones, phaseAt, phases } from '../packages/astro-postmortems/src/integration/timeline-phases.ts';
import { entryAt, statedOffset } from '../packages/astro-postmortems/src/core/rules/timeline-order.ts';

const incident = {
  started: '2025-06-10T14:03:00Z',
  detected: '2025-06-10T14:06:00Z',
  mitigated: '2025-06-10T14:41:00Z',
  resolved: '2025-06-10T16:20:00Z',
};
const at = (iso: string) => Date.parse(iso);
/** The body's tree as the engine parses it (MDX, as the renderer receives it). */
const fromMarkdown = (md: string): Root => parsePostmortem('postmortems/2025-06-10-x.mdx', md).tree!;

describe('timeline phases', () => {
  it('are bounded by the milestones, each named by the milestone that ends it', () => {
    expect(phases(incident).map((p) => [p.key, p.duration])).toEqual([
      ['detection', '3 min'],
      ['response', '35 min'],
      ['recovery', '1 h 39 min'],
    ]);
  });
  it('merge a missing milestone into the next phase', () => {
    const { detected: _, ...noDetection } = incident;
    expect(phases(noDetection as typeof incident).map((p) => p.key)).toEqual(['response', 'recovery']);
  });
  it('place an instant: a milestone starts the phase after it', () => {
    expect(phaseAt(at('2025-06-10T13:58:00Z'), incident)).toBe('before');
    expect(phaseAt(at('2025-06-10T14:03:00Z'), incident)).toBe('detection');
    expect(phaseAt(at('2025-06-10T14:06:00Z'), incident)).toBe('response');
    expect(phaseAt(at('2025-06-10T15:10:00Z'), incident)).toBe('recovery');
    expect(phaseAt(at('2025-06-10T16:20:00Z'), incident)).toBe('recovery');
    expect(phaseAt(at('2025-06-10T17:00:00Z'), incident)).toBe('after');
    expect(phaseAt(at('2025-06-10T17:00:00Z'), { started: incident.started, detected: incident.detected } as typeof incident)).toBe(
      'detection',
    );
  });
  it('take the offset a Timeline states, when it states one a reader can use', () => {
    const stated = (sentence: string) => statedOffset(fromMarkdown(`## Timeline\n\n${sentence}\n\n- 09:00 x\n`).children.slice(1));
    expect(stated('All times UTC.')).toBe(0);
    expect(stated('All times are in GMT.')).toBe(0);
    expect(stated('All times CDT (UTC-05:00).')).toBe(-300);
    expect(stated('All times IST (UTC+05:30).')).toBe(330);
    expect(stated('All times UTC−4, as the responders saw them.')).toBe(-240);
    expect(stated('All times America/New_York (UTC-04:00; UTC-05:00 from 2026-11-01 01:00).')).toBe(-240);
    // A zone without its offset, or no statement: no offset a reader could use.
    expect(stated('All times Pacific.')).toBeUndefined();
    expect(stated('Times below are from the pager.')).toBeUndefined();
  });
  it('read an entry without a date on the start day, in the start offset', () => {
    expect(entryAt({ date: '', time: '14:09', offset: undefined }, '2025-06-10T15:03:00+01:00')).toBe(at('2025-06-10T13:09:00Z'));
    expect(entryAt({ date: '2025-06-11', time: '00:10', offset: 0 }, incident.started)).toBe(at('2025-06-11T00:10:00Z'));
  });
});

describe('the renderer and the page', () => {
  const md = `## Root Cause\n\nBecause.\n\n**Contributing factors**\n\n- Errors cached.\n\n## Timeline\n\nAll times UTC.\n\n- **2025-06-10 13:58** — Change merged.\n- **14:03** — Apply completes.\n- **14:06** — Probe pages on-call.\n- **14:41** — Purge complete. Mitigated.\n- **16:20** — Resolved.\n\n## Action Items\n\nBelow.\n`;
  const tree = () => fromMarkdown(md);

  it('marks each timed entry with its phase and the first of each phase with its name', async () => {
    const body = await renderBody(tree(), { config: configSchema.parse({}), imageUrl: (u) => u, incident });
    expect(body.timeline.map((p) => p.phase)).toEqual(['before', 'detection', 'response', 'recovery', 'recovery']);
    expect(body.timeline.map((p) => p.milestone)).toEqual([undefined, 'started', 'detected', 'mitigated', 'resolved']);
    expect(body.html).toContain('<ul class="tl-list">');
    expect(body.html.match(/data-phase-start="[^"]+"/g)).toEqual([
      'data-phase-start="Before impact"',
      'data-phase-start="Detection"',
      'data-phase-start="Response"',
      'data-phase-start="Recovery"',
    ]);
    // The author's factors paragraph became one heading over a marked list.
    expect(body.headings.map((h) => h.text)).toEqual(['Root Cause', 'Contributing factors', 'Timeline', 'Action Items']);
    expect(body.places.factorsList).toBeGreaterThan(0);
    expect(body.places.sections.map((s) => s.key)).toEqual(['root cause', 'timeline', 'action items']);
  });

  it('places the page parts at the recorded offsets, and a part without its section at the end', async () => {
    const body = await renderBody(tree(), { config: configSchema.parse({}), imageUrl: (u) => u, incident });
    const { html, placed } = placeInArticle(body.html, body.places, [
      { at: { section: 'Timeline', where: 'body' }, html: '<FIG>' },
      { at: 'factors-list', html: '<li>FACTOR</li>' },
      { at: { section: 'Action Items', where: 'end' }, html: '<TABLE>' },
      { at: { section: 'Lessons', where: 'end' }, html: '<LAST>' },
      { at: { section: 'Lessons', where: 'body' }, html: '<NEVER>' },
    ]);
    expect(placed).toEqual([true, true, true, true, false]);
    expect(html).toMatch(/<h2 id="timeline">Timeline<\/h2><FIG>/);
    expect(html).toMatch(/<ul data-factors="">\s*<li>FACTOR<\/li>/);
    expect(html).toMatch(/Below\.<\/p>\s*<TABLE><LAST>$/);
    expect(html).not.toContain('<NEVER>');
  });

  it("reads entries in the offset the Timeline states, not the start's, when they differ", async () => {
    // The frontmatter in New York's offset, the Timeline in UTC (as `timeline/milestones` reads it too).
    const local = {
      started: '2025-06-10T10:03:00-04:00',
      detected: '2025-06-10T10:06:00-04:00',
      mitigated: '2025-06-10T10:41:00-04:00',
      resolved: '2025-06-10T12:20:00-04:00',
    };
    const body = await renderBody(tree(), { config: configSchema.parse({}), imageUrl: (u) => u, incident: local });
    expect(body.timeline.map((p) => p.milestone)).toEqual([undefined, 'started', 'detected', 'mitigated', 'resolved']);
    // Without the statement, the entries are read in the start's offset: four hours late, all after the resolution.
    const unstated = fromMarkdown(md.replace('All times UTC.\n\n', ''));
    expect(annotateTimeline(unstated, 'Timeline', local).map((p) => p.phase)).toEqual(['after', 'after', 'after', 'after', 'after']);
  });

  it('leaves a document without a factors label alone', () => {
    const t = fromMarkdown('## Root Cause\n\n**Contributing factors** were many.\n\n- one\n');
    expect(prepareFactorsBlock(t)).toBe(false);
    expect(annotateTimeline(t, 'Timeline', incident)).toEqual([]);
  });
});

describe('the phase figure', () => {
  it('draws a bar per phase, a mark per milestone and a dot per entry, inside its width', () => {
    const points = [at('2025-06-10T13:58:00Z'), at('2025-06-10T14:03:00Z'), at('2025-06-10T16:20:00Z')].map((t) => ({
      at: t,
      phase: phaseAt(t, incident),
    }));
    for (const layout of ['wide', 'narrow'] as const) {
      const g = phaseFigure(incident, points, layout)!;
      expect(g.rects.map((r) => r.className)).toEqual(['phase phase-detection', 'phase phase-response', 'phase phase-recovery']);
      // The three-minute detection among two and a half hours is still drawn.
      expect(g.rects[0]!.width).toBeGreaterThanOrEqual(4);
      expect(g.lines.filter((l) => l.className === 'milestone')).toHaveLength(milestones(incident).length);
      expect(g.dots).toHaveLength(3);
      for (const l of g.labels) expect(l.x).toBeGreaterThan(0);
      for (const r of g.rects) expect(r.x + r.width).toBeLessThanOrEqual(g.width);
      expect(g.labels.length).toBeGreaterThanOrEqual(2);
    }
  });
  it('draws nothing from a single milestone', () => {
    expect(phaseFigure({ started: incident.started } as typeof incident, [], 'wide')).toBeUndefined();
  });
});
