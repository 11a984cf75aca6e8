/**
 * How people appear in the timeline, as the organisation configures it
 * (`timeline.people` in postmortems.config.ts, or `--people`):
 *
 * - `roles` (default, for a blameless record): the role configured for the
 *   person (`timeline.roles`, or `--role`), matched by Slack user id, handle,
 *   e-mail address or name; a person without one is `Responder 1`,
 *   `Responder 2`… in order of first appearance, and the report lists them so
 *   the roles can be completed. Integrations and services keep their names.
 * - `names`: the person's name as the source gives it.
 * - `handles`: `@handle`.
 *
 * An e-mail address is never shown: it only serves to match a role.
 */
import { cleanText } from './clean.ts';
import type { Inline, Person } from './event.ts';

/** First names that are also everyday words: never taken for a person on their own. */
const COMMON_WORDS = new Set([
  'will',
  'mark',
  'may',
  'june',
  'april',
  'august',
  'bill',
  'pat',
  'rob',
  'sue',
  'grant',
  'chase',
  'hope',
  'joy',
  'faith',
  'summer',
  'art',
  'max',
  'jack',
  'ray',
  'rose',
  'dawn',
  'sky',
  'page',
  'carter',
  'hunter',
  'drew',
  'gene',
  'guy',
  'jean',
  'miles',
  'neil',
  'nick',
  'frank',
  'lane',
  'long',
  'park',
  'young',
  'king',
  'case',
  'wade',
  'dean',
  'don',
  'sunny',
  'crystal',
  'amber',
  'ivy',
  'iris',
  'rich',
  'glen',
  'van',
  'penny',
  'robin',
  'sage',
  'reed',
  'ash',
  'cliff',
  'heath',
  'holly',
  'june',
]);

export type PeopleMode = 'names' | 'handles' | 'roles';
export const PEOPLE_MODES: readonly PeopleMode[] = ['roles', 'names', 'handles'];

export class People {
  readonly #roles: Map<string, string>;
  readonly #numbers = new Map<string, number>();
  readonly #unmapped = new Map<string, Person>();
  /** Person key → the key of the first person known to be the same (same e-mail address, or same full name). */
  readonly #same = new Map<string, string>();
  /** Group key → every person in it, for matching a role configured by any of their ids. */
  readonly #groups = new Map<string, Person[]>();
  readonly mode: PeopleMode;
  constructor(mode: PeopleMode, roles: Iterable<[string, string]> = []) {
    this.mode = mode;
    this.#roles = new Map([...roles].map(([who, role]) => [who.trim().replace(/^@/, '').toLowerCase(), role.trim()]));
  }

  /**
   * Tells the same person apart across sources (a Slack user and a PagerDuty user): the same e-mail address,
   * or the same full name of two words or more. Call with everyone before `display`.
   */
  learn(persons: Iterable<Person>): void {
    const byIdentity = new Map<string, string>();
    for (const p of persons) {
      if (p.kind !== 'person' || this.#same.has(p.key)) continue;
      const ids = [
        p.email && `email:${p.email.toLowerCase()}`,
        p.name && /\S\s+\S/.test(p.name) ? `name:${p.name.toLowerCase().replace(/\s+/g, ' ')}` : undefined,
      ].filter((k): k is string => !!k);
      const group = ids.map((k) => byIdentity.get(k)).find((g) => g !== undefined) ?? p.key;
      for (const k of ids) if (!byIdentity.has(k)) byIdentity.set(k, group);
      this.#same.set(p.key, group);
      this.#groups.set(group, [...(this.#groups.get(group) ?? []), p]);
    }
  }

  #group(p: Person): string {
    return this.#same.get(p.key) ?? p.key;
  }

