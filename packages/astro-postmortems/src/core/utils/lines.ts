/** Maps string offsets to 1-based line and column, in O(log n) per lookup. */
import { lastAtMost } from './sorted.ts';

export interface Point {
  line: number;
  column: number;
}

export class LineIndex {
  readonly #starts: number[];
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // A lone `\r` (old Mac line endings) ends a line too, as it does for the MDX parser: keep both in step.
    if (text.includes('\r')) {
      for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      starts.sort((a, b) => a - b);
    }
    this.#starts = starts;
  }
  point(offset: number): Point {
    const starts = this.#starts;
    // An offset between the `\r` and the `\n` of a CRLF (a limit cut there) is the line ending's own place, the `\r`.
    if (offset > 0 && this.#text.charCodeAt(offset) === 10 && this.#text.charCodeAt(offset - 1) === 13) offset--;
    const line = lastAtMost(starts, offset);
    return { line: line + 1, column: offset - starts[line]! + 1 };
  }
  /** The offset of a point (the inverse of `point`); a line past the end maps to the end of the text's last line start. */
  offset(point: Point): number {
    const starts = this.#starts;
    return (starts[Math.min(Math.max(point.line, 1), starts.length) - 1] ?? 0) + point.column - 1;
  }
  get lineCount(): number {
    return this.#starts.length;
  }
}
