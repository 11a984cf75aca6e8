import { runFormatDoc } from '../src/cli/format-doc.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runFormatDoc(process.argv.slice(2), processIo(false));