  #role(p: Person): string | undefined {
    for (const q of this.#groups.get(this.#group(p)) ?? [p]) {
      for (const k of [q.id, q.handle, q.email, q.name, q.key]) {
        const role = k ? this.#roles.get(k.replace(/^@/, '').toLowerCase()) : undefined;
        if (role) return role;
      }
    }
    return undefined;
  }

  /** How `p` reads in an entry: one line of plain text. */
  display(p: Person): string {
    return cleanText(this.#display(p)).trim() || 'someone';
  }

  #display(p: Person): string {
    if (p.kind !== 'person') return this.#role(p) ?? p.name ?? p.handle ?? 'an integration';
    const role = this.#role(p);
    if (this.mode === 'roles') {
      if (role) return role;
      const group = this.#group(p);
      let n = this.#numbers.get(group);
      if (n === undefined) {
        n = this.#numbers.size + 1;
        this.#numbers.set(group, n);
        this.#unmapped.set(group, p);
      }
      return `Responder ${n}`;
    }
    if (this.mode === 'handles') return p.handle ? `@${p.handle}` : (p.name ?? 'a responder');
    return p.name ?? p.handle ?? 'a responder';
  }

  /** People shown as `Responder N` for want of a role, in order, with the keys a role can be configured by. */
  unmapped(): { shown: string; persons: Person[] }[] {
    return [...this.#unmapped.entries()].map(([group, person]) => ({
      shown: `Responder ${this.#numbers.get(group)}`,
      persons: this.#groups.get(group) ?? [person],
    }));
  }

  /**
   * In `roles` mode, people's names written out in a message ("Tim Wright restarted it", "@tim") are
   * replaced too, for the people this run knows: full names of two words or more and `@handles`, matched
   * as whole words. Returns the pieces and how many names it replaced.
   */
  replaceNames(parts: readonly Inline[], known: readonly Person[]): { parts: Inline[]; replaced: number } {
    if (this.mode !== 'roles') return { parts: [...parts], replaced: 0 };
    const byText = new Map<string, Person>();
    const firstNames = new Map<string, Person | null>();
    for (const p of known) {
      if (p.kind !== 'person') continue;
      if (p.name && /\S\s+\S/.test(p.name) && p.name.length >= 5) {
        byText.set(p.name.toLowerCase(), p);
        const first = p.name.split(/\s+/)[0]!;
        const group = this.#group(p);
        const seen = firstNames.get(first);
        // A first name stands for a person only when one person of this run has it.
        firstNames.set(first, seen === undefined || (seen && this.#group(seen) === group) ? p : null);
      }
      if (p.handle && p.handle.length >= 3) byText.set(`@${p.handle.toLowerCase()}`, p);
    }
    const firsts = new Map(
      [...firstNames].filter(
        (e): e is [string, Person] => !!e[1] && e[0].length >= 3 && /^\p{Lu}\p{Ll}+$/u.test(e[0]) && !COMMON_WORDS.has(e[0].toLowerCase()),
      ),
    );
    if (!byText.size) return { parts: [...parts], replaced: 0 };
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    const words = (keys: Iterable<string>, flags: string) =>
      new RegExp(
        `(?<![\\p{L}\\p{N}_@])(?:${[...keys]
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join('|')})(?![\\p{L}\\p{N}_])`,
        flags,
      );
    let replaced = 0;
    const swap = (list: readonly Inline[], pattern: RegExp, lookup: (match: string) => Person | undefined): Inline[] => {
      const out: Inline[] = [];
      for (const part of list) {
        if (part.type !== 'text') {
          out.push(part);
          continue;
        }
        let last = 0;
        for (const m of part.value.matchAll(pattern)) {
          const person = lookup(m[0]);
          if (!person) continue;
          if (m.index > last) out.push({ type: 'text', value: part.value.slice(last, m.index) });
          out.push({ type: 'person', person });
          replaced++;
          last = m.index + m[0].length;
        }
        if (last < part.value.length) out.push({ type: 'text', value: part.value.slice(last) });
      }
      return out;
    };
    // Full names and handles in any case; first names only capitalised, as names are written.
    let out = swap(parts, words(byText.keys(), 'giu'), (m) => byText.get(m.toLowerCase().replace(/\s+/g, ' ')));
    if (firsts.size) out = swap(out, words(firsts.keys(), 'gu'), (m) => firsts.get(m));
    return { parts: out, replaced };
  }
}
