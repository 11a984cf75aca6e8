/** A fake terminal for the real @clack/prompts, shared by the tests of `new` and `init`. */
import { PassThrough, Writable } from 'node:stream';

/**
 * Each step waits until `when` is on the screen, then types `keys`. Typing ahead would be lost between prompts,
 * as on a real terminal.
 */
export function terminal(script: Array<[when: string, keys: string]>) {
  const input = new PassThrough();
  let screen = '';
  let step = 0;
  let seen = 0;
  const output = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        screen += String(chunk);
        const next = script[step];
        if (next) {
          const at = screen.indexOf(next[0], seen);
          if (at !== -1) {
            seen = at + next[0].length;
            step++;
            setImmediate(() => input.write(next[1]));
          }
        }
        done();
      },
    }),
    // Wide enough that clack never wraps a message the script waits for.
    { columns: 500, rows: 60, isTTY: true },
  );
  return { input, output, screen: () => screen, done: () => step === script.length };
}
