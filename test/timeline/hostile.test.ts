/**
 * Hostile sources: every one is refused or read safely, with a message naming
 * it; none crashes, hangs, pollutes a prototype, or reaches the output as
 * anything but escaped text.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plainText } from '../../packages/astro-postmortems/src/timeline/event.ts';
import { LIMITS } from '../../packages/astro-postmortems/src/timeline/limits.ts';
import { readSources } from '../../packages/astro-postmortems/src/timeline/sources/index.ts';
import { makeZip } from '../helpers/zip.ts';

const temps: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'timeline-hostile-'));
  temps.push(d);
  return d;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const channels = JSON.stringify([{ id: 'C1', name: 'inc' }]);
const day = (messages: unknown[]) => JSON.stringify(messages);
const message = (text: string, extra: object = {}) => ({
  type: 'message',
  user: 'U1',
  text,
  ts: '1793511871.000100',
  reactions: [{ name: 'eyes', users: ['U1'], count: 1 }],
  ...extra,
});

function zip(name: string, entries: Parameters<typeof makeZip>[0]): string {
  const file = join(temp(), name);
  writeFileSync(file, makeZip(entries));
  return file;
}

describe('zip archives', () => {
  it.each([
    ['../../../../tmp/evil.json', /entry named "..\/..\/..\/..\/tmp\/evil.json", a path that leaves the archive/],
    ['/etc/cron.d/evil', /entry named "\/etc\/cron.d\/evil", a path that leaves the archive/],
    ['inc\\..\\..\\evil.json', /entry named "inc\\\\..\\\\..\\\\evil.json", a path that leaves the archive/],
  ])('refuses a zip with an entry named %s, reading none of it', async (name, expected) => {
    const file = zip('traversal.zip', [
      { name: 'channels.json', data: channels },
      { name: 'inc/2026-11-01.json', data: day([message('hi')]) },
      { name, data: '[]' },
    ]);
    await expect(readSources([file], { cwd: '/' })).rejects.toThrow(expected);
  });

  it('refuses an entry that would inflate like a zip bomb, before inflating it', async () => {
    const file = zip('bomb.zip', [
      { name: 'channels.json', data: channels },
      { name: 'users.json', data: Buffer.alloc(20 * 1024 * 1024, 0x20) },
      { name: 'inc/2026-11-01.json', data: day([message('hi')]) },
    ]);
    await expect(readSources([file], { cwd: '/' })).rejects.toThrow(
      /users.json: refused, it would inflate \d+ times .* which only a zip bomb does/,
    );
  });

  it('refuses an entry that inflates past the size its headers claim', async () => {
    const file = zip('liar.zip', [
      { name: 'channels.json', data: channels },
      { name: 'users.json', data: `[${'{"id":"U9"},'.repeat(2000)}{"id":"U1"}]`, claimedSize: 100 },
      { name: 'inc/2026-11-01.json', data: day([message('hi')]) },
    ]);
    await expect(readSources([file], { cwd: '/' })).rejects.toThrow(/users.json: (?:inflates past its declared size|could not be read)/);
  });

  it('refuses an entry declared larger than the limit for one file', async () => {
    const file = zip('huge.zip', [
      { name: 'channels.json', data: channels },
      { name: 'users.json', data: '[]', claimedSize: LIMITS.fileBytes + 1 },
      { name: 'inc/2026-11-01.json', data: day([message('hi')]) },
    ]);
    await expect(readSources([file], { cwd: '/' })).rejects.toThrow(/users.json: inflates to 64 MB, over the 64 MB limit for one file/);
  });

  it('says a damaged zip is not readable', async () => {
    const file = join(temp(), 'broken.zip');
    writeFileSync(file, Buffer.from('PK\u0003\u0004 not really a zip'));
    await expect(readSources([file], { cwd: '/' })).rejects.toThrow(/broken.zip: not a readable zip file/);
  });
});

describe('folders and files', () => {
  it('refuses a file over the size limit without reading it', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'inc'));
    writeFileSync(join(dir, 'channels.json'), channels);
    writeFileSync(join(dir, 'users.json'), '');
    // A sparse file: as large as it claims, at no cost to the disk.
    truncateSync(join(dir, 'users.json'), LIMITS.fileBytes + 1);
    writeFileSync(join(dir, 'inc', '2026-11-01.json'), day([message('hi')]));
    await expect(readSources([dir], { cwd: '/' })).rejects.toThrow(/users.json: 64 MB, over the 64 MB limit for one file/);
  });

  it('never follows a symbolic link in an export folder, and says so', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'inc'));
    writeFileSync(join(dir, 'channels.json'), channels);
    writeFileSync(join(dir, 'secret.txt'), 'do not read');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'users.json'));
    writeFileSync(join(dir, 'inc', '2026-11-01.json'), day([message('hi')]));
    const [slack] = await readSources([dir], { cwd: '/' });
    // users.json was a link: not read, so the author is known by id only.
    expect(slack!.events[0]!.who).toMatchObject({ key: 'slack:U1', name: undefined });
  });

  it('refuses a source that is itself a symbolic link', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'real.json'), '{"log_entries": []}');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    await expect(readSources([join(dir, 'link.json')], { cwd: '/' })).rejects.toThrow(
      /a symbolic link; give the file or folder it points to/,
    );
  });

  it('refuses JSON nested too deeply, and text that is not UTF-8', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'deep.json'), `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    await expect(readSources([join(dir, 'deep.json')], { cwd: '/' })).rejects.toThrow(/nested too deeply/);
    await expect(readSources([join(dir, 'latin1.json')], { cwd: '/' })).rejects.toThrow(/not UTF-8 text/);
  });
});

describe('prototype keys', () => {
  it('reads JSON with __proto__, constructor and prototype keys without touching any prototype', async () => {
    const dir = temp();
    mkdirSync(join(dir, '__proto__'));
    writeFileSync(join(dir, 'channels.json'), '[{"id":"C1","name":"__proto__","__proto__":{"polluted":"channel"}}]');
    writeFileSync(
      join(dir, 'users.json'),
      '[{"id":"__proto__","name":"x","profile":{"real_name":"Proto User","__proto__":{"polluted":"user"}}},{"id":"constructor","profile":{"real_name":"Constructor User"}}]',
    );
    writeFileSync(
      join(dir, '__proto__', '2026-11-01.json'),
      day([
        message('from proto <@constructor>', {
          user: '__proto__',
          __proto__: { polluted: 'message' },
          constructor: { prototype: { polluted: 'ctor' } },
        }),
        { type: 'message', user: 'toString', text: 'no such user', ts: '1793511872.000100', reactions: [{ name: 'x' }] },
      ]),
    );
    const [slack] = await readSources([dir], { cwd: '/' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(slack!.label).toBe('Slack #__proto__');
    expect(slack!.events[0]!.who).toMatchObject({ id: '__proto__', name: 'Proto User' });
    expect(slack!.events[0]!.content).toContainEqual({
      type: 'person',
      person: expect.objectContaining({ id: 'constructor', name: 'Constructor User' }),
    });
    // `toString` is no user: a person known by id only, not Object.prototype.toString.
    expect(slack!.events[1]!.who).toMatchObject({ id: 'toString', name: undefined });
  });
});

describe('text', () => {
  it('drops control characters, escapes and bidirectional overrides from what it keeps', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'inc'));
    writeFileSync(join(dir, 'channels.json'), channels);
    writeFileSync(
      join(dir, 'inc', '2026-11-01.json'),
      day([message('ok \u001b[2J\u001b]0;pwned\u0007 done \u202Eevil\u202C \u200Bhidden\nsecond line')]),
    );
    const [slack] = await readSources([dir], { cwd: '/' });
    expect(plainText(slack!.events[0]!.content)).toBe('ok [2J]0;pwned done evil hidden second line');
  });

  it('keeps only http and https links; other schemes become text', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'inc'));
    writeFileSync(join(dir, 'channels.json'), channels);
    writeFileSync(
      join(dir, 'inc', '2026-11-01.json'),
      day([message('<javascript:alert(1)|click> <https://ok.example/a|fine> <file:///etc/passwd>')]),
    );
    const [slack] = await readSources([dir], { cwd: '/' });
    expect(slack!.events[0]!.content.filter((p) => p.type === 'link')).toEqual([
      { type: 'link', url: 'https://ok.example/a', label: 'fine' },
    ]);
    expect(plainText(slack!.events[0]!.content)).toBe('click fine file:///etc/passwd');
  });

  it('reads the fixture files it was given and nothing else', () => {
    // (Guard for the tests above: the fixtures they build are what they say.)
    expect(readFileSync(join(import.meta.dirname, '../fixtures/timeline/README.md'), 'utf8')).toMatch(/slack-export-viewer/);
  });
});
