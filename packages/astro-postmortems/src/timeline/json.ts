/**
 * JSON from an export, parsed so that its keys can never reach a prototype:
 * `__proto__` keys are dropped while parsing (a later spread or assignment
 * could otherwise turn them into a prototype), and readers take fields through
 * `field()`, which sees own properties only, so a message without `text` never
 * yields `Object.prototype.toString`. Lookups keyed by data (user ids, channel
 * names) use `Map`, never an object.
 */
import { SourceError } from './limits.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const dropProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

/** Parses `text` (a byte-order mark is allowed); a syntax error becomes a `SourceError` naming `where`. */
export function parseJson(text: string, where: string): Json {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, dropProto) as Json;
  } catch (error) {
    if (error instanceof RangeError) throw new SourceError(`${where}: refused, its JSON is nested too deeply to be an export`);
    const reason = (error as Error).message.split('\n')[0]!.slice(0, 160);
    throw new SourceError(`${where}: not valid JSON (${reason}); export it again, or check that the file is complete`);
  }
}

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An own property of a JSON object, or `undefined`. */
export function field(o: unknown, key: string): Json | undefined {
  return isObject(o) && Object.hasOwn(o, key) ? o[key] : undefined;
}

export function str(o: unknown, key: string): string | undefined {
  const v = field(o, key);
  return typeof v === 'string' ? v : undefined;
}

export function arr(o: unknown, key: string): Json[] {
  const v = field(o, key);
  return Array.isArray(v) ? v : [];
}

export function obj(o: unknown, key: string): JsonObject | undefined {
  const v = field(o, key);
  return isObject(v) ? v : undefined;
}
