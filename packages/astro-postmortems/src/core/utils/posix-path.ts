/**
 * `/`-separated path arithmetic as Node's `path.posix` does it (`dirname`, `join` then `normalize`), with no Node
 * module, so that the rules that resolve a relative image run in a browser too. A property test holds these to
 * Node's own functions on arbitrary strings (test/posix-path.test.ts).
 */

/** `path.posix.dirname`. */
export function posixDirname(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  let end = -1;
  let trailing = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === '/') {
      if (!trailing) {
        end = i;
        break;
      }
    } else trailing = false;
  }
  if (end === -1) return absolute ? '/' : '.';
  if (absolute && end === 1) return '//';
  return path.slice(0, end);
}

/** `path.posix.normalize`: `.` and empty segments dropped, `..` resolved, one trailing `/` kept. */
export function posixNormalize(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const trailing = path.endsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(segment);
  }
  const joined = out.join('/');
  if (joined === '') return absolute ? '/' : trailing ? './' : '.';
  return `${absolute ? '/' : ''}${joined}${trailing ? '/' : ''}`;
}

/** `path.posix.normalize(path.posix.join(a, b))`. */
export function posixJoinNormalized(a: string, b: string): string {
  const joined = [a, b].filter((p) => p !== '').join('/');
  return posixNormalize(joined === '' ? '.' : joined);
}
