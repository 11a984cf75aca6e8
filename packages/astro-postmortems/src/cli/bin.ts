#!/usr/bin/env node
// The `postmortems` binary (package.json `bin`); the commands are in main.ts.
import { displayBlock, displayText } from '../core/terminal-text.ts';
import { processIo } from './common.ts';
import { main } from './main.ts';

try {
  process.exitCode = await main(process.argv.slice(2), processIo());
} catch (error) {
  // A failure of the tool itself: its message can quote a file name or content (an I/O error names the path), so
  // it is shown like any value, and the stack (the engine's own frames) follows for a bug report. Exit 1, as Node
  // gives an unhandled rejection.
  const { message = String(error), stack = '' } = error instanceof Error ? error : {};
  const frames = stack.includes('\n    at ') ? stack.slice(stack.indexOf('\n    at ') + 1) : '';
  process.stderr.write(`postmortems: unexpected failure: ${displayText(message)}\n${frames ? `${displayBlock(frames)}\n` : ''}`);
  process.exitCode = 1;
}
