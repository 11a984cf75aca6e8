import { runReportOverdue } from '../src/cli/report-overdue.ts';
import { processIo } from '../src/cli/common.ts';

process.exitCode = await runReportOverdue(process.argv.slice(2), processIo());
