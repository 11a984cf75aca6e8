/**
 * The action-item figures, defined once: the home page, the action items page,
 * the stats page and its digest all show these, counted by `completion`
 * (`lib/stats.ts`) over the same items, so the same content gives the same
 * numbers everywhere. Every action item of every postmortem on the site
 * counts, near misses' included: a promise made after a near miss is still a
 * promise to follow through.
 */
import { percent, type Completion } from './stats.ts';

export type FigureKey = 'open' | 'in-progress' | 'overdue' | 'done' | 'wont-do' | 'completion';

export interface Figure {
  /** Stable name (`data-figure` on the page; the test compares pages by it). */
  key: FigureKey;
  label: string;
  value: string;
  /** Drawn as an alarm (overdue items exist). */
  danger: boolean;
}

/** The six figures, in the order every page shows them (six tiles fill rows of 2, 3 or 6: none is left alone). */
export function actionItemFigures(c: Completion): Figure[] {
  const n = (v: number) => v.toLocaleString('en-US');
  return [
    { key: 'open', label: 'Open', value: n(c.open), danger: false },
    { key: 'in-progress', label: 'In progress', value: n(c.inProgress), danger: false },
    { key: 'overdue', label: 'Overdue', value: n(c.overdue), danger: c.overdue > 0 },
    { key: 'done', label: 'Done', value: n(c.done), danger: false },
    { key: 'wont-do', label: "Won't do", value: n(c.wontDo), danger: false },
    { key: 'completion', label: 'Completion', value: percent(c.rate), danger: false },
  ];
}

/** How completion and overdue are counted, in one sentence shown beside the figures. */
export function figuresNote(c: Completion, today: string): string {
  const committed = c.total - c.wontDo;
  return `Completion is done ÷ every item except won't do (${c.done.toLocaleString('en-US')} of ${committed.toLocaleString('en-US')}); overdue means open or in progress and past its due date on ${today}.`;
}
