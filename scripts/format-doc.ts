import { runFormatDoc } from '../packages/astro-postmortems/src/cli/format-doc.ts';
import { processIo } from '../packages/astro-postmortems/src/cli/common.ts';

process.exitCode = await runFormatDoc(process.argv.slice(2), processIo(false));
